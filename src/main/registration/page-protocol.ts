/**
 * What the main process sends to the page script and what it answers. Pure types: the page script (DOM, under
 * `page/`) and the Node side both import them, and they cross the process boundary as JSON (structured clone).
 */

export type ValueKind = 'text' | 'url' | 'secret';

export interface FieldQuery {
  /** Key in the answer (appId, clientSecret, …). */
  key: string;
  /** Visible label texts that name the value; compared after trimming, collapsing whitespace and lower-casing. */
  labels: readonly string[];
  kind: ValueKind;
  /** Extraction waits for required fields; optional ones (decoys read for comparison) are taken if present. */
  required: boolean;
  /** May the script press a "Show"/"Reveal" control next to the label to reveal this value? */
  reveal: boolean;
  /** Values are cut at maxLength + 1 characters inside the page; a longer value is reported as too long. */
  maxLength: number;
}

export interface ExtractRequest {
  mode: 'extract';
  fields: readonly FieldQuery[];
  /** Labels that end a label's region (every other field's and every decoy's label). */
  boundaryLabels: readonly string[];
  /** How long to watch the page (MutationObserver) for missing values before answering with what was found. */
  waitMs: number;
  /**
   * 'complete' (default): answer once every required value is found, or when waitMs runs out.
   * 'progress': answer as soon as a value not listed in `known` is found (the app's continuous page watch).
   */
  resolveOn?: 'complete' | 'progress';
  known?: readonly string[];
}

export interface TextFieldFill {
  labels: readonly string[];
  value: string;
}

export interface ScopeTick {
  /** Scope id, e.g. vso.code_write: a checkbox whose label contains it matches too. */
  id: string;
  labels: readonly string[];
}

export interface PrefillRequest {
  mode: 'prefill';
  textFields: readonly TextFieldFill[];
  scopes: readonly ScopeTick[];
  /** Sentences a register page uses to say it takes no new apps (lower case). */
  refusalPhrases: readonly string[];
  /** How long to wait for the form to render before deciding there is none. */
  waitMs: number;
}

export interface PickRequest {
  mode: 'pick';
  waitMs: number;
  maxLength: number;
}

export interface CancelPickRequest {
  mode: 'cancel-pick';
}

export type PageRequest = ExtractRequest | PrefillRequest | PickRequest | CancelPickRequest;

export interface FoundValue {
  /** At most maxLength + 1 characters. */
  value: string;
  /** The page held more than maxLength characters; `value` is only the start. */
  tooLong: boolean;
  /** Where it came from: an input's value, a link's href, text, or a grid column cell. */
  source: 'input' | 'href' | 'text' | 'column';
  /** Looks like a masked placeholder (dots or asterisks) rather than the value. */
  masked: boolean;
}

export interface ExtractAnswer {
  mode: 'extract';
  url: string;
  values: Record<string, FoundValue>;
  /** Keys whose "Show" control the script pressed. */
  revealed: string[];
  /** Milliseconds the last scan took (the benchmark reads it). */
  scanMs: number;
}

export interface PrefillAnswer {
  mode: 'prefill';
  url: string;
  formFound: boolean;
  /** The page's own sentence saying registrations are refused (text, at most 300 characters). */
  refusalText: string | null;
  /** Field label (as asked) → value that was set. */
  filled: Record<string, string>;
  missingFields: string[];
  /** Labels of every checkbox that is ticked after prefill. */
  ticked: string[];
  missingScopes: string[];
  /** Checked boxes next to the scopes that prefill unticked. */
  unticked: string[];
}

export interface PickAnswer {
  mode: 'pick';
  url: string;
  /** null when the admin pressed Escape or the time ran out. */
  picked: FoundValue | null;
}

export interface CancelPickAnswer {
  mode: 'cancel-pick';
  cancelled: boolean;
}

export type PageAnswer = ExtractAnswer | PrefillAnswer | PickAnswer | CancelPickAnswer;
