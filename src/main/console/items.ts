import type { ItemCandidate } from '../../shared/console';
import { CONSOLE_FIELDS, CONSOLE_GROUP_TITLE, consoleFieldRoles, normalizeTitle, type ConsoleFieldRole } from '../../shared/console-fields';
import { AppError } from '../../shared/errors';
import { hostnameSchema } from '../../shared/profile';
import type { KotsGroup, KotsItem } from './kots-types';

export type RoleMapping = Partial<Record<ConsoleFieldRole, string>>;

/** One console item with where it lives. */
export interface LocatedItem {
  item: KotsItem;
  group: KotsGroup;
}

const NON_INPUT_TYPES = new Set(['label', 'heading']);
/** Item types that hold a text value (a secret among them only in `password`, which KOTS encrypts). */
const TEXT_TYPES = new Set(['text', '', 'textarea', 'password']);
const SECRET_ROLES = consoleFieldRoles.filter((role) => CONSOLE_FIELDS[role].secret);

const sameTitle = (a: string | undefined) => (b: string) => normalizeTitle(a) === normalizeTitle(b);

/** A documented title (see the field table), or a short title inside a group titled "Azure DevOps Services". */
function matchesRole(role: ConsoleFieldRole, { item, group }: LocatedItem): boolean {
  const field = CONSOLE_FIELDS[role];
  if (NON_INPUT_TYPES.has(item.type) || (field.type === 'bool') !== (item.type === 'bool')) return false;
  if (field.titles.some(sameTitle(item.title))) return true;
  return sameTitle(group.title)(CONSOLE_GROUP_TITLE) && field.groupTitles.some(sameTitle(item.title));
}

function fitsRole(role: ConsoleFieldRole, item: KotsItem): boolean {
  return CONSOLE_FIELDS[role].type === 'bool' ? item.type === 'bool' : TEXT_TYPES.has(item.type);
}

export function candidateOf({ item, group }: LocatedItem): ItemCandidate {
  return { name: item.name, title: item.title ?? '', type: item.type, group: group.title ?? group.name };
}

export function locateAll(groups: KotsGroup[]): LocatedItem[] {
  return groups.flatMap((group) => group.items.map((item) => ({ item, group })));
}

export interface Discovery {
  /** Role → item for every role resolved (by the admin's choice, the saved mapping or a unique title match). */
  resolved: Partial<Record<ConsoleFieldRole, LocatedItem>>;
  missing: ConsoleFieldRole[];
  ambiguous: ConsoleFieldRole[];
  candidates: Partial<Record<ConsoleFieldRole, ItemCandidate[]>>;
}

/**
 * Finds the Azure DevOps Services items by title, never by a hard-coded name: the documented flat titles
 * ("Azure DevOps Services Application ID"…) or a group titled "Azure DevOps Services" with short item titles.
 * The admin's explicit mapping wins, then the mapping saved in the profile (if those items still exist).
 */
