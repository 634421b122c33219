import { z } from 'zod';
import { signInAudienceSchema } from './audience';
import { maskedSecretSchema } from './masked';
import { profileIdSchema } from './profile';
import { appPageSchema, providerIdSchema } from './providers';
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
  /** Not checked yet: what it looks at was not read (a page the admin has not opened). Never passed. */
  pending: z.literal(true).optional(),
  /** Passed, with something the admin should know (consent not granted yet, an account type not known). */
  warning: z.literal(true).optional(),
});
export type Check = z.infer<typeof checkSchema>;

export { signInAudiences, signInAudienceSchema, type SignInAudience } from './audience';

/** One configured API permission as the app's API permissions page lists it. */
export const apiPermissionSchema = z.strictObject({
  /** The API's display name ("Azure DevOps"). */
  resource: z.string().max(200),
  scope: z.string().max(200),
  type: z.enum(['Delegated', 'Application']),
  consent: z.enum(['granted', 'not-granted']),
});
export type ApiPermission = z.infer<typeof apiPermissionSchema>;

/** What was read back from the app's own pages in Azure (each absent until its page was read). */
export const readBackSchema = z.strictObject({
  signInAudience: signInAudienceSchema.optional(),
  /** The Web platform's redirect URIs, each exactly as shown. */
  redirectUris: z.array(z.string().max(2048)).max(64).optional(),
  apiPermissions: z.array(apiPermissionSchema).max(100).optional(),
  /** The expiry of the client secret whose Value was read, from its row in the Client secrets list (YYYY-MM-DD). */
  secretExpiresOn: z.iso.date().optional(),
});
export type ReadBack = z.infer<typeof readBackSchema>;

export const fieldStateSchema = z.strictObject({
  key: z.string().max(32),
  title: z.string().max(80),
  status: z.enum(['found', 'missing', 'rejected']),
  /** Non-secret values (ids, URLs) in clear; absent for secrets. */
  value: z.string().max(2048).optional(),
  /** Secrets: the masked form only. */
  masked: maskedSecretSchema.optional(),
  reason: z.string().max(300).optional(),
  /** Read from the page, picked by the admin, or built by the app from values read (Entra's authorize URL). */
  source: z.enum(['page', 'pick', 'built']).optional(),
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
  /** What prefill did to the register form: filled, ticked by it, left as the page had them, chosen. */
  prefill: z
    .strictObject({
      filled: z.array(z.strictObject({ label: z.string().max(80), value: z.string().max(300) })),
      missingFields: z.array(z.string().max(80)),
      /** Scope boxes prefill ticked. */
      ticked: z.array(z.string().max(160)),
      /** Scope boxes the page had ticked already. */
      alreadyTicked: z.array(z.string().max(160)),
      /** Boxes next to the scopes that prefill unticked. */
      unticked: z.array(z.string().max(160)),
      /** Boxes elsewhere the page had ticked, left as they were. */
      leftTicked: z.array(z.string().max(160)),
      /** Radio groups and drop-downs set (the account type, the platform). */
      chosen: z.array(z.strictObject({ label: z.string().max(80), option: z.string().max(300) })),
      missingScopes: z.array(z.string().max(80)),
      missingChoices: z.array(z.string().max(80)),
    })
    .nullable(),
  /** The account type a new app is registered with, and why (Entra). */
  audience: z.strictObject({ value: signInAudienceSchema, why: z.string().max(400) }).nullable(),
  /** What was read back from the app's own pages in Azure (null where the provider has none). */
  readBack: readBackSchema.nullable(),
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
  openPage: z.strictObject({ flowId, page: appPageSchema }),
  bounds: z.strictObject({ flowId, ...viewBoundsFields }),
};
