/** The shapes the KOTS console double is configured with and answers about (shared reference/kots-admin-api.md). */

export interface DoubleItem {
  name: string;
  type: string;
  title?: string;
  default?: string;
  /** Initial value; password values are given in plaintext here and stored encrypted. */
  value?: string;
  required?: boolean;
  hidden?: boolean;
  /** A fixed `when` ("true"/"false"). */
  when?: string;
  /** Stands in for `repl{{ ConfigOptionEquals "<name>" "1" }}`: the item is shown only while that bool is "1". */
  shownWhenOn?: string;
  help_text?: string;
  validation?: { regex: { pattern: string; message: string } };
}

export interface DoubleGroup {
  name: string;
  title: string;
  description?: string;
  when?: string;
  items: DoubleItem[];
}

export interface DoubleApp {
  slug: string;
  name: string;
  groups: DoubleGroup[];
  /** Adds a later "Upstream Update" version that is not deployed, so the latest and the deployed sequence differ. */
  pendingUpstreamVersion?: boolean;
  /** Then a newer release still pending_download (kotsadm lists it among pendingVersions, but serves no config). */
  pendingDownloadVersion?: boolean;
  /** Nothing deployed yet: version 0 is `pending` and the app has no `downstream.currentVersion`. */
  nothingDeployed?: boolean;
}

export type VersionStatus =
  | 'unknown'
  | 'pending_cluster_management'
  | 'pending_config'
  | 'pending_download'
  | 'pending_preflight'
  | 'pending'
  | 'deploying'
  | 'deployed'
  | 'failed';

/** A server-side fault a test injects (a slow answer, an error status, a dropped connection). */
export interface Fault {
  method?: string;
  /** Matched against the path without the query string. */
  path: RegExp | string;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  delayMs?: number;
  /** Answer with this instead of the real handler (after the delay). Omit to only delay. */
  status?: number;
  body?: string;
  contentType?: string;
  /** Close the connection without answering. */
  destroy?: boolean;
}

export interface SelfSignedCert {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, `AA:BB:…`. */
  fingerprint: string;
}

export interface KotsDoubleOptions {
  tls?: boolean;
  /** A certificate to serve (default: a fresh throwaway self-signed one). */
  certificate?: SelfSignedCert;
  loginStyle?: 'cookie' | 'body-token';
  password: string;
  apps?: DoubleApp[];
  deployOutcome?: 'deployed' | 'failed';
  /**
   * How long a version stays `deploying` (real time). `'manual'`: until `finishDeploys()` is called, so a test
   * decides when the deploy ends instead of waiting for it.
   */
  deployDelayMs?: number | 'manual';
  /** Status of a version created by a save (KOTS: pending, pending_preflight or pending_config). */
  newVersionStatus?: VersionStatus;
  /**
   * The app has strict preflights: a deploy of a version still pending_preflight holds its answer until the
   * preflights end (kotsadm polls inside the request for up to 15 min), here until `finishPreflights()`. The deploy
   * goes ahead even when the client has stopped waiting, as kotsadm's handler does.
   */
  strictPreflights?: boolean;
  /**
   * kotsadm's preflight-result rewrite (SetPreflightResults): a deploy that failed before the results were written
   * ends `pending`, not `failed`.
   */
  failedDeployBecomesPending?: boolean;
  /**
   * kotsadm's identity service, with password login disabled: `login/info` says `identity-service`, and a password
   * login answers 403 (not counted towards the lockout). The authstring still works.
   */
  identityService?: boolean;
  /** DeepSource's host name in the default app's config ("Application hostname"; default deepsource.stark.com). */
  deepsourceHost?: string;
  /** The `kotsadm-authstring` secret's value (`Kots <token>`); default: a fresh random one. */
  authstring?: string;
  /**
   * KOTS before v1.129.2: password values sealed with one fixed nonce, so re-sending the same secret stores the same
   * ciphertext (default: a fresh nonce per value, as v1.129.2 and later).
   */
  fixedNonce?: boolean;
  /** Leave items whose `when` renders false out of config answers (some consoles hide them until enabled). */
  omitHiddenItems?: boolean;
  /** The session clock (ms since epoch); injectable so tests can let 12 h pass. */
  now?: () => number;
}

export interface RecordedRequest {
  /** Which port took it: the console's address (`url`), or kotsadm's own port in its pod (`clusterUrl`). */
  port: 'console' | 'cluster';
  method: string;
  path: string;
  query: string;
  authorization: string | undefined;
  cookie: string | undefined;
  /** Raw body text; may hold secrets, so tests compare it but never print it. */
  body: string;
}

export interface KotsDouble {
  url: string;
  /**
   * kotsadm's own port as a port-forward reaches it inside the cluster (pod port 3000): plain HTTP on 127.0.0.1,
   * the same console behind it (kURL's proxy on `url` terminates TLS in front of it).
   */
  clusterUrl: string;
  /** DeepSource's host name in the default app's config ("Application hostname"; default deepsource.stark.com). */
  deepsourceHost?: string;
  /** The `kotsadm-authstring` secret's value: `Authorization: <it>` passes every session route. */
  authstring: string;
  /** The served certificate's fingerprint (TLS only). */
  fingerprint: string | undefined;
  certificate: SelfSignedCert | undefined;
  requests: RecordedRequest[];
  /** Failed logins counted on the (simulated) kotsadm-password secret. */
  readonly numAttempts: number;
  inject: (fault: Fault) => void;
  /** What `kubectl kots get config --decrypt` would show for a version (default: latest). */
  decryptedValues: (slug: string, sequence?: number) => Record<string, string>;
  /**
   * Serves another certificate from now on, at the same address (a renewal, or someone intercepting): open
   * connections are closed so the next one shakes hands anew.
   */
  replaceCertificate: (next: SelfSignedCert) => void;
  /** Raw stored values (passwords as ciphertext). */
  storedValues: (slug: string, sequence?: number) => Record<string, string>;
  versions: (slug: string) => Array<{ sequence: number; status: VersionStatus; source: string }>;
  deployedSequence: (slug: string) => number;
  setVersionStatus: (slug: string, sequence: number, status: VersionStatus) => void;
  /** Ends every deploy still `deploying` with the configured outcome (with `deployDelayMs: 'manual'`). */
  finishDeploys: () => void;
  /** Ends the preflights of every pending_preflight version (to `pending`), releasing the deploys they held. */
  finishPreflights: () => void;
  /** Simulates `kubectl kots reset-password`: new password, count reset, old sessions answer "password changed". */
  resetPassword: (password: string) => void;
  /** Sets values as an admin would in the UI (creates a Config Change version). */
  editConfig: (slug: string, values: Record<string, string>) => void;
  close: () => Promise<void>;
}
