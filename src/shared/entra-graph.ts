import { z } from 'zod';
import { appErrorSchema } from './error-schema';
import { guidSchema } from './identifiers';
import { profileIdSchema } from './profile';
import { checkSchema } from './registration';
import { entraClouds } from './entra-clouds';

/**
 * The Entra app made through Microsoft Graph: the admin signs in once in the system browser, and the main process
 * creates (or reuses) the registration, adds its client secret, stores it and proves it. What the window may know
 * of such a run: never the secret, only its hint, key id and expiry.
 */

export { ENTRA_CLOUD_NAMES, entraClouds, type EntraCloud } from './entra-clouds';

/** Microsoft Graph Command Line Tools: the public client the admin signs in through unless the tenant names its own. */
export const DEFAULT_GRAPH_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

/** The client secret's lifetime the admin picks: 180 days unless chosen, at most two years (Entra's default cap). */
export const SECRET_DAYS = { default: 180, min: 1, max: 730 } as const;
export const secretDaysSchema = z.number().int().min(SECRET_DAYS.min).max(SECRET_DAYS.max);

/** What a run is asked to do. The installation (host name, organization, callback form) comes from the profile. */
export const graphRunOptionsSchema = z.strictObject({
  cloud: z.enum(entraClouds).default('public'),
  secretDays: secretDaysSchema.default(SECRET_DAYS.default),
  /** Tenant-wide consent (an AllPrincipals grant) for the three Azure DevOps scopes; asks for one more Graph permission. */
  grantConsent: z.boolean().default(false),
  /** Another public client of the tenant's own (it must allow http://localhost for "Mobile and desktop applications"). */
  clientId: guidSchema.optional(),
});
export type GraphRunOptions = z.infer<typeof graphRunOptionsSchema>;

/** What exists in Azure of one registration: said after a run stopped half-way, and before reusing one. */
export const azureRegistrationSchema = z.strictObject({
  displayName: z.string().max(256),
  appId: guidSchema,
  objectId: guidSchema,
  /** The app's own service principal (Enterprise application). */
  servicePrincipal: z.boolean(),
  /** All three Azure DevOps scopes are requested by the registration. */
  permissions: z.boolean(),
  /** Tenant-wide consent for them exists. */
  consent: z.boolean(),
  /** Client secrets it holds (their texts cannot be read again). */
  passwords: z.number().int().min(0),
  /** Missing pieces, in the admin's words. */
  missing: z.array(z.string().max(200)).max(10),
});
export type AzureRegistration = z.infer<typeof azureRegistrationSchema>;

export const secretProofSchema = z.strictObject({
  status: z.enum(['proven', 'failed', 'waiting']),
  /** What happened, in the admin's words (never the secret). */
  message: z.string().max(600),
  fix: z.string().max(600).optional(),
  /** The AADSTS code Entra answered with, when it refused. */
  aadsts: z.number().int().nullable(),
  attempts: z.number().int().min(0),
  /** Where the secret was sent: the tenant's own token endpoint. */
  tokenEndpoint: z.string().max(2048),
});
export type SecretProof = z.infer<typeof secretProofSchema>;

export const graphRunPhases = ['signing-in', 'working', 'needs-decision', 'proving', 'done', 'failed', 'deleted', 'cancelled'] as const;
export type GraphRunPhase = (typeof graphRunPhases)[number];

export const graphRunStateSchema = z.strictObject({
  runId: z.string().max(64),
  profileId: profileIdSchema,
  purpose: z.enum(['new', 'rotate']),
  phase: z.enum(graphRunPhases),
  /** What is happening now, in the admin's words. */
  status: z.string().max(300),
  /** The sign-in address handed to the system browser (no secret in it), for an admin whose browser did not open. */
  signInUrl: z.string().max(4096).nullable(),
  /** needs-decision: the registration found in Azure, to reuse (a new secret is added) or, when incomplete, to delete. */
  existing: azureRegistrationSchema.nullable(),
  /** failed half-way: exactly what the run left in Azure (finish it or delete it). */
  incomplete: azureRegistrationSchema.nullable(),
  /** done: what was made and stored. */
  result: z
    .strictObject({
      displayName: z.string().max(256),
      appId: guidSchema,
      tenantId: guidSchema,
      objectId: guidSchema,
      redirectUris: z.array(z.string().max(2048)).max(20),
      scopes: z.array(z.string().max(100)).max(10),
      reused: z.boolean(),
      secret: z.strictObject({ hint: z.string().max(8), keyId: guidSchema, expiresOn: z.string().max(40) }),
    })
    .nullable(),
  checks: z.array(checkSchema).max(20),
  proof: secretProofSchema.nullable(),
  /** Every Graph call the run made, as `METHOD /path → status`. */
  calls: z.array(z.string().max(300)).max(40),
  error: appErrorSchema.nullable(),
});
export type GraphRunState = z.infer<typeof graphRunStateSchema>;

const runId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

export const graphRequests = {
  start: z.strictObject({ profileId: profileIdSchema, purpose: z.enum(['new', 'rotate']).default('new'), options: graphRunOptionsSchema.default({ cloud: 'public', secretDays: SECRET_DAYS.default, grantConsent: false }) }),
  run: z.strictObject({ runId }),
  decide: z.strictObject({ runId, choice: z.enum(['reuse', 'delete']) }),
  byProfile: z.strictObject({ profileId: profileIdSchema }),
};

/** The registration read back from Graph, on demand. */
export const graphCheckResultSchema = z.strictObject({ registration: azureRegistrationSchema.nullable(), checks: z.array(checkSchema).max(20) });
