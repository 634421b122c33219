import { z } from 'zod';
import { AppError } from '../../shared/errors';

/** What the client reads from kotsadm. Loose objects: newer consoles add fields, which are kept but not needed. */
export const kotsItemSchema = z.looseObject({
  name: z.string(),
  type: z.string().default(''),
  title: z.string().optional(),
  default: z.string().optional().catch(''),
  value: z.string().optional().catch(''),
  required: z.boolean().optional(),
  hidden: z.boolean().optional(),
  when: z.string().optional(),
  help_text: z.string().optional(),
});
export type KotsItem = z.infer<typeof kotsItemSchema>;

export const kotsGroupSchema = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  when: z.string().optional(),
  items: z.array(kotsItemSchema).nullish().transform((items) => items ?? []),
});
export type KotsGroup = z.infer<typeof kotsGroupSchema>;

export const configResponseSchema = z.looseObject({
  configGroups: z.array(kotsGroupSchema).nullish().transform((groups) => groups ?? []),
});

const versionRefSchema = z.looseObject({ sequence: z.number().int(), parentSequence: z.number().int().optional(), status: z.string().optional(), source: z.string().optional() });

export const kotsAppSchema = z.looseObject({
  slug: z.string(),
  name: z.string().optional(),
  currentSequence: z.number().int().optional(),
  isConfigurable: z.boolean().optional(),
  downstream: z
    .looseObject({
      currentVersion: versionRefSchema.nullish(),
      pendingVersions: z.array(versionRefSchema).nullish(),
    })
    .nullish(),
});
export type KotsApp = z.infer<typeof kotsAppSchema>;

export const appsResponseSchema = z.looseObject({ apps: z.array(kotsAppSchema).nullish().transform((apps) => apps ?? []) });

// A status is one short word in KOTS; anything long is not a console answer (and would end up on screen).
export const versionEntrySchema = z.looseObject({ sequence: z.number().int(), status: z.string().max(64), source: z.string().optional().default('') });
export type VersionEntry = z.infer<typeof versionEntrySchema>;
export const versionsResponseSchema = z.looseObject({
  versionHistory: z.array(versionEntrySchema).nullish().transform((list) => list ?? []),
  totalCount: z.number().optional(),
});

export const validationErrorsSchema = z.array(
  z.looseObject({
    name: z.string(),
    item_errors: z.array(z.looseObject({ name: z.string(), validation_errors: z.array(z.looseObject({ message: z.string() })).nullish() })).nullish(),
  }),
);
export type KotsValidationErrors = z.infer<typeof validationErrorsSchema>;

/** The deployed sequence: `downstream.currentVersion.parentSequence` (the Config page opens this one). */
export function deployedSequenceOf(app: KotsApp): number | undefined {
  const current = app.downstream?.currentVersion;
  if (!current) return undefined;
  return current.parentSequence ?? current.sequence;
}

/** The latest sequence (KOTS' `currentSequence`, ignoring pending_download), falling back to the versions known. */
export function latestSequenceOf(app: KotsApp): number | undefined {
  const known = [app.currentSequence, app.downstream?.currentVersion?.sequence, ...(app.downstream?.pendingVersions ?? []).map((v) => v.sequence)].filter(
    (n): n is number => typeof n === 'number',
  );
  return known.length > 0 ? Math.max(...known) : undefined;
}

/** The version history's page size, as the KOTS UI asks for it. */
export const VERSION_PAGE_SIZE = 20;
/** How many pages a search reads at most (200 versions): beyond that the version is not looked for. */
export const MAX_VERSION_PAGES = 10;

/**
 * Reads the version history page by page until `found` holds for what was read, the history ends, or
 * {@link MAX_VERSION_PAGES} were read. A version need not be on the first page: newer releases push it down, and a
 * semver-sorted history puts a Config Change on an older release below newer pending ones.
 */
export async function readVersionsUntil(list: (page: number) => Promise<VersionEntry[]>, found: (versions: readonly VersionEntry[]) => boolean): Promise<VersionEntry[]> {
  const versions: VersionEntry[] = [];
  for (let page = 0; page < MAX_VERSION_PAGES; page += 1) {
    const entries = await list(page);
    versions.push(...entries);
    if (found(versions) || entries.length < VERSION_PAGE_SIZE) break;
  }
  return versions;
}

/** A version to follow that the console does not list: said at once, with the versions it does list. */
export function unknownVersion(sequence: number, slug: string, versions: readonly VersionEntry[], profileId: string): AppError {
  const listed = versions.map((v) => `${v.sequence} (${v.status})`).join(', ');
  const newest = versions.length > 0 ? Math.max(...versions.map((v) => v.sequence)) : undefined;
  return new AppError(
    'NOT_FOUND',
    `Version ${sequence} is not in the version history of ${slug}${listed ? `; its recent versions are ${listed}` : ', which lists no versions'}. Nothing was followed.`,
    newest !== undefined ? `Follow one of those, e.g. \`ads-setup push --profile ${profileId} --follow ${newest}\`, or look at Version history in the admin console.` : 'Look at Version history in the admin console.',
  );
}
