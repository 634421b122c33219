import { z } from 'zod';
import { appErrorSchema } from './error-schema';
import { appSlugSchema, consoleRouteIdSchema, consoleRouteOptionSchema } from './identifiers';
import { maskedSecretSchema } from './masked';
import { consoleFieldRoles, consoleItemNameSchema, profileIdSchema } from './profile';

/**
 * The admin-console push as it crosses IPC and `--json`: requests carry a console secret (password, authstring) at
 * most once (never answered back), answers carry only masked secrets.
 */

const roleSchema = z.enum(consoleFieldRoles);
const itemNameSchema = consoleItemNameSchema;

/**
 * How this call reaches the console: a route (main's list, `consoleRoutes`) and its options, checked by the route in
 * the main process. A secret option crosses once, is used for one login and kept only if the route's `remember`
 * option asks (then in the keychain). Absent: the way the console was last reached, else its address and password.
 */
export const consoleAccessSchema = z.strictObject({
  via: consoleRouteIdSchema,
  values: z
    .record(consoleRouteOptionSchema, z.union([z.string().min(1).max(4096), z.boolean()]))
    .refine((values) => Object.keys(values).length <= 16, 'at most 16 options')
    .optional(),
});
export type ConsoleAccess = z.infer<typeof consoleAccessSchema>;

/** One option of a route as the window asks for it: a text, a secret (never shown back) or the keychain choice. */
export const consoleRouteFieldSchema = z.strictObject({
  name: consoleRouteOptionSchema,
  kind: z.enum(['text', 'secret', 'remember']),
  label: z.string(),
  placeholder: z.string().optional(),
  help: z.string().optional(),
});
export type ConsoleRouteField = z.infer<typeof consoleRouteFieldSchema>;

/** A route as the window offers it (main declares it once, for the window and the command line). */
export const consoleRouteViewSchema = z.strictObject({
  id: consoleRouteIdSchema,
  title: z.string(),
  summary: z.string(),
  /** Whether the route goes to the console's address (then TLS, the pin and the CA apply). */
  usesAddress: z.boolean(),
  /** What the window says while the route connects (what it is doing, not what it did). */
  connecting: z.string(),
  fields: z.array(consoleRouteFieldSchema),
});
export type ConsoleRouteView = z.infer<typeof consoleRouteViewSchema>;
export const consoleRouteListSchema = z.strictObject({ routes: z.array(consoleRouteViewSchema) });

export const consoleTargetSchema = z.strictObject({
  profileId: profileIdSchema,
  access: consoleAccessSchema.optional(),
  /** Overrides (and, once it worked, updates) the profile's console URL. */
  consoleUrl: z.string().min(1).max(2048).optional(),
  appSlug: appSlugSchema.optional(),
  /** A PEM file with the CA that issued the console's certificate (saved in the profile once it worked). */
  caFile: z.string().min(1).max(4096).optional(),
  /** The admin's explicit confirmation of a certificate: pinned in the profile once the console presented it. */
  trustFingerprint: z.string().min(1).max(200).optional(),
  /** Role → console item name, chosen by the admin where matching by title was ambiguous or incomplete. */
  mapping: z.partialRecord(roleSchema, itemNameSchema).optional(),
  /**
   * Console items the admin explicitly accepts for a secret although they are not `password` items (KOTS stores
   * such values unencrypted). Remembered in the profile.
   */
  allowPlainSecretItems: z.array(itemNameSchema).max(10).optional(),
  /**
   * Log in, settle the certificate, the app and the fields, then stop before the diff (answers `connected`): the
   * wizard does this before Azure, so a wrong password or certificate shows up first, not last.
   */
  connectOnly: z.boolean().optional(),
});
export type ConsoleTarget = z.infer<typeof consoleTargetSchema>;

export const consoleApplyRequestSchema = consoleTargetSchema.extend({
  /** The plan the admin confirmed; the push stops if the console no longer matches it. */
  planId: z.string().regex(/^[0-9a-f]{64}$/),
  deploy: z.boolean().optional(),
  deployTimeoutSeconds: z.number().int().min(5).max(6 * 3600).optional(),
});
export type ConsoleApplyRequest = z.infer<typeof consoleApplyRequestSchema>;

export const consoleDeployRequestSchema = z.strictObject({
  profileId: profileIdSchema,
  access: consoleAccessSchema.optional(),
  sequence: z.number().int().nonnegative(),
  timeoutSeconds: z.number().int().min(5).max(6 * 3600).optional(),
});
export type ConsoleDeployRequest = z.infer<typeof consoleDeployRequestSchema>;

export const consoleStatusRequestSchema = z.strictObject({
  profileId: profileIdSchema,
  access: consoleAccessSchema.optional(),
  sequence: z.number().int().nonnegative().optional(),
});
export type ConsoleStatusRequest = z.infer<typeof consoleStatusRequestSchema>;

