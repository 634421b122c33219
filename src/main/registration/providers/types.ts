import type { ChoiceFill, DropdownFill, ReadBackAnswer, ReadBackQuery, ValueKind } from '../../../shared/page-protocol';
import type { Profile } from '../../../shared/profile';
import type { AppPage, ProviderDescriptor, ProviderId } from '../../../shared/providers';
import type { ReadBack, SignInAudience } from '../../../shared/registration';
import type { SignInCheck, SignInObserved } from '../../../shared/signin';

/** One value the admin needs from the provider's pages. */
export interface ProviderField {
  key: 'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl' | 'appSecret';
  /** Shown in the checklist. */
  title: string;
  /** Visible label texts on the provider's pages (any one matches; case and whitespace do not matter). */
  labels: readonly string[];
  kind: ValueKind;
  maxLength: number;
  /** Decoys (e.g. the ADO "App Secret") are read only to compare with; never kept, never shown. */
  role: 'value' | 'decoy';
  /** May the page script press a "Show" control to reveal it? */
  reveal: boolean;
  /** A regular expression (source, case-insensitive) a good value matches; the page script prefers such values. */
  prefer?: string;
}

/** A check result: stable id, outcome, a sentence for the admin, and on failure what to do. */
export interface CheckResult {
  id: string;
  ok: boolean;
  message: string;
  fix?: string;
  /** Not checked yet (what it looks at was not read): never passed. */
  pending?: true;
  /** Passed, with something the admin should know. */
  warning?: true;
}

/** The values a flow has so far (raw: main process only). */
export type FoundValues = Partial<Record<ProviderField['key'], string>>;

export interface CheckContext {
  /** The callback DeepSource expects (https://HOSTNAME/accounts/ads/login/callback/bifrost), when known. */
  expectedCallback: string | undefined;
  /** Origin of the page the values were read from (the authority host of Entra follows the portal's cloud). */
  origin: string | undefined;
}

/** What a register form is filled in from: the installation, and the account type decided for it. */
export interface RegisterInput {
  hostname: string;
  org: string;
  callback: string;
  audience: SignInAudience;
}

export interface RegisterForm {
  /** Text fields: labels and how to compute the value from hostname and organization. */
  textFields: readonly { labels: readonly string[]; value: (input: RegisterInput) => string }[];
  scopes: readonly { id: string; labels: readonly string[] }[];
  /** Radio groups to set (the account type). */
  choices?: (input: RegisterInput) => ChoiceFill[];
  /** Drop-downs to open and choose from, as a user would (the redirect URI's platform). */
  dropdowns?: readonly DropdownFill[];
  /** Lower-case phrases with which a register page refuses new apps. */
  refusalPhrases: readonly string[];
}

/** The account type a new app is registered with, and why (what DeepSource's login showed, or that it was not seen). */
export interface AudienceDecision {
  audience: SignInAudience;
  /** The tenant path DeepSource sends users to: a tenant's own ID, or a shared one; null when not known. */
  tenantPath: 'tenant' | 'organizations' | 'common' | null;
  why: string;
}

export interface ReadBackContext {
  expectedCallback: string | undefined;
  audience: AudienceDecision | undefined;
  /** A new app must show these before its values are used: what was not read yet is a pending check. */
  required: boolean;
}

/** Reading an app's settings back from the provider's own pages (Entra: the portal's app blades). */
export interface ReadBackFacet {
  query: ReadBackQuery;
  interpret: (answer: ReadBackAnswer) => ReadBack;
  checks: (facts: ReadBack, context: ReadBackContext) => CheckResult[];
  /** An app's own pages, where the facts are read (for the guide's direct links). */
  pages: (appId: string) => Record<AppPage, string>;
}

export type { AppPage } from '../../../shared/providers';

