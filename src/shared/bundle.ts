import { z } from 'zod';
import { errorCodes } from './errors';
import { appSlugSchema } from './identifiers';
import { itemCandidateSchema } from './console';
import { consoleFieldRoles, consoleItemNameSchema, fingerprintSchema, isoDateTimeSchema, mappingSources, profileIdSchema } from './profile';

/** The signed config bundle (issue 6): what crosses IPC and `--json`. Never a secret value. */

export const BUNDLE_FORMAT = 'ads-setup-bundle';
/** 2 adds the `apply` record (deploy, target, mapping source). */
export const BUNDLE_FORMAT_VERSION = 2;
/** What this app reads: version 1 (from earlier exports, no `apply` record) and version 2. */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];
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
const itemNameSchema = consoleItemNameSchema;

/** Where a bundle is applied: a KOTS admin console (`kubectl kots set config`), or Embedded Cluster v3 (no KOTS). */
export const bundleTargets = ['kots', 'embedded-cluster-v3'] as const;
export type BundleTarget = (typeof bundleTargets)[number];

/** What the admin asked for when exporting, so the host script and `inspect` need not guess. */
export const applyRecordSchema = z.strictObject({
  deploy: z.boolean(),
  target: z.enum(bundleTargets),
  /** How the profile learned the console's item names: read from the console, a host discovery file, or typed. */
  mappingSource: z.enum(mappingSources),
});
export type ApplyRecord = z.infer<typeof applyRecordSchema>;

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
  /** Format 2 and later; absent in format 1. */
  apply: applyRecordSchema.optional(),
}).refine((meta) => (meta.formatVersion >= 2) === (meta.apply !== undefined), 'format 2 records what was asked (apply); format 1 does not');
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
  target: z.enum(bundleTargets).optional(),
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

const roleSchema = z.enum(consoleFieldRoles);

/** The mapping proposed from a host discovery file: matched by title as a push matches, for the admin to confirm. */
export const mappingProposalSchema = z.strictObject({
  appSlug: appSlugSchema.optional(),
  itemCount: z.number().int().nonnegative(),
  matched: z.partialRecord(roleSchema, z.strictObject({ name: itemNameSchema, title: z.string(), type: z.string(), by: z.enum(['title', 'admin']) })),
  missing: z.array(roleSchema),
  ambiguous: z.array(roleSchema),
  plainSecret: z.array(roleSchema),
  candidates: z.partialRecord(roleSchema, z.array(itemCandidateSchema)),
  complete: z.boolean(),
});
export type MappingProposal = z.infer<typeof mappingProposalSchema>;

export const discoveryScriptRequestSchema = z.strictObject({ profileId: profileIdSchema.optional() });
export const discoveryScriptResponseSchema = z.strictObject({ script: z.string(), fileName: z.string() });

export const readDiscoveryRequestSchema = z.strictObject({
  /** The discovery script's output, pasted or read from its file (at most 1 MB). */
  text: z.string().min(1).max(1024 * 1024),
  mapping: z.partialRecord(roleSchema, itemNameSchema).optional(),
  allowPlainSecretItems: z.array(itemNameSchema).max(10).optional(),
});

/** Saves the console mapping the admin confirmed (or typed) in the profile, for bundles. */
export const setMappingRequestSchema = z.strictObject({
  profileId: profileIdSchema,
  mapping: z.record(roleSchema, itemNameSchema),
  appSlug: appSlugSchema.optional(),
  source: z.enum(['discovery', 'manual']),
  allowPlainSecretItems: z.array(itemNameSchema).max(10).optional(),
});