export function discoverItems(groups: KotsGroup[], chosen: RoleMapping, saved: RoleMapping): Discovery {
  const all = locateAll(groups).filter(({ item }) => !NON_INPUT_TYPES.has(item.type));
  const byName = new Map(all.map((located) => [located.item.name, located]));
  const discovery: Discovery = { resolved: {}, missing: [], ambiguous: [], candidates: {} };
  for (const role of consoleFieldRoles) {
    const choice = chosen[role];
    if (choice !== undefined) {
      const located = byName.get(choice);
      if (!located) throw new AppError('INVALID_INPUT', `The console has no config item named "${choice}" (given for ${role}).`, 'Use one of the item names the plan listed as candidates.');
      if (!fitsRole(role, located.item)) {
        throw new AppError('INVALID_INPUT', `The item "${choice}" is of type ${located.item.type || 'text'}, which cannot hold the ${role} value.`, 'Choose an item of a matching type from the candidates.');
      }
      discovery.resolved[role] = located;
      continue;
    }
    const remembered = saved[role] !== undefined ? byName.get(saved[role]) : undefined;
    if (remembered && fitsRole(role, remembered.item)) {
      discovery.resolved[role] = remembered;
      continue;
    }
    const matches = all.filter((located) => matchesRole(role, located));
    if (matches.length === 1) {
      discovery.resolved[role] = matches[0];
      continue;
    }
    if (matches.length > 1) {
      discovery.ambiguous.push(role);
      discovery.candidates[role] = matches.map(candidateOf);
      continue;
    }
    discovery.missing.push(role);
    const related = all.filter(({ item, group }) => fitsRole(role, item) && /azure|devops|\bado\b/.test(`${normalizeTitle(item.title)} ${normalizeTitle(group.title)} ${item.name.toLowerCase()}`));
    discovery.candidates[role] = (related.length > 0 ? related : all.filter(({ item }) => fitsRole(role, item))).slice(0, 25).map(candidateOf);
  }
  const names = Object.entries(discovery.resolved).map(([, located]) => located.item.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new AppError('INVALID_INPUT', `The item "${duplicate}" was chosen for two different fields.`, 'Map each field to its own console item.');
  return discovery;
}

/** What push and the bundle decide from a console's items: the mapping, and what the admin must still settle. */
export interface MappingDecision {
  mapping: RoleMapping;
  missing: ConsoleFieldRole[];
  ambiguous: ConsoleFieldRole[];
  /** Secret roles on an item KOTS does not encrypt (not `password`), which the admin has not accepted. */
  plainSecret: ConsoleFieldRole[];
  candidates: Partial<Record<ConsoleFieldRole, ItemCandidate[]>>;
  complete: boolean;
}

export function decideMapping(groups: KotsGroup[], discovery: Discovery, plainConfirmed: readonly string[]): MappingDecision {
  const plainSecret = SECRET_ROLES.filter((role) => {
    const located = discovery.resolved[role];
    return located !== undefined && located.item.type !== 'password' && !plainConfirmed.includes(located.item.name);
  });
  // For a secret role on a plain item: that item (to keep it, once accepted) and the password items to choose instead.
  const candidates = { ...discovery.candidates };
  const passwords = locateAll(groups).filter(({ item }) => item.type === 'password');
  for (const role of plainSecret) candidates[role] = [discovery.resolved[role]!, ...passwords].map(candidateOf);
  const { missing, ambiguous } = discovery;
  return { mapping: mappingOf(discovery), missing, ambiguous, plainSecret, candidates, complete: missing.length === 0 && ambiguous.length === 0 && plainSecret.length === 0 };
}

export function mappingOf(discovery: Discovery): RoleMapping {
  const mapping: RoleMapping = {};
  for (const role of consoleFieldRoles) {
    const located = discovery.resolved[role];
    if (located) mapping[role] = located.item.name;
  }
  return mapping;
}


/**
 * How DeepSource titles the item with its own host name (docs: Admin Console → Config, "Application hostname"),
 * and a shorter spelling seen on consoles. Found by title like the Azure DevOps Services fields.
 */
export const DEEPSOURCE_HOST_TITLES = ['Application hostname', 'Hostname'] as const;

/**
 * DeepSource's host name from the app's config: the value (else the default) of the one item titled as above, as a
 * host name (a pasted scheme or trailing slash dropped). Nothing when no item, several, or not a host name.
 */
export function findDeepSourceHost(groups: KotsGroup[]): string | undefined {
  const values = new Set<string>();
  for (const title of DEEPSOURCE_HOST_TITLES) {
    for (const { item } of locateAll(groups)) {
      if (NON_INPUT_TYPES.has(item.type) || !TEXT_TYPES.has(item.type) || item.type === 'password' || !sameTitle(item.title)(title)) continue;
      const raw = (item.value || item.default || '').trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '');
      const host = hostnameSchema.safeParse(raw);
      if (host.success) values.add(host.data);
    }
    if (values.size > 0) break;
  }
  return values.size === 1 ? [...values][0] : undefined;
}
