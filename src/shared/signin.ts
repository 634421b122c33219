import { z } from 'zod';
import { appErrorSchema } from './error-schema';
import { fingerprintSchema, profileIdSchema } from './profile';
import { providerIdSchema } from './providers';
import { checkSchema } from './registration';
import { viewBoundsFields } from './view-bounds';

/**
 * The sign-in check: DeepSource's own login followed, in a browser, up to the navigation to Azure's authorize
 * endpoint (never loaded), and what that URL carries compared with the profile.
 */

/** What DeepSource's login sent the browser to, read off the authorize URL. */
export const signInObservedSchema = z.strictObject({
  authorizeUrl: z.string().max(4096),
  /** The authorize endpoint's host, e.g. `app.vssps.visualstudio.com` or `login.microsoftonline.com`. */
  authorityHost: z.string().max(253),
  /** The provider whose authorize endpoint it is. */
  kind: providerIdSchema,
  /** Where the provider's URL names one (Entra): the tenant path segment (a GUID, `organizations`, `common`, a domain). */
  tenant: z.string().max(253).nullable(),
  clientId: z.string().max(200).nullable(),
  /** Decoded exactly as sent, trailing slash and all. */
  redirectUri: z.string().max(2048).nullable(),
  responseType: z.string().max(100).nullable(),
  scope: z.string().max(1000).nullable(),
});
export type SignInObserved = z.infer<typeof signInObservedSchema>;

/** A check may carry a one-step fix the app can apply (switching the profile's callback form). */
export const signInCheckSchema = checkSchema.extend({ action: z.enum(['use-callback-with-slash', 'use-callback-without-slash']).optional() });
export type SignInCheck = z.infer<typeof signInCheckSchema>;

export const signInPhases = ['opening', 'looking', 'following', 'waiting', 'done', 'failed', 'stopped'] as const;

export const signInStateSchema = z.strictObject({
  runId: z.string().max(64),
  profileId: profileIdSchema,
  /** The login page the check started from. */
  loginUrl: z.string().max(2048),
  phase: z.enum(signInPhases),
  /** What is happening now, in the admin's words. */
  status: z.string().max(300),
  /** The page the check's browser shows now. */
  url: z.string().max(4096),
  attempts: z.number().int().min(0),
  elapsedSeconds: z.number().min(0),
  waitSeconds: z.number().min(0),
  observed: signInObservedSchema.nullable(),
  checks: z.array(signInCheckSchema).max(20),
  /** passed: every check holds; mismatch: DeepSource sends other values; unreachable / tls: no authorize URL seen. */
  verdict: z.enum(['passed', 'mismatch', 'unreachable', 'tls']).nullable(),
  /** TLS refusal: the certificate's SHA-256, for the admin to compare and trust. */
  certificate: z.strictObject({ fingerprint: z.string().max(200), host: z.string().max(253), kind: z.enum(['untrusted', 'changed']) }).nullable(),
  error: appErrorSchema.nullable(),
});
export type SignInState = z.infer<typeof signInStateSchema>;

const runId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

export const signInRequests = {
  start: z.strictObject({
    profileId: profileIdSchema,
    /** Another login page than https://HOSTNAME/login (https, or http on loopback only). */
    url: z.string().max(2048).optional(),
    /** How long to keep retrying while DeepSource restarts after a deploy (default: one attempt). */
    waitSeconds: z.number().int().min(0).max(1800).optional(),
    /** A certificate the admin compared and trusts for the DeepSource host. */
    trustFingerprint: fingerprintSchema.optional(),
  }),
  run: z.strictObject({ runId }),
  bounds: z.strictObject({ runId, ...viewBoundsFields }),
};
export type SignInStartRequest = z.infer<typeof signInRequests.start>;
