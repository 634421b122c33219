import { z } from 'zod';

/**
 * What the main process sends to the page script (src/page/, injected as one bundled script) and what it answers.
 * Requests are plain data the main process builds; answers come from a web page, so the main process parses them
 * with the schemas below before using anything (`parsePageAnswer`). The page script imports only the types.
 */

export type ValueKind = 'text' | 'url' | 'secret';

export interface FieldQuery {
  /** Key in the answer (appId, clientSecret, …). */
  key: string;
  /** Label texts that name the value (any language); compared ignoring case, spacing, punctuation and colons. */
  labels: readonly string[];
  kind: ValueKind;
  /** Extraction waits for required fields; optional ones (decoys read for comparison) are taken if present. */
  required: boolean;
  /** May the script press a "Show"/"Reveal" control next to the label to reveal this value? */
  reveal: boolean;
  /** Values are cut at maxLength + 1 characters inside the page; a longer value is reported as too long. */
  maxLength: number;
  /** A regular expression (source, case-insensitive) that a good value matches: such candidates are preferred. */
  prefer?: string;
}

export interface ExtractRequest {
  mode: 'extract';
  fields: readonly FieldQuery[];
  /** Labels that end a label's region (every decoy's and every neighbouring caption's label). */
  boundaryLabels: readonly string[];
  /** Labels of columns or rows whose values a secret must never be (Secret ID): such a value is skipped. */
  neverFrom?: readonly string[];
  /** How long to watch the page (MutationObserver) for missing values before answering with what was found. */
  waitMs: number;
  /**
   * 'complete' (default): answer once every required value is found, or when waitMs runs out.
   * 'progress': answer as soon as a value not listed in `known` is found (the app's continuous page watch).
   */
  resolveOn?: 'complete' | 'progress';
  known?: readonly string[];
  /** Also read what the page says of the app's settings (the Entra portal's app pages). */
  readBack?: ReadBackQuery;
  /** 'progress' mode: read-backs already known (their fingerprints); a frame whose read-back differs answers. */
  knownReadBack?: readonly string[];
}

/**
 * The captions of an app registration's settings, in every language the reader knows: the account type (the
 * Overview's value, or the chosen radio of the Authentication page), the redirect URI lists of the Authentication
 * page (each under its platform's heading), the API permissions grid's columns, and the client secrets' "Expires".
 */
