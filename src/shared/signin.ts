import { z } from 'zod';
import { signInAudienceSchema } from './audience';
import { appErrorSchema } from './error-schema';
import { fingerprintSchema, profileIdSchema } from './profile';
import { providerIdSchema } from './providers';
import { checkSchema } from './registration';
import { viewBoundsFields } from './view-bounds';

/**
 * DeepSource's sign-in, checked in a browser in one of two ways:
 * - `redirect` (the default): DeepSource's own login followed up to the navigation to Azure's authorize endpoint
 *   (never loaded), and what that URL carries compared with the profile. Nothing is sent to Azure.
 * - `round-trip`: the whole sign-in, through Azure (the admin signs in there) and back to DeepSource's callback, and
 *   DeepSource's answer. No code or token is kept; the browser's session is thrown away afterwards.
 */
export const signInModes = ['redirect', 'round-trip'] as const;

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

/**
 * The phases: at DeepSource's login (opening, looking, following, waiting while it restarts), then in a round trip at
 * Azure (the admin signs in) and back at DeepSource (returned: its callback and answer), and the end.
 */
export const signInPhases = ['opening', 'looking', 'following', 'waiting', 'at-azure', 'returned', 'done', 'failed', 'stopped'] as const;

/** A round trip's findings, each set once it was seen. */
export const roundTripSchema = z.strictObject({
  /** Azure refused the sign-in: on its own page, or in what it sent back to the callback. */
  azure: z
    .strictObject({
      where: z.enum(['page', 'callback']),
      code: z.number().int().min(0).nullable(),
      /** What Azure showed or sent, as it said it (at most 300 characters). */
      shown: z.string().max(300),
      message: z.string().max(600),
      remedy: z.string().max(600),
    })
    .nullable(),
  /** What Azure sent back to DeepSource's callback: a code (never kept) or an error; null until it did. */
  returned: z.enum(['code', 'error']).nullable(),
  /** DeepSource's answer after its callback: a signed-in page, its login page again, or an error page. */
  answer: z
    .strictObject({
      kind: z.enum(['signed-in', 'login-page', 'error']),
      title: z.string().max(300),
      /** Its headings and alerts, as shown. */
      said: z.string().max(300),
      status: z.number().int().nullable(),
    })
    .nullable(),
});
export type RoundTrip = z.infer<typeof roundTripSchema>;

export const signInStateSchema = z.strictObject({
  runId: z.string().max(64),
  profileId: profileIdSchema,
  mode: z.enum(signInModes),
  /** The login page the check started from. */
  loginUrl: z.string().max(2048),
  phase: z.enum(signInPhases),
  /** What is happening now, in the admin's words. */
  status: z.string().max(300),
  /** The page the check's browser shows now (codes, state and tokens cut out). */
  url: z.string().max(4096),
  attempts: z.number().int().min(0),
  elapsedSeconds: z.number().min(0),
  waitSeconds: z.number().min(0),
  observed: signInObservedSchema.nullable(),
  checks: z.array(signInCheckSchema).max(20),
  /**
   * redirect: passed, every check holds; mismatch, DeepSource sends other values. round-trip: passed, DeepSource showed
   * a signed-in page after Azure returned a code; mismatch, Azure or DeepSource refused. Both: unreachable / tls, the
   * check did not get that far.
   */
  verdict: z.enum(['passed', 'mismatch', 'unreachable', 'tls']).nullable(),
  /** The round trip's findings (null in a redirect check). */
  roundTrip: roundTripSchema.nullable(),
  /** TLS refusal: the certificate's SHA-256, for the admin to compare and trust. */
  certificate: z.strictObject({ fingerprint: z.string().max(200), host: z.string().max(253), kind: z.enum(['untrusted', 'changed']) }).nullable(),
  error: appErrorSchema.nullable(),
});
export type SignInState = z.infer<typeof signInStateSchema>;

const runId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

/**
 * The probe's outcome, before the Azure work: where this DeepSource sends users (if it could be looked at) and the
 * account type and callback form the new app is registered with because of it.
 */
export const signInProbeSchema = z.strictObject({
  /** Did the probe see DeepSource send a browser to an authorize endpoint? */
  looked: z.boolean(),
  observed: signInObservedSchema.nullable(),
  audience: signInAudienceSchema,
  tenantPath: z.enum(['tenant', 'organizations', 'common']).nullable(),
  /** Why this account type, in the admin's words (what was seen, or why nothing was). */
  why: z.string().max(600),
  /** The callback form DeepSource sends (true: with the trailing slash), when it names this installation's callback. */
  callbackTrailingSlash: z.boolean().nullable(),
});
export type SignInProbe = z.infer<typeof signInProbeSchema>;

export const signInRequests = {
  probe: z.strictObject({ profileId: profileIdSchema }),
  start: z.strictObject({
    profileId: profileIdSchema,
    /** Another login page than https://HOSTNAME/login (https, or http on loopback only). */
    url: z.string().max(2048).optional(),
    /** How long to keep retrying while DeepSource restarts after a deploy (default: one attempt). */
    waitSeconds: z.number().int().min(0).max(1800).optional(),
    /** A certificate the admin compared and trusts for the DeepSource host. */
    trustFingerprint: fingerprintSchema.optional(),
    /** `round-trip`: sign in through Azure and back (the admin signs in); default the redirect check. */
    mode: z.enum(signInModes).optional(),
  }),
  run: z.strictObject({ runId }),
  bounds: z.strictObject({ runId, ...viewBoundsFields }),
};
export type SignInStartRequest = z.infer<typeof signInRequests.start>;