/** How a provider shapes its installations' profiles. */
export interface ProviderProfileRules {
  /** The sign-in authority a new profile starts with (the admin may name another). */
  defaultAuthorityHost: string;
  /** Days a client secret lasts from capture when the admin gives no date; null when it has no known lifetime. */
  secretLifetimeDays: number | null;
  /** A tenant ID belongs to this provider's apps (a profile of another provider refuses one). */
  hasTenantId: boolean;
}

/** What a sign-in check compares with the profile. */
export type SignInProfile = Pick<Profile, 'provider' | 'hostname' | 'callbackTrailingSlash' | 'authorityHost'> & {
  azure: Pick<Profile['azure'], 'appId' | 'tenantId' | 'signInAudience'>;
};

/**
 * A URL's destination as the sign-in check compares it (signin/authorize-url.ts makes it): the host in lower case
 * without a trailing dot, the port ('' for the scheme's default), the path decoded once, dot segments resolved,
 * repeated slashes collapsed, no trailing slash, case kept.
 */
export interface SignInAddress {
  host: string;
  port: string;
  path: string;
}

/** The provider's part in the sign-in check: its authorize endpoint, and what DeepSource must send there. */
export interface SignInFacet {
  /**
   * The hosts of the provider's sign-in service (`host`, any port; or `host:port`): the check stops every
   * navigation and request there, whatever the path, before a connection is made.
   */
  hosts: readonly string[];
  /**
   * Is this address (of an https URL without user info) this provider's authorize endpoint? Then the tenant it names
   * (null where the provider's URLs name none); otherwise null.
   */
  readAuthorizeEndpoint: (address: SignInAddress) => { tenant: string | null } | null;
  /**
   * Does DeepSource send users where this installation's app lives? Called for a profile of this provider;
   * `observedBy` is the provider whose endpoint DeepSource sent the browser to (this one or another).
   */
  authorityCheck: (observed: SignInObserved, profile: SignInProfile, observedBy: Provider) => SignInCheck;
  /** Does DeepSource ask this provider's endpoint for the access it needs? */
  scopeCheck: (observed: SignInObserved) => SignInCheck;
  /** What to do when only the callback's trailing slash differs; `sent` is the form DeepSource sends. */
  callbackRemedy: (sent: string) => string;
}

export interface Provider {
  id: ProviderId;
  title: string;
  /** What the window shows about this provider and how it branches on it (see ProviderDescriptor). */
  ui: Omit<ProviderDescriptor, 'id' | 'title'>;
  profile: ProviderProfileRules;
  signIn: SignInFacet;
  /** Exact origins (scheme://host[:port]) where prefill and extraction may run. Compared with `new URL(u).origin`. */
  trustedOrigins: readonly string[];
  /** Where a flow starts. */
  startUrl: string;
  /** Register pages (trusted origin + path) where prefill runs. */
  registerPages: readonly string[];
  /** Pages that list or show existing apps (where an admin with an existing app goes). */
  existingAppPages: readonly string[];
  /** Where a secret rotation starts for a known app: its own page, or the list the admin opens it from. */
  rotationUrl: (appId: string) => string;
  fields: readonly ProviderField[];
  /** Labels on the provider's pages that are never a value we want but end a label's region. */
  boundaryLabels: readonly string[];
  /** Labels of values a secret must never be (Secret ID): a secret equal to one of them is not taken. */
  neverFromLabels: readonly string[];
  /**
   * The app a page address is about (its id, lower case), or null for pages about no single app (lists, sign-in).
   * A capture holds one app's values: it starts over when the top page moves to another app.
   */
  appIdFromUrl: (url: string) => string | null;
  registerForm: RegisterForm | null;
  readBack?: ReadBackFacet;
  /** Values computed from extracted ones (Entra builds the authorize URL from tenant and client id). */
  derive: (values: FoundValues, context: CheckContext) => FoundValues & { authorityHost?: string };
  checks: (values: FoundValues, context: CheckContext) => CheckResult[];
}