export interface ReadBackQuery {
  accountType: readonly string[];
  redirectUris: readonly string[];
  platforms: readonly string[];
  permissionName: readonly string[];
  permissionType: readonly string[];
  permissionStatus: readonly string[];
  expires: readonly string[];
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

/** A radio group (by its caption) and the choice to select: the one whose label begins with a phrase (the shortest). */
export interface ChoiceFill {
  groupLabels: readonly string[];
  optionPrefixes: readonly string[];
}

/** A drop-down (a combobox, by its name) opened as a user would, and the option clicked. */
export interface DropdownFill {
  labels: readonly string[];
  option: readonly string[];
}

export interface PrefillRequest {
  mode: 'prefill';
  textFields: readonly TextFieldFill[];
  choices?: readonly ChoiceFill[];
  dropdowns?: readonly DropdownFill[];
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

/** The sign-in check: find DeepSource's "Azure DevOps" sign-in entry by its accessible name and click it. */
export interface FindProviderRequest {
  mode: 'find-provider';
  /** How long to wait for a login page that renders late. */
  waitMs: number;
}

/** The sign-in round trip: what the page says (Azure's error page, DeepSource's answer). */
export interface DescribeRequest {
  mode: 'describe';
}

export type PageRequest = ExtractRequest | PrefillRequest | PickRequest | CancelPickRequest | FindProviderRequest | DescribeRequest;

const MAX_VALUE = 4097;
const text = (max: number) => z.string().max(max);

export const foundValueSchema = z.strictObject({
  /** At most maxLength + 1 characters. */
  value: text(MAX_VALUE),
  /** The page held more than maxLength characters; `value` is only the start. */
  tooLong: z.boolean(),
  /** Where it came from: an input's value, a link's href, text, or a grid column cell. */
  source: z.enum(['input', 'href', 'text', 'column']),
  /** Only a placeholder (dots, asterisks) was on the page, not the value. */
  masked: z.boolean(),
});
export type FoundValue = z.infer<typeof foundValueSchema>;

/** Every answer says which document gave it: the main process drops an answer from another origin than it checked. */
const documentFields = {
  url: text(8192),
  origin: text(512),
  /** The top-level document, or a frame inside it. */
  frame: z.enum(['top', 'sub']),
};

const shortList = z.array(text(64)).max(32);

/** What the page says of the app's settings, as it words them (main maps the words to their meaning). */
export const readBackAnswerSchema = z.strictObject({
  /** The document's own language (`<html lang>`): the dates and words are in it. */
  lang: text(35),
  /** The chosen account type: the checked radio's label, or the Overview's value text. */
  accountType: text(400).nullable(),
  /** "Platform configurations" is on the page (an empty list of Web redirect URIs then means none). */
  platformsShown: z.boolean(),
  /** Each redirect URI list, under the heading of its platform card, each URI exactly as shown. */
  redirectLists: z.array(z.strictObject({ platform: text(200), uris: z.array(text(2048)).max(64) })).max(8),
  /** The API permissions grid's rows: the group (the API), the permission, its type and consent status as shown. */
  permissions: z.array(z.strictObject({ api: text(200), name: text(200), type: text(80), status: text(200) })).max(100).nullable(),
  /** The "Expires" text of the client secrets row whose Value is the secret read here. */
  secretExpires: text(60).nullable(),
  /** A short hash of everything above: what changed is told apart from what was already seen. */
  fingerprint: text(32),
});
export type ReadBackAnswer = z.infer<typeof readBackAnswerSchema>;

export const extractAnswerSchema = z.strictObject({
  mode: z.literal('extract'),
  ...documentFields,
  values: z.record(text(64), foundValueSchema),
  /** Keys whose "Show" control the script pressed. */
  revealed: shortList,
  /** Keys the page shows with several different values (more than one app): none of them is returned. */
  ambiguous: shortList,
  /** The last read's busy time in milliseconds: the sum of its slices, not the pauses between them. */
  scanMs: z.number().nonnegative().max(600_000),
  /** The longest single task (slice) the script ran in this call, in milliseconds. */
  longestTaskMs: z.number().nonnegative().max(600_000),
  readBack: readBackAnswerSchema.optional(),
});
export type ExtractAnswer = z.infer<typeof extractAnswerSchema>;

const labelList = z.array(text(400)).max(64);

export const prefillAnswerSchema = z.strictObject({
  mode: z.literal('prefill'),
  ...documentFields,
  formFound: z.boolean(),
  /** The page's own sentence saying registrations are refused (text, at most 300 characters). */
  refusalText: text(300).nullable(),
  /** Field label (as asked) → value that was set. */
  filled: z.record(text(400), text(4096)),
  missingFields: labelList,
  /** The scope boxes prefill ticked. */
  ticked: labelList,
  /** The scope boxes the page had ticked already (left as they were). */
  alreadyTicked: labelList,
  missingScopes: labelList,
  /** Checked boxes next to the scopes that prefill unticked. */
  unticked: labelList,
  /** Checked boxes elsewhere on the page, which prefill did not touch (a newsletter box). */
  leftTicked: labelList,
  /** Radio groups and drop-downs set: their caption (as asked) and the option chosen, as the page words it. */
  chosen: z.array(z.strictObject({ label: text(400), option: text(400) })).max(16),
  /** Radio groups and drop-downs not found, or whose option was not there. */
  missingChoices: labelList,
});
export type PrefillAnswer = z.infer<typeof prefillAnswerSchema>;

export const pickAnswerSchema = z.strictObject({
  mode: z.literal('pick'),
  ...documentFields,
  /** null when the admin pressed Escape or the time ran out. */
  picked: foundValueSchema.nullable(),
});
export type PickAnswer = z.infer<typeof pickAnswerSchema>;

export const cancelPickAnswerSchema = z.strictObject({
  mode: z.literal('cancel-pick'),
  ...documentFields,
  cancelled: z.boolean(),
});
export type CancelPickAnswer = z.infer<typeof cancelPickAnswerSchema>;

export const findProviderAnswerSchema = z.strictObject({
  mode: z.literal('find-provider'),
  ...documentFields,
  /** The entry's name when it was found (and clicked). */
  clicked: text(300).nullable(),
  /** Names of the entries the page offered instead (at most 12). */
  seen: z.array(text(300)).max(12),
});
export type FindProviderAnswer = z.infer<typeof findProviderAnswerSchema>;

export const describeAnswerSchema = z.strictObject({
  mode: z.literal('describe'),
  ...documentFields,
  title: text(300),
  headings: z.array(text(300)).max(4),
  /** Alert regions' text (an error banner): role=alert or aria-live=assertive, not a polite status. */
  alerts: z.array(text(300)).max(4),
  /** AADSTS codes the page shows, each with its sentence. */
  errorCodes: z.array(z.strictObject({ code: z.number().int().min(0), text: text(300) })).max(4),
  /** The page's Azure DevOps sign-in entry, when it offers one (DeepSource's login page). */
  azureDevOpsEntry: text(300).nullable(),
  /** Its other sign-in entries. */
  entries: z.array(text(300)).max(12),
  /** A password box is shown (a sign-in form). */
  passwordField: z.boolean(),
});
export type DescribeAnswer = z.infer<typeof describeAnswerSchema>;

export const pageAnswerSchema = z.discriminatedUnion('mode', [extractAnswerSchema, prefillAnswerSchema, pickAnswerSchema, cancelPickAnswerSchema, findProviderAnswerSchema, describeAnswerSchema]);
export type PageAnswer = z.infer<typeof pageAnswerSchema>;
