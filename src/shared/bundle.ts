import { z } from 'zod';
import { errorCodes } from './errors';
import { fingerprintSchema, isoDateTimeSchema, profileIdSchema } from './profile';

/** The signed config bundle (issue 6): what crosses IPC and `--json`. Never a secret value. */

export const BUNDLE_FORMAT = 'ads-setup-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
/** A bundle is a few KB; anything above this is refused before it is read. */
export const BUNDLE_MAX_BYTES = 1024 * 1024;

export const BUNDLE_FILES = {
  public: 'public.configvalues.yaml',
  secrets: 'secrets.configvalues.yaml.age',
  meta: 'bundle.json',
  manifest: 'MANIFEST',
  minisig: 'MANIFEST.minisig',
  rawSig: 'MANIFEST.sig',
} as const;
/** In MANIFEST order (the signatures are not listed: they sign MANIFEST). */
export const MANIFEST_FILES = [BUNDLE_FILES.public, BUNDLE_FILES.secrets, BUNDLE_FILES.meta] as const;
export const ALL_BUNDLE_FILES = [...MANIFEST_FILES, BUNDLE_FILES.manifest, BUNDLE_FILES.minisig, BUNDLE_FILES.rawSig] as const;

export const keyIdSchema = z.string().regex(/^[0-9A-F]{16}$/);
export const bundleIdSchema = z.string().regex(/^[0-9a-f]{16}$/);
/** An age X25519 recipient (Bech32, 62 characters). Post-quantum recipients are refused: Debian's age cannot decrypt them. */
export const ageRecipientSchema = z
  .string()
  .trim()
  .regex(/^age1[02-9ac-hj-np-z]{58}$/, 'expected an age X25519 recipient: "age1" followed by 58 characters (from `age-keygen -y host.key`)');
const appSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/);
const itemNameSchema = z.string().min(1).max(200);

/** bundle.json, exactly. */
export const bundleMetaSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().positive(),
  bundleId: bundleIdSchema,
  createdAt: isoDateTimeSchema,
  expiresAt: isoDateTimeSchema,
  profileLabel: z.string().min(1).max(80),
  appSlug: appSlugSchema,
  signer: z.strictObject({ keyId: keyIdSchema, fingerprint: fingerprintSchema }),
  recipient: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('x25519'), recipient: ageRecipientSchema }),
    z.strictObject({ type: z.literal('passphrase'), kdf: z.literal('scrypt') }),
  ]),
  items: z.strictObject({ public: z.array(itemNameSchema).max(20), secret: z.array(itemNameSchema).max(20) }),
});
export type BundleMeta = z.infer<typeof bundleMetaSchema>;

export const signingKeyViewSchema = z.strictObject({
  keyId: keyIdSchema,
  fingerprint: fingerprintSchema,
  createdAt: isoDateTimeSchema,
  minisign: z.string(),
  pem: z.string(),
});
export type SigningKeyView = z.infer<typeof signingKeyViewSchema>;

export const applyStepSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  command: z.string(),
});
export type ApplyStep = z.infer<typeof applyStepSchema>;
export const applyInstructionsSchema = z.strictObject({
  steps: z.array(applyStepSchema),
  script: z.string(),
});
export type ApplyInstructions = z.infer<typeof applyInstructionsSchema>;

export const exportResultSchema = z.strictObject({
  path: z.string(),
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  meta: bundleMetaSchema,
  signingKeyCreated: z.boolean(),
  instructions: applyInstructionsSchema,
});
export type ExportResult = z.infer<typeof exportResultSchema>;

export const verifyProblemSchema = z.strictObject({
  code: z.enum(errorCodes),
  file: z.string().optional(),
  message: z.string(),
});
export type VerifyProblem = z.infer<typeof verifyProblemSchema>;

export const verifyReportSchema = z.strictObject({
  valid: z.boolean(),
  /** The first problem, in one sentence for the admin. */
  reason: z.string().optional(),
  problems: z.array(verifyProblemSchema),
  pinnedKeyId: keyIdSchema.optional(),
  pinnedFingerprint: fingerprintSchema,
  signedByKeyId: keyIdSchema.optional(),
  trustedComment: z.string().optional(),
  /** Present once the signature and hashes hold (never taken from an unsigned file). */
  meta: bundleMetaSchema.optional(),
  secrets: z.discriminatedUnion('checked', [
    z.strictObject({ checked: z.literal(false) }),
    z.strictObject({ checked: z.literal(true), items: z.array(z.string()) }),
  ]),
});
export type VerifyReport = z.infer<typeof verifyReportSchema>;

export const inspectViewSchema = z.strictObject({
  folder: z.string(),
  /** SHA-256 of the whole .tar. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  files: z.array(z.strictObject({ name: z.string(), size: z.number().int().nonnegative(), sha256: z.string() })),
  manifest: z.string(),
  trustedComment: z.string().optional(),
  meta: bundleMetaSchema,
  publicValues: z.array(z.strictObject({ item: z.string(), value: z.string() })),
  verified: z.literal(false),
});
export type InspectView = z.infer<typeof inspectViewSchema>;

export const expiresInDaysSchema = z.number().int().min(1).max(90);

export const exportRequestSchema = z.strictObject({
  profileId: profileIdSchema,
  recipient: ageRecipientSchema.optional(),
  passphrase: z.string().min(12).max(1024).optional(),
  expiresInDays: expiresInDaysSchema.optional(),
  deploy: z.boolean().optional(),
});

export const signingKeyResponseSchema = z.strictObject({ key: signingKeyViewSchema.nullable() });

/** Verify in the app: the admin pastes the pinned public key (and optionally the host's age key); the file comes from a native open dialog. */
export const verifyRequestSchema = z.strictObject({
  publicKey: z.string().min(1).max(4096),
  identity: z.string().min(1).max(4096).optional(),
});
export const verifyResponseSchema = z.strictObject({
  path: z.string(),
  report: verifyReportSchema,
  instructions: applyInstructionsSchema.optional(),
});
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;
