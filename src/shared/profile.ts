import { z } from 'zod';
import { appErrorSchema } from './error-schema';
import { maskedPasswordSchema, maskedSecretSchema } from './masked';
import { consoleFieldRoles } from './console-fields';
import { appSlugSchema, consoleRouteIdSchema, consoleRouteOptionSchema, guidSchema } from './identifiers';
import { hasUnprintable } from './printable';
import { providerIdSchema } from './providers';
import { signInAudienceSchema } from './audience';
import { entraClouds } from './entra-clouds';

export { CONSOLE_FIELD_TITLES, consoleFieldRoles, type ConsoleFieldRole } from './console-fields';

/**
 * Bumped whenever the stored profile shape changes; older files go through the migration table.
 * 2: keychain accounts under a key made for the profile (not its id); the console's trust is recorded.
 */
export const PROFILE_SCHEMA_VERSION = 2;

export { providerIdSchema, type ProviderId } from './providers';

/** What the keychain holds, per profile (signing-key is app-wide, stored under the global scope). */
export const secretKinds = ['client-secret', 'webhook-secret', 'console-password', 'signing-key'] as const;
export type SecretKind = (typeof secretKinds)[number];
/** The kinds an admin may set by hand (an existing legacy app, a webhook secret already in use). */
export const settableSecretKinds = ['client-secret', 'webhook-secret'] as const;

/**
 * A console config item's name (KOTS keys its values by it): no control or bidi characters, no surrounding blanks,
 * so it is safe in a host script, a terminal and a `grep -x` line.
 */
export const consoleItemNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => name.trim() === name && !hasUnprintable(name), 'a console item name such as ads_client_secret');

/** How a profile learned its console item names. */
export const mappingSources = ['console', 'discovery', 'manual'] as const;
export type MappingSource = (typeof mappingSources)[number];

export const profileIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use 1–63 lower-case letters, digits or dashes, starting with a letter or digit');

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A DNS name with an optional port; no scheme, path, user info or spaces. Lower-cased. */
export const hostnameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253 + 6, 'too long for a host name')
  .refine((value) => {
    const match = /^([^:/?#@\s]+)(?::(\d{1,5}))?$/.exec(value);
    if (!match) return false;
    const [, host = '', port] = match;
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
    if (host.length > 253) return false;
    const labels = host.split('.');
    return labels.length >= 1 && labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels.at(-1) ?? '');
  }, 'enter a host name such as deepsource.example.com (optionally with :port), without https:// or a path');

/** A bare host for the Azure fields (no port). */
export const bareHostSchema = hostnameSchema.refine((value) => !value.includes(':'), 'enter a host name without a port');

export { guidSchema };

export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** The admin console's address: https, or plain http only on loopback (a `kubectl kots admin-console` port-forward). */
export const consoleUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password || url.search || url.hash) return false;
      if (url.protocol === 'https:') return true;
      return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    } catch {
      return false;
    }
  }, 'use https://host[:port] (plain http only for localhost port-forwards)');

export const fingerprintSchema = z
  .string()
  .regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/, 'expected a SHA-256 fingerprint as 32 upper-case hex pairs joined by colons');

export const secretRecordSchema = z.strictObject({
  capturedAt: isoDateTimeSchema,
});

/**
 * The keychain accounts of one profile's life: `p_` + 16 random bytes, made when the profile is created. The `_`
 * cannot occur in a profile id, so no id (old-style account prefix) can ever name these accounts.
 */
