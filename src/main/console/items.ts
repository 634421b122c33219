import { createHash } from 'node:crypto';
import type { ItemCandidate, PlanItem } from '../../shared/console';
import { AppError } from '../../shared/errors';
import { consoleFieldRoles, type ConsoleFieldRole, type Profile } from '../../shared/profile';
import { maskSecret } from '../secrets/mask';
import type { KotsGroup, KotsItem } from './kots-types';

export type RoleMapping = Partial<Record<ConsoleFieldRole, string>>;

/** One console item with where it lives. */
export interface LocatedItem {
  item: KotsItem;
  group: KotsGroup;
}

const GROUP_TITLE = 'azure devops services';
/** The documented titles (shared reference §12), without the "Azure DevOps Services" prefix. */
const FIELD_SUFFIX: Record<Exclude<ConsoleFieldRole, 'enable'>, string> = {
  hostDomain: 'host domain',
  authorityHost: 'authority host',
  appId: 'application id',
  clientSecret: 'application client secret',
  webhookSecret: 'webhook secret',
};
const SECRET_ROLES = new Set<ConsoleFieldRole>(['clientSecret', 'webhookSecret']);
const NON_INPUT_TYPES = new Set(['label', 'heading']);

/** Case- and whitespace-insensitive form of a title. */
export function normalizeTitle(title: string | undefined): string {
  return (title ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function isSecretRole(role: ConsoleFieldRole): boolean {
  return SECRET_ROLES.has(role);
}

function matchesRole(role: ConsoleFieldRole, { item, group }: LocatedItem): boolean {
  const title = normalizeTitle(item.title);
  const inAdsGroup = normalizeTitle(group.title) === GROUP_TITLE;
  if (role === 'enable') {
    if (item.type !== 'bool') return false;
    return title === GROUP_TITLE || title === `enable ${GROUP_TITLE}` || (inAdsGroup && (title === 'enable' || title === 'enabled'));
  }
  if (NON_INPUT_TYPES.has(item.type) || item.type === 'bool') return false;
  const suffix = FIELD_SUFFIX[role];
  return title === `${GROUP_TITLE} ${suffix}` || (inAdsGroup && title === suffix);
}

function fitsRole(role: ConsoleFieldRole, item: KotsItem): boolean {
  if (role === 'enable') return item.type === 'bool';
  if (isSecretRole(role)) return item.type === 'password' || item.type === 'text' || item.type === '' || item.type === 'textarea';
  return item.type === 'text' || item.type === '' || item.type === 'textarea' || item.type === 'password';
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
  const plainSecret = [...SECRET_ROLES].filter((role) => {
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

/** What each role must hold, per provider (shared reference azure-app-registration §6). */
export interface Desired {
  role: ConsoleFieldRole;
  value: string;
  secret: boolean;
}

export function desiredValues(profile: Profile, secrets: { clientSecret: string; webhookSecret: string }): Desired[] {
  const appId = profile.azure.appId;
  if (!appId) {
    throw new AppError('INVALID_INPUT', `Profile "${profile.id}" has no Azure application ID yet, so there is nothing to push.`, 'Register the app in Azure first (Set up; command line: `ads-setup profile update --app-id`).');
  }
  return [
    { role: 'enable', value: '1', secret: false },
    { role: 'hostDomain', value: profile.hostDomain, secret: false },
    { role: 'authorityHost', value: profile.authorityHost, secret: false },
    { role: 'appId', value: appId, secret: false },
    { role: 'clientSecret', value: secrets.clientSecret, secret: true },
    { role: 'webhookSecret', value: secrets.webhookSecret, secret: true },
  ];
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A value as the console uses it: the value, or the default when the value is empty. */
export function effectiveValue(item: KotsItem): string {
  const value = item.value ?? '';
  return value !== '' ? value : (item.default ?? '');
}

export interface PlannedItem {
  planItem: PlanItem;
  located: LocatedItem;
  desired: Desired;
  /** Whether this item goes into the PUT (changed items and every password item). */
  send: boolean;
  /** The value to send: the new plaintext, or for an unchanged password item its current ciphertext. */
  sendValue: string;
}

/**
 * The diff, item by item. A console password item's current value is ciphertext and is never decrypted or shown:
 * it is "unchanged" only when it is byte-for-byte what our last verified push stored for this very secret.
 */
export function planItems(resolved: Record<ConsoleFieldRole, LocatedItem>, desired: Desired[], pushed: NonNullable<Profile['console']['pushed']>): PlannedItem[] {
  return desired.map((want) => {
    const located = resolved[want.role];
    const { item } = located;
    const current = item.value ?? '';
    const base = { role: want.role, name: item.name, title: item.title ?? item.name };
    if (item.type === 'password' || want.secret) {
      const isPassword = item.type === 'password';
      const record = pushed[want.role];
      let unchanged: boolean;
      if (isPassword) unchanged = current !== '' && record !== undefined && record.storedSha256 === sha256(current) && record.secretSha256 === sha256(want.value);
      else unchanged = current === want.value;
      const action = unchanged ? 'unchanged' : current === '' ? 'set' : 'replace';
      return {
        planItem: { ...base, kind: 'secret', action, secret: maskSecret(want.value), currentlySet: current !== '' },
        located,
        desired: want,
        send: isPassword || !unchanged,
        sendValue: unchanged && isPassword ? current : want.value,
      };
    }
    const from = effectiveValue(item);
    const action = from === want.value ? 'unchanged' : from === '' ? 'set' : 'change';
    return {
      planItem: { ...base, kind: item.type === 'bool' ? 'bool' : 'text', action, from, to: want.value, currentlySet: current !== '' },
      located,
      desired: want,
      send: action !== 'unchanged',
      sendValue: want.value,
    };
  });
}

/** The PUT body's groups: only the items to send, each in its own group (the console merges by item name). */
export function putGroups(planned: PlannedItem[]): unknown[] {
  const groups = new Map<string, { name: string; title: string; items: Array<{ name: string; type: string; value: string }> }>();
  for (const entry of planned) {
    if (!entry.send) continue;
    const { group, item } = entry.located;
    const target = groups.get(group.name) ?? { name: group.name, title: group.title ?? group.name, items: [] };
    target.items.push({ name: item.name, type: item.type, value: entry.sendValue });
    groups.set(group.name, target);
  }
  return [...groups.values()];
}

/** A stable id of what the admin was shown: the same console state and the same intended values give the same id. */
export function planIdOf(origin: string, slug: string, baseSequence: number, planned: PlannedItem[]): string {
  const material = planned.map(({ planItem, located, sendValue }) => [planItem.role, planItem.name, planItem.action, sha256(located.item.value ?? ''), sha256(sendValue)]);
  return sha256(JSON.stringify([origin, slug, baseSequence, material]));
}

/**
 * Compares a saved version with what was sent: non-secret values must equal the intended ones; a password item must
 * be present, encrypted, the same ciphertext when sent unchanged, and a different one when replaced. Returns the
 * problems, and for the password items the hashes to remember (so the next plan can say "unchanged").
 */
export function checkReadBack(groups: KotsGroup[], planned: PlannedItem[]): { problems: string[]; pushed: NonNullable<Profile['console']['pushed']> } {
  const items = new Map(groups.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
  const problems: string[] = [];
  const pushed: NonNullable<Profile['console']['pushed']> = {};
  for (const entry of planned) {
    const item = items.get(entry.located.item.name);
    const title = entry.planItem.title;
    if (!item) {
      problems.push(`"${title}" is missing`);
      continue;
    }
    if (item.type === 'password') {
      const stored = item.value ?? '';
      const before = entry.located.item.value ?? '';
      if (stored === '') problems.push(`"${title}" is empty`);
      else if (entry.planItem.action === 'unchanged' && stored !== entry.sendValue) problems.push(`"${title}" changed although it was sent unchanged`);
      else if (entry.planItem.action !== 'unchanged' && stored === before) problems.push(`"${title}" still holds its previous value`);
      else if (stored === entry.desired.value) problems.push(`"${title}" was stored unencrypted`);
      else pushed[entry.desired.role] = { storedSha256: sha256(stored), secretSha256: sha256(entry.desired.value) };
    } else if (effectiveValue(item) !== entry.desired.value) {
      problems.push(entry.desired.secret ? `"${title}" does not hold the new secret` : `"${title}" reads "${effectiveValue(item)}", expected "${entry.desired.value}"`);
    }
  }
  return { problems, pushed };
}
