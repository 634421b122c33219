import type { PlanItem } from '../../shared/console';
import { CONSOLE_FIELDS, consoleFieldRoles, type ConsoleFieldRole } from '../../shared/console-fields';
import { AppError } from '../../shared/errors';
import type { Profile } from '../../shared/profile';
import { sha256Hex as sha256 } from '../crypto/sha256';
import { maskSecret } from '../secrets/mask';
import type { LocatedItem } from './items';
import type { KotsGroup, KotsItem } from './kots-types';

/**
 * The diff between what the console holds and what the field table says it must hold, the PUT it makes, and the
 * read-back check of the version a save created.
 */

/** What one role must hold (the field table's value for this profile). */
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
  const values = { hostDomain: profile.hostDomain, authorityHost: profile.authorityHost, appId, ...secrets };
  return consoleFieldRoles.map((role): Desired => ({ role, value: CONSOLE_FIELDS[role].value(values), secret: CONSOLE_FIELDS[role].secret }));
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

/** The config as read with our values put in: what liveconfig re-renders and validates before the save. */
export function editedGroups(groups: KotsGroup[], planned: PlannedItem[]): KotsGroup[] {
  const sent = new Map(planned.filter((p) => p.send).map((p) => [p.located.item.name, p.sendValue] as const));
  return groups.map((g) => ({ ...g, items: g.items.map((i) => (sent.has(i.name) ? { ...i, value: sent.get(i.name) } : i)) }));
}

/** Shown, required items that are empty with no default in a rendered config (what kotsadm calls pending_config). */
export function missingRequired(groups: KotsGroup[]): string[] {
  return groups
    .filter((g) => g.when !== 'false')
    .flatMap((g) => g.items)
    .filter((i) => i.required && !i.hidden && i.when !== 'false' && (i.value ?? '') === '' && (i.default ?? '') === '')
    .map((i) => i.name);
}

/**
 * The PUT body's groups: only the items to send, each in its own group (the console merges by item name). kotsadm
 * validates a save with the `validation` and `required` fields sent with each item, so they go along, taken from the
 * config re-rendered with our values (`rendered`): an item read while hidden (`when: "false"`, the checkbox off) is
 * sent as it renders now, never as that stale hidden copy.
 */
export function putGroups(planned: PlannedItem[], rendered: KotsGroup[] = []): unknown[] {
  const now = new Map(rendered.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
  const groups = new Map<string, { name: string; title: string; items: Array<Record<string, unknown>> }>();
  for (const entry of planned) {
    if (!entry.send) continue;
    const { group, item } = entry.located;
    const shown = now.get(item.name);
    const target = groups.get(group.name) ?? { name: group.name, title: group.title ?? group.name, items: [] };
    target.items.push({
      name: item.name,
      type: item.type,
      ...(item.title ? { title: item.title } : {}),
      value: entry.sendValue,
      ...(shown ? { required: shown.required ?? false, hidden: shown.hidden ?? false, when: shown.when ?? 'true', ...('validation' in shown ? { validation: shown['validation'] } : {}) } : {}),
    });
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
 * be present, encrypted, and the same ciphertext when sent unchanged. A replaced one may read back as its old
 * ciphertext (a fixed-nonce console, KOTS before v1.129.2, given the same secret): a note, not a problem. Returns the
 * problems, the notes, and for the password items the hashes to remember (so the next plan can say "unchanged").
 */
export function checkReadBack(groups: KotsGroup[], planned: PlannedItem[]): { problems: string[]; notes: string[]; pushed: NonNullable<Profile['console']['pushed']> } {
  const items = new Map(groups.flatMap((g) => g.items.map((i) => [i.name, i] as const)));
  const problems: string[] = [];
  const notes: string[] = [];
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
      else if (stored === entry.desired.value) problems.push(`"${title}" was stored unencrypted`);
      else {
        // KOTS before v1.129.2 seals with a fixed nonce: the same secret sent again gives the same ciphertext, so the
        // console already held this secret. The version is new and every other item is checked, so this is accepted.
        if (entry.planItem.action === 'replace' && stored === before) notes.push(`"${title}" already held this secret (the console stored the same ciphertext again, as KOTS before v1.129.2 does for an unchanged value)`);
        pushed[entry.desired.role] = { storedSha256: sha256(stored), secretSha256: sha256(entry.desired.value) };
      }
    } else if (effectiveValue(item) !== entry.desired.value) {
      problems.push(entry.desired.secret ? `"${title}" does not hold the new secret` : `"${title}" reads "${effectiveValue(item)}", expected "${entry.desired.value}"`);
    }
  }
  return { problems, notes, pushed };
}