export const keychainKeySchema = z.string().regex(/^p_[0-9a-f]{32}$/);

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * Where a remembered console secret may go: this console (an origin, or a route's own name for it), with this pinned
 * certificate or CA (or neither: the OS trust store), through this route (absent: the password).
 */
export const consoleBindingSchema = z.strictObject({
  origin: z.string().min(1).max(2048),
  via: consoleRouteIdSchema.optional(),
  pinnedFingerprint: fingerprintSchema.optional(),
  /** SHA-256 of the CA file's PEM text at the time it was trusted. */
  caSha256: sha256HexSchema.optional(),
});
export type ConsoleBinding = z.infer<typeof consoleBindingSchema>;

export const profileSchema = z.strictObject({
  schemaVersion: z.literal(PROFILE_SCHEMA_VERSION),
  id: profileIdSchema,
  label: z.string().trim().min(1).max(80),
  hostname: hostnameSchema,
  organization: z.string().trim().min(1).max(100),
  provider: providerIdSchema,
  /** Azure compares redirect URIs exactly; DeepSource documents both forms, so the admin may switch. */
  callbackTrailingSlash: z.boolean(),
  hostDomain: bareHostSchema,
  authorityHost: bareHostSchema,
  console: z.strictObject({
    url: consoleUrlSchema.optional(),
    appSlug: appSlugSchema.optional(),
    pinnedFingerprint: fingerprintSchema.optional(),
    caFile: z.string().min(1).max(4096).optional(),
    /**
     * When a login first succeeded with this address and trust. From then on, another address, pin or CA is a
     * decision of the main process (a native dialog, or a fingerprint typed on the command line), never the window's.
     */
    establishedAt: isoDateTimeSchema.optional(),
    /**
     * How the console was last reached (absent: its address and password): a route and its non-secret settings (the
     * kubectl route's context and namespace). Secrets are never kept here.
     */
    access: z
      .strictObject({ via: consoleRouteIdSchema, settings: z.record(consoleRouteOptionSchema, z.string().min(1).max(253)).optional() })
      .optional(),
    /** DeepSource's own host name as the console's config gave it at the last session (offered for the installation). */
    deepsourceHost: hostnameSchema.optional(),
    /**
     * What the last verified push left in the console for each secret item, as SHA-256 hashes only (of the stored
     * ciphertext and of the secret): lets the next plan say "unchanged" without ever decrypting the console's value.
     */
    pushed: z
      .partialRecord(z.enum(consoleFieldRoles), z.strictObject({ storedSha256: sha256HexSchema, secretSha256: sha256HexSchema }))
      .optional(),
  }),
  azure: z.strictObject({
    appId: guidSchema.optional(),
    tenantId: guidSchema.optional(),
    authorizeUrl: z.url({ protocol: /^https$/ }).max(4096).optional(),
    /** The client secret's expiry: read from Azure's Client secrets list or from Graph, or as the admin entered it. */
    clientSecretExpiresOn: z.iso.date().optional(),
    /**
     * Entra: who may sign in to the app (Graph's signInAudience), as read back from the app's pages in Azure. Absent
     * when not known (a profile made by hand): the sign-in check then warns instead of judging the tenant path.
     */
    signInAudience: signInAudienceSchema.optional(),
    /** Entra, made through Microsoft Graph: the registration's object id. */
    objectId: guidSchema.optional(),
    /** The client secret in the keychain as Graph names it: its keyId and hint (never its text). */
    clientSecretKeyId: guidSchema.optional(),
    clientSecretHint: z.string().max(8).optional(),
    /** A rotated-out secret still valid in Azure, removed through Graph once the new one is deployed. */
    retiringSecretKeyId: guidSchema.optional(),
    /**
     * Where the app was made through Graph (the sign-in and Graph addresses and the public client), so that a proof
     * and a rotation go back to the same place. The authority host DeepSource is given stays the cloud's own.
     */
    entra: z
      .strictObject({
        cloud: z.enum(entraClouds),
        loginUrl: z.url({ protocol: /^https$/ }).max(2048),
        graphUrl: z.url({ protocol: /^https$/ }).max(2048),
        clientId: guidSchema,
      })
      .optional(),
  }),
  /** Account prefix of this profile's keychain entries. */
  keychainKey: keychainKeySchema,
  /** Set while entries of the old `<profile id>/<kind>` accounts are being moved under `keychainKey` (schema 1 → 2). */
  keychainMove: z.strictObject({ from: profileIdSchema }).optional(),
  secrets: z.strictObject({
    'client-secret': secretRecordSchema.optional(),
    'webhook-secret': secretRecordSchema.optional(),
    /**
     * The remembered console secret (the password, or the authstring when `boundTo.via` says so), bound to the console
     * it was remembered for; without `boundTo` it is never sent.
     */
    'console-password': secretRecordSchema.extend({ boundTo: consoleBindingSchema.optional() }).optional(),
  }),
  /** Role → the console's config item name, found by title or chosen by the admin. */
  consoleItems: z.partialRecord(z.enum(consoleFieldRoles), consoleItemNameSchema),
  /** Where the mapping came from: read from the console, from the host discovery file, or typed by the admin. */
  consoleItemsSource: z.enum(mappingSources).optional(),
  /** Items the admin accepted for a secret although KOTS does not encrypt them (not `password` items). */
  plainSecretItems: z.array(consoleItemNameSchema).max(10).optional(),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type Profile = z.infer<typeof profileSchema>;

export const DEFAULT_HOST_DOMAIN = 'dev.azure.com';
export const EXPIRY_WARNING_DAYS = 14;

export function callbackUrlFor(profile: Pick<Profile, 'hostname' | 'callbackTrailingSlash'>): string {
  return `https://${profile.hostname}/accounts/ads/login/callback/bifrost${profile.callbackTrailingSlash ? '/' : ''}`;
}

/**
 * A name the admin types that is later shown (a profile's label, the organization): refused when it holds a
 * character the printable rule would escape, since it would hide or reorder what the window and the terminal show.
 */
const shownTextSchema = (max: number) =>
  z.string().trim().min(1).max(max).refine((text) => !hasUnprintable(text), 'use visible characters only (no control, bidi or zero-width characters)');

/** What an admin supplies to create a profile; everything else is derived or defaulted. */
export const profileInputSchema = z.strictObject({
  id: profileIdSchema.optional(),
  label: shownTextSchema(80),
  hostname: hostnameSchema,
  organization: shownTextSchema(100),
  provider: providerIdSchema,
  callbackTrailingSlash: z.boolean().optional(),
  hostDomain: bareHostSchema.optional(),
  authorityHost: bareHostSchema.optional(),
  consoleUrl: consoleUrlSchema.optional(),
  appSlug: appSlugSchema.optional(),
  caFile: z.string().min(1).max(4096).optional(),
  appId: guidSchema.optional(),
  tenantId: guidSchema.optional(),
  authorizeUrl: z.url({ protocol: /^https$/ }).max(4096).optional(),
  /** YYYY-MM-DD: when the current client secret expires (overrides the provider default). */
  secretExpires: z.iso.date().optional(),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;
export const profilePatchSchema = profileInputSchema.omit({ id: true }).partial();
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

export const secretStatusSchema = z.strictObject({
  kind: z.enum(secretKinds),
  present: z.boolean(),
  /** Masked: machine-made secrets with their SHA-256, the console password as dots only. */
  secret: z.union([maskedSecretSchema, maskedPasswordSchema]).optional(),
  /** The console password only: the console (and certificate) it is remembered for. */
  boundTo: consoleBindingSchema.optional(),
  capturedAt: isoDateTimeSchema.optional(),
  expiresAt: isoDateTimeSchema.optional(),
  /** Whole days left (negative once expired); absent when the expiry is unknown. */
  expiresInDays: z.number().int().optional(),
  warning: z.enum(['expired', 'expiring-soon']).optional(),
});
export type SecretStatus = z.infer<typeof secretStatusSchema>;

/** A profile as the renderer and `--json` see it: derived values added, secrets only as masked status. */
export const profileViewSchema = z.strictObject({
  profile: profileSchema,
  callbackUrl: z.string(),
  secrets: z.array(secretStatusSchema),
  /** Set when the keychain could not be read: `secrets` is then empty, not "absent". */
  keychainProblem: appErrorSchema.optional(),
});
export type ProfileView = z.infer<typeof profileViewSchema>;
