import type { ConsolePlan, ConsoleTarget, PlanResult } from '../../shared/console';
import type { ConsoleFieldRole } from '../../shared/console-fields';
import { AppError } from '../../shared/errors';
import type { Profile } from '../../shared/profile';
import type { VaultService } from '../vault/vault';
import type { ConsoleState } from './console-state';
import { desiredValues, planIdOf, planItems, type PlannedItem } from './diff';
import { decideMapping, discoverItems, findDeepSourceHost, type LocatedItem } from './items';
import type { ConsoleTlsError } from './kots-client';
import { deployedSequenceOf, latestSequenceOf, type KotsApp, type KotsGroup } from './kots-types';
import { consoleOrigin, type Session } from './session';

/** A plan shown to the admin, and what an apply needs to carry it out exactly. */
export interface PlanContext {
  plan: ConsolePlan;
  planned: PlannedItem[];
  /** Every console item's title by name, to explain a rejection in the admin's words. */
  titles: Map<string, string>;
  /** The config as read at the base version: what the check before the save re-renders with our values. */
  groups: KotsGroup[];
  at: number;
}

/**
 * Reads the console and makes the plan: the app, the items found by title (re-rendered with the checkbox on when a
 * console hides them until then), the mapping decision, and the masked diff. Writes nothing to the console; the
 * mapping and the app are remembered in the profile even on a plan-only run (a bundle needs them later).
 */
export async function readPlan(
  { vault, state }: { vault: VaultService; state: ConsoleState },
  profile: Profile,
  target: ConsoleTarget,
  session: Session,
  now: () => number,
): Promise<{ result: PlanResult; context?: PlanContext }> {
  const { client } = session;
  const apps = await client.listApps();
  const picked = pickApp(apps, target.appSlug ?? profile.console.appSlug, session.origin, target.appSlug !== undefined);
  if (picked.needs) return { result: picked.needs };
  const app = picked.app;
  // Nothing deployed: the KOTS Config page opens `currentSequence` (the latest version that is not pending_download,
  // whose config kotsadm refuses to serve), never the newest pending one.
  const deployed = deployedSequenceOf(app) ?? app.currentSequence ?? 0;
  const latest = latestSequenceOf(app) ?? deployed;
  let groups = await client.getConfig(app.slug, deployed);
  let discovery = discoverItems(groups, target.mapping ?? {}, profile.consoleItems);
  const enable = discovery.resolved.enable;
  if (discovery.missing.length > 0 && enable && enable.item.value !== '1') {
    // Some consoles leave the fields out until the checkbox is on: re-render with it on (nothing is saved) and look
    // again. The checkbox keeps its stored value for the diff.
    const stored = enable.item.value ?? '';
    const edited = groups.map((g) => ({ ...g, items: g.items.map((i) => (i.name === enable.item.name ? { ...i, value: '1' } : i)) }));
    const live = (await client.liveConfig(app.slug, deployed, edited)).configGroups;
    groups = live.map((g) => ({ ...g, items: g.items.map((i) => (i.name === enable.item.name ? { ...i, value: stored } : i)) }));
    discovery = discoverItems(groups, target.mapping ?? {}, profile.consoleItems);
  }
  const plainConfirmed = [...new Set([...(profile.plainSecretItems ?? []), ...(target.allowPlainSecretItems ?? [])])];
  const decision = decideMapping(groups, discovery, plainConfirmed);
  await state.recordMapping(profile.id, { mapping: decision.mapping, source: 'console', appSlug: app.slug, ...(target.allowPlainSecretItems ? { plainSecretItems: plainConfirmed } : {}) });
  // DeepSource's own host name, as its config says: offered to the admin for the installation (never applied here).
  const deepsourceHost = findDeepSourceHost(groups);
  await state.recordDeepSourceHost(profile.id, deepsourceHost);
  const host = deepsourceHost ? { deepsourceHost } : {};
  const appRef = { slug: app.slug, name: app.name ?? app.slug };
  if (!decision.complete) {
    const { mapping: found, missing, ambiguous, plainSecret, candidates } = decision;
    return { result: { status: 'needs-mapping', console: session.origin, app: appRef, found, missing, ambiguous, plainSecret, candidates } };
  }
  if (target.connectOnly) return { result: { status: 'connected', console: session.origin, app: appRef, ...host } };
  const secrets = {
    clientSecret: await vault.readSecret(profile.id, 'client-secret'),
    webhookSecret: await vault.readSecret(profile.id, 'webhook-secret'),
  };
  const planned = planItems(discovery.resolved as Record<ConsoleFieldRole, LocatedItem>, desiredValues(profile, secrets), profile.console.pushed ?? {});
  const plan: ConsolePlan = {
    planId: planIdOf(session.origin, app.slug, deployed, planned),
    console: session.origin,
    app: appRef,
    baseSequence: deployed,
    latestSequence: latest,
    items: planned.map((entry) => entry.planItem),
    changes: planned.filter((entry) => entry.planItem.action !== 'unchanged').length,
  };
  const titles = new Map(groups.flatMap((g) => g.items.map((i) => [i.name, i.title || i.name] as const)));
  return { result: { status: 'ready', plan, ...host }, context: { plan, planned, titles, groups, at: now() } };
}

function pickApp(apps: KotsApp[], wanted: string | undefined, origin: string, explicit: boolean): { app: KotsApp; needs?: undefined } | { needs: Extract<PlanResult, { status: 'needs-app' }> } {
  const list = apps.map((a) => ({ slug: a.slug, name: a.name ?? a.slug }));
  const needs = { needs: { status: 'needs-app' as const, console: origin, apps: list } };
  if (wanted !== undefined) {
    const found = apps.find((a) => a.slug === wanted);
    if (found) return { app: found };
    if (explicit || apps.length !== 1) return needs;
  }
  if (apps.length === 1 && apps[0]) return { app: apps[0] };
  if (apps.length === 0) throw new AppError('CONSOLE_BAD_ANSWER', 'The admin console lists no installed application.', 'Install DeepSource in this console first, or check the URL.');
  return needs;
}

/** A certificate question, with the pinned fingerprint beside the presented one when it changed. */
export function needsTrust(profile: Profile, target: ConsoleTarget, error: ConsoleTlsError): PlanResult {
  let origin = target.consoleUrl ?? profile.console.url ?? '';
  try {
    origin = consoleOrigin(origin).origin;
  } catch {
    // Shown as given; the error that follows names the problem.
  }
  const pinned = error.kind === 'changed' ? profile.console.pinnedFingerprint : undefined;
  return { status: 'needs-trust', console: origin, reason: error.kind, ...(error.fingerprint ? { fingerprint: error.fingerprint } : {}), ...(pinned ? { pinnedFingerprint: pinned } : {}), message: error.message };
}
