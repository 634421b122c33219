import { z } from 'zod';
import { maskedSecretSchema } from './masked';
import { profileIdSchema } from './profile';
import { providerIdSchema } from './providers';
import { viewBoundsFields } from './view-bounds';

export { providerIdSchema };

/** What the renderer may know about a registration flow: never a raw secret (secrets travel masked). */

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
export const orgSchema = z.string().trim().min(1).max(100).regex(/^[^<>"'`\\\u0000-\u001f]+$/);

export const checkSchema = z.strictObject({
  id: z.string().max(64),
  ok: z.boolean(),
  message: z.string().max(600),
  fix: z.string().max(600).optional(),
});

export const fieldStateSchema = z.strictObject({
  key: z.string().max(32),
  title: z.string().max(80),
  status: z.enum(['found', 'missing', 'rejected']),
  /** Non-secret values (ids, URLs) in clear; absent for secrets. */
  value: z.string().max(2048).optional(),
  /** Secrets: the masked form only. */
  masked: maskedSecretSchema.optional(),
  reason: z.string().max(300).optional(),
  source: z.enum(['page', 'pick']).optional(),
});

/** The authorize URL a provider does not show but the flow builds from the IDs it read (Entra): not picked. */
export const BUILT_AUTHORIZE_TITLE = 'Authorize URL (made from the IDs)';

/** A flow registers a new app for an installation, or makes a new client secret for the installation's app. */
export const registrationPurposes = ['new', 'rotate'] as const;
export type RegistrationPurpose = (typeof registrationPurposes)[number];

export const registrationStateSchema = z.strictObject({
  flowId: z.string().max(64),
  /** The installation the flow was started for: its values are checked against it and saved only into it. */
  profileId: profileIdSchema,
  purpose: z.enum(registrationPurposes),
  provider: providerIdSchema,
  providerTitle: z.string().max(80),
  url: z.string().max(4096),
  secure: z.boolean(),
  /** The page is on one of the provider's trusted origins (values are read only there). */
  trusted: z.boolean(),
  canGoBack: z.boolean(),
  /** A page of the provider has loaded after a sign-in page in this flow (stays true). */
  signedIn: z.boolean(),
  loading: z.boolean(),
  blocked: z.strictObject({ url: z.string().max(300), reason: z.string().max(300) }).nullable(),
  refusal: z.strictObject({ message: z.string().max(600), pageText: z.string().max(300).nullable() }).nullable(),
  prefill: z
    .strictObject({
      filled: z.array(z.strictObject({ label: z.string().max(80), value: z.string().max(300) })),
      missingFields: z.array(z.string().max(80)),
      ticked: z.array(z.string().max(160)),
      missingScopes: z.array(z.string().max(80)),
    })
    .nullable(),
  fields: z.array(fieldStateSchema),
  checks: z.array(checkSchema),
  /** Why values were set aside or not taken (the page moved to another app; it shows several apps). */
  notice: z.string().max(300).nullable(),
  picking: z.string().max(32).nullable(),
  complete: z.boolean(),
  ended: z.boolean(),
});
export type RegistrationState = z.infer<typeof registrationStateSchema>;
export type { ProviderId } from './providers';

const flowId = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

export const registrationRequests = {
  /** Provider, host name, organization and callback all come from the installation, never from the window. */
  start: z.strictObject({ profileId: profileIdSchema }),
  flow: z.strictObject({ flowId }),
  /** The flow knows its installation and purpose; only the expiry date the admin chose in the portal is added. */
  save: z.strictObject({ flowId, clientSecretExpiresOn: z.iso.date().optional() }),
  navigate: z.strictObject({ flowId, action: z.enum(['back', 'reload']) }),
  pick: z.strictObject({ flowId, field: z.enum(['appId', 'tenantId', 'clientSecret', 'authorizeUrl']) }),
  bounds: z.strictObject({ flowId, ...viewBoundsFields }),
};