export const planItemSchema = z.strictObject({
  role: roleSchema,
  name: z.string(),
  title: z.string(),
  kind: z.enum(['text', 'bool', 'secret']),
  /** set: empty now; change: a different value now; replace: a secret is there and will be overwritten. */
  action: z.enum(['set', 'change', 'unchanged', 'replace']),
  /** Current and new value, for non-secret items only. */
  from: z.string().optional(),
  to: z.string().optional(),
  /** The new secret, masked. */
  secret: maskedSecretSchema.optional(),
  /** Whether the console holds a value now (a secret's current value is never shown, not even encrypted). */
  currentlySet: z.boolean(),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export const itemCandidateSchema = z.strictObject({ name: z.string(), title: z.string(), type: z.string(), group: z.string() });
export type ItemCandidate = z.infer<typeof itemCandidateSchema>;

const appRefSchema = z.strictObject({ slug: z.string(), name: z.string() });

export const consolePlanSchema = z.strictObject({
  planId: z.string(),
  console: z.string(),
  app: appRefSchema,
  /** The deployed sequence the values were read from and the save is based on. */
  baseSequence: z.number().int(),
  latestSequence: z.number().int(),
  items: z.array(planItemSchema),
  changes: z.number().int().nonnegative(),
});
export type ConsolePlan = z.infer<typeof consolePlanSchema>;

/** DeepSource's own host name, read from the app's config ("Application hostname"), when the console gave one. */
const deepsourceHostSchema = z.string().max(260).optional();

export const planResultSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ready'), plan: consolePlanSchema, deepsourceHost: deepsourceHostSchema }),
  /** `connectOnly`: logged in, app and every field found; the diff comes once the values are in the keychain. */
  z.strictObject({ status: z.literal('connected'), console: z.string(), app: appRefSchema, deepsourceHost: deepsourceHostSchema }),
  z.strictObject({
    status: z.literal('needs-mapping'),
    console: z.string(),
    app: appRefSchema,
    found: z.partialRecord(roleSchema, z.string()),
    missing: z.array(roleSchema),
    ambiguous: z.array(roleSchema),
    /** Secret fields matched to an item that is not a `password` item: choose another, or accept it explicitly. */
    plainSecret: z.array(roleSchema),
    candidates: z.partialRecord(roleSchema, z.array(itemCandidateSchema)),
  }),
  z.strictObject({ status: z.literal('needs-app'), console: z.string(), apps: z.array(appRefSchema) }),
  z.strictObject({
    status: z.literal('needs-trust'),
    console: z.string(),
    reason: z.enum(['untrusted', 'changed', 'hostname']),
    fingerprint: z.string().optional(),
    /** `changed`: the fingerprint pinned until now, shown beside the new one. */
    pinnedFingerprint: z.string().optional(),
    message: z.string(),
  }),
]);
export type PlanResult = z.infer<typeof planResultSchema>;
/** What the admin must decide before the plan can go on (certificate, app, fields). */
export type PlanDecision = Extract<PlanResult, { status: 'needs-mapping' | 'needs-app' | 'needs-trust' }>;

export const pushSteps = ['login', 'read', 'save', 'find-version', 'verify', 'deploy', 'follow'] as const;
export const pushStepSchema = z.strictObject({
  step: z.enum(pushSteps),
  status: z.enum(['done', 'failed', 'skipped', 'not-started']),
  detail: z.string(),
});
export type PushStep = z.infer<typeof pushStepSchema>;

export const deployStatusSchema = z.enum(['deployed', 'failed', 'deploying', 'timeout', 'not-requested']);

export const pushReportSchema = z.strictObject({
  outcome: z.enum(['done', 'failed', 'nothing-to-do']),
  console: z.string(),
  app: z.string(),
  baseSequence: z.number().int().optional(),
  savedSequence: z.number().int().optional(),
  verified: z.boolean(),
  deploy: z.strictObject({ sequence: z.number().int().optional(), status: deployStatusSchema, lastSeen: z.string().optional(), elapsedSeconds: z.number().nonnegative() }),
  steps: z.array(pushStepSchema),
  error: appErrorSchema.optional(),
  /** HTTP requests this call sent to the console (status polls included). */
  requests: z.number().int().nonnegative(),
});
export type PushReport = z.infer<typeof pushReportSchema>;

export const consoleProgressRequestSchema = z.strictObject({ profileId: profileIdSchema });

/** What a save or deploy is doing right now: a window asks for it while its call runs (live progress). */
export const pushProgressSchema = z.strictObject({
  running: z.boolean(),
  /** The steps reached so far, in order (a deploy being followed updates its `follow` step on each status change). */
  steps: z.array(pushStepSchema),
  /** The deploy being followed: the status the console gave at the last poll, and how long it has been followed. */
  deploy: z
    .strictObject({ sequence: z.number().int(), status: z.string(), elapsedSeconds: z.number().nonnegative(), timeoutSeconds: z.number().int().positive(), polls: z.number().int().nonnegative() })
    .optional(),
});
export type PushProgress = z.infer<typeof pushProgressSchema>;

export const versionStatusSchema = z.strictObject({
  console: z.string(),
  app: z.string(),
  sequence: z.number().int(),
  status: z.string(),
  deployedSequence: z.number().int().optional(),
  latestSequence: z.number().int().optional(),
});
export type VersionStatusView = z.infer<typeof versionStatusSchema>;
