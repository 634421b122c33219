import type {
  ConsoleApplyRequest,
  ConsoleDeployRequest,
  ConsolePlan,
  ConsoleStatusRequest,
  ConsoleTarget,
  PlanResult,
  PushProgress,
  PushReport,
  PushStep,
  VersionStatusView,
} from '../../shared/console';
import { AppError } from '../../shared/errors';
import type { ConsoleFieldRole, Profile, ProfilePatch } from '../../shared/profile';
import type { VaultService } from '../vault/vault';
import {
  checkReadBack,
  decideMapping,
  desiredValues,
  discoverItems,
  planIdOf,
  planItems,
  putGroups,
  type LocatedItem,
  type PlannedItem,
} from './items';
import { ConsoleTlsError } from './kots-client';
import { deployedSequenceOf, latestSequenceOf, type KotsApp, type KotsGroup } from './kots-types';
import { ConsoleSessions, consoleOrigin, type ConsoleSessionsOptions, type Session } from './session';

export interface ProgressEvent {
  step: PushStep['step'];
  detail: string;
}
export type OnProgress = (event: ProgressEvent) => void;

export interface ConsoleServiceOptions extends Omit<ConsoleSessionsOptions, 'sleep' | 'now'> {
  pollIntervalMs?: number;
  defaultDeployTimeoutSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A confirmed plan is applied without re-reading the console for this long. */
  planFreshMs?: number;
}

interface PlanContext {
  plan: ConsolePlan;
  planned: PlannedItem[];
  /** Every console item's title by name, to explain a rejection in the admin's words. */
  titles: Map<string, string>;
  at: number;
}

const FINAL_DEPLOY_STATES = new Set(['deployed', 'failed']);

export { consoleOrigin };

/** Collects a call's steps for its report; while the call runs, it is also what `progress()` answers. */
class ReportBuilder {
  readonly steps = new Map<PushStep['step'], PushStep>();
  running = true;
  deploy: PushProgress['deploy'];
  constructor(
    readonly profileId: string,
    private readonly progress: OnProgress | undefined,
  ) {}
  done(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'done', detail });
    this.progress?.({ step, detail });
  }
  failed(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'failed', detail });
    this.progress?.({ step, detail });
  }
  skipped(step: PushStep['step'], detail: string): void {
    this.steps.set(step, { step, status: 'skipped', detail });
  }
  list(order: readonly PushStep['step'][]): PushStep[] {
    return order.map((step) => this.steps.get(step) ?? { step, status: 'not-started', detail: 'not done' });
  }
  snapshot(): PushProgress {
    return { running: this.running, steps: [...this.steps.values()], ...(this.deploy ? { deploy: { ...this.deploy } } : {}) };
  }
}

/**
 * Pushes a profile's Azure DevOps Services settings to the DeepSource admin console (KOTS): plan (read, find the
 * items by title, diff), apply (save, find the new version, verify), deploy (start, follow). Console sessions live
 * in memory per profile; the password is used for one login and stored only if the admin asked to remember it.
 */
export class ConsoleService {
  readonly #vault: VaultService;
  readonly #options: ConsoleServiceOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #sessions: ConsoleSessions;
  /** The plan last shown for a session, which an apply may rely on while it is fresh. */
  readonly #plans = new WeakMap<Session, PlanContext>();
  /** Plans whose save was attempted: a plan id confirms one save, never a second (a replayed call). */
  readonly #spentPlans = new Set<string>();
  /** Profiles with a save or deploy in progress: a second one (a double click) is refused, not queued. */
  readonly #writing = new Set<string>();
  /** Each profile's running (or last) save/deploy/follow, for live progress. */
  readonly #reports = new Map<string, ReportBuilder>();

  constructor(options: ConsoleServiceOptions) {
    this.#vault = options.vault;
    this.#options = options;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#now = options.now ?? (() => Date.now());
    this.#sessions = new ConsoleSessions({ ...options, sleep: this.#sleep, now: this.#now });
  }

  /** A profile edit from the window that would move an established console: the admin confirms it first. */
  approveProfilePatch(profileId: string, patch: ProfilePatch): Promise<void> {
    return this.#sessions.approveProfilePatch(profileId, patch);
  }

  /** Reads the console and answers with the diff, or with what the admin must decide first. Writes nothing to the console. */
  async plan(target: ConsoleTarget): Promise<PlanResult> {
    const profile = await this.#vault.get(target.profileId);
    let session: Session;
    try {
      session = await this.#sessions.open(profile, target);
    } catch (error) {
      if (error instanceof ConsoleTlsError) return this.#needsTrust(target, error);
      throw error;
    }
    return this.#plan(await this.#vault.get(target.profileId), target, session);
  }

  async #plan(profile: Profile, target: ConsoleTarget, session: Session): Promise<PlanResult> {
    const { client } = session;
    const apps = await client.listApps();
    const picked = this.#pickApp(apps, target.appSlug ?? profile.console.appSlug, session.origin, target.appSlug !== undefined);
    if (picked.needs) return picked.needs;
    const app = picked.app;
    const deployed = deployedSequenceOf(app) ?? latestSequenceOf(app) ?? 0;
    const latest = latestSequenceOf(app) ?? deployed;
    let groups = await client.getConfig(app.slug, deployed);
    let discovery = discoverItems(groups, target.mapping ?? {}, profile.consoleItems);
    const enable = discovery.resolved.enable;
    if (discovery.missing.length > 0 && enable && enable.item.value !== '1') {
      // Some consoles leave the fields out until the checkbox is on: re-render with it on (nothing is saved) and look
      // again. The checkbox keeps its stored value for the diff.
      const stored = enable.item.value ?? '';
      const edited = groups.map((g) => ({ ...g, items: g.items.map((i) => (i.name === enable.item.name ? { ...i, value: '1' } : i)) }));
      const live = await client.liveConfig(app.slug, deployed, edited);
      groups = live.map((g) => ({ ...g, items: g.items.map((i) => (i.name === enable.item.name ? { ...i, value: stored } : i)) }));
      discovery = discoverItems(groups, target.mapping ?? {}, profile.consoleItems);
    }
    const plainConfirmed = [...new Set([...(profile.plainSecretItems ?? []), ...(target.allowPlainSecretItems ?? [])])];
    const decision = decideMapping(groups, discovery, plainConfirmed);
    // The mapping (found or chosen) and the app are remembered even on a plan-only run: a bundle needs them later.
    await this.#vault.recordConsoleMapping(profile.id, { mapping: decision.mapping, source: 'console', appSlug: app.slug, ...(target.allowPlainSecretItems ? { plainSecretItems: plainConfirmed } : {}) });
    const appRef = { slug: app.slug, name: app.name ?? app.slug };
    if (!decision.complete) {
      const { mapping: found, missing, ambiguous, plainSecret, candidates } = decision;
      return { status: 'needs-mapping', console: session.origin, app: appRef, found, missing, ambiguous, plainSecret, candidates };
    }
    if (target.connectOnly) return { status: 'connected', console: session.origin, app: appRef };
    const secrets = {
      clientSecret: await this.#vault.readSecret(profile.id, 'client-secret'),
      webhookSecret: await this.#vault.readSecret(profile.id, 'webhook-secret'),
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
    this.#plans.set(session, { plan, planned, titles, at: this.#now() });
    return { status: 'ready', plan };
  }

  #pickApp(apps: KotsApp[], wanted: string | undefined, origin: string, explicit: boolean): { app: KotsApp; needs?: undefined } | { needs: Extract<PlanResult, { status: 'needs-app' }> } {
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

  /**
   * Saves the confirmed plan, finds the version it created, verifies it by reading it back, and deploys it if asked.
   * Once the save is attempted, every outcome is a report of what was and was not done.
   */
  async apply(request: ConsoleApplyRequest, onProgress?: OnProgress): Promise<PushReport> {
    return this.#released(request.profileId, await this.#exclusive(request.profileId, () => this.#tracked(request.profileId, onProgress, (report) => this.#apply(request, report))));
  }

  /**
   * A push whose deploy ended (deployed or failed) needs its console session no more: its login and its private
   * browser session are let go. A save without deploy, or a deploy still running, keeps it for the next step.
   */
  #released(profileId: string, report: PushReport): PushReport {
    if (report.deploy.status === 'deployed' || report.deploy.status === 'failed') this.#sessions.release(profileId);
    return report;
  }

  /** What the profile's running (or last) save, deploy or follow has done so far. */
  progress(profileId: string): PushProgress {
    return this.#reports.get(profileId)?.snapshot() ?? { running: false, steps: [] };
  }

  async #tracked<T>(profileId: string, onProgress: OnProgress | undefined, run: (report: ReportBuilder) => Promise<T>): Promise<T> {
    const report = new ReportBuilder(profileId, onProgress);
    this.#reports.set(profileId, report);
    try {
      return await run(report);
    } finally {
      report.running = false;
    }
  }

  async #exclusive<T>(profileId: string, run: () => Promise<T>): Promise<T> {
    if (this.#writing.has(profileId)) {
      throw new AppError('NEEDS_CONFIRMATION', 'A save or deploy for this profile is already running; nothing more was sent.', 'Wait for it to finish and look at its report.');
    }
    this.#writing.add(profileId);
    try {
      return await run();
    } finally {
      this.#writing.delete(profileId);
    }
  }

  async #apply(request: ConsoleApplyRequest, report: ReportBuilder): Promise<PushReport> {
    const profile = await this.#vault.get(request.profileId);
    if (this.#spentPlans.has(request.planId)) {
      throw new AppError('NEEDS_CONFIRMATION', 'This plan was already used for a save; nothing more was written.', 'Review the changes again and confirm the new plan.');
    }
    const session = await this.#sessions.open(profile, request);
    const startCount = session.client.requestCount;
    let context = this.#plans.get(session);
    const fresh = context && context.plan.planId === request.planId && this.#now() - context.at <= (this.#options.planFreshMs ?? 15 * 60_000);
    if (!fresh) {
      const result = await this.#plan(profile, request, session);
      if (result.status !== 'ready') throw new AppError('NEEDS_CONFIRMATION', 'The console no longer matches the plan that was confirmed (items or app changed).', 'Review the plan again and confirm it.');
      context = this.#plans.get(session);
    }
    if (!context || context.plan.planId !== request.planId) {
      throw new AppError('NEEDS_CONFIRMATION', 'The console changed since the plan was shown, so the confirmed plan no longer applies. Nothing was written.', 'Review the new plan and confirm it.');
    }
    this.#plans.delete(session);
    const { plan, planned, titles } = context;
    report.done('login', `logged in to ${session.origin}`);
    report.done('read', `read ${plan.app.slug} configuration at deployed version ${plan.baseSequence}`);
    const order = ['login', 'read', 'save', 'find-version', 'verify', ...(request.deploy ? (['deploy', 'follow'] as const) : [])] as PushStep['step'][];
    const finish = (outcome: PushReport['outcome'], extra: Partial<PushReport>, error?: AppError): PushReport => ({
      outcome,
      console: session.origin,
      app: plan.app.slug,
      baseSequence: plan.baseSequence,
      verified: false,
      deploy: { status: 'not-requested', elapsedSeconds: 0 },
      ...extra,
      steps: report.list(order),
      ...(error ? { error: error.toShape() } : {}),
      requests: session.client.requestCount - startCount,
    });

    if (plan.changes === 0) {
      report.skipped('save', 'the console already holds these values');
      report.skipped('find-version', 'nothing was saved');
      report.skipped('verify', 'nothing was saved');
      if (request.deploy) {
        report.skipped('deploy', 'no new version to deploy');
        report.skipped('follow', 'no new version to deploy');
      }
      return finish('nothing-to-do', { verified: true });
    }

    const slug = plan.app.slug;
    this.#spentPlans.add(plan.planId);
    try {
      await session.client.putConfig(slug, plan.baseSequence, putGroups(planned));
    } catch (error) {
      const appError = this.#asAppError(error);
      report.failed('save', `the console did not save: ${appError.message}`);
      return finish('failed', {}, this.#explainRejection(appError, titles));
    }
    report.done('save', `saved ${plan.changes} change(s) to ${slug}`);

    let saved: number;
    let readBack: KotsGroup[] | undefined;
    try {
      ({ saved, readBack } = await this.#findSaved(session, slug, plan, planned));
      report.done('find-version', `the save created version ${saved}`);
    } catch (error) {
      const appError = this.#asAppError(error);
      report.failed('find-version', appError.message);
      return finish('failed', {}, appError);
    }

    try {
      await this.#verify(profile.id, readBack ?? (await session.client.getConfig(slug, saved)), planned, saved);
      report.done('verify', `read version ${saved} back: values match, secrets present`);
    } catch (error) {
      const appError = this.#asAppError(error);
      report.failed('verify', appError.message);
      return finish('failed', { savedSequence: saved }, appError);
    }

    if (!request.deploy) return finish('done', { savedSequence: saved, verified: true });
    const deploy = await this.#deployAndFollow(session, slug, saved, request.deployTimeoutSeconds, report);
    return finish(deploy.error ? 'failed' : 'done', { savedSequence: saved, verified: true, deploy: deploy.deploy }, deploy.error);
  }

  /** Deploys an already saved version (e.g. one saved earlier without --deploy) and follows it. */
  async deploy(request: ConsoleDeployRequest, onProgress?: OnProgress): Promise<PushReport> {
    return this.#released(request.profileId, await this.#exclusive(request.profileId, () => this.#tracked(request.profileId, onProgress, (report) => this.#deployOnly(request, report, true))));
  }

  /** Follows a deploy already started (after a timeout the admin chose to extend). Sends no write. */
  async follow(request: ConsoleDeployRequest, onProgress?: OnProgress): Promise<PushReport> {
    return this.#released(request.profileId, await this.#tracked(request.profileId, onProgress, (report) => this.#deployOnly(request, report, false)));
  }

  async #deployOnly(request: ConsoleDeployRequest, report: ReportBuilder, start: boolean): Promise<PushReport> {
    const profile = await this.#vault.get(request.profileId);
    const session = await this.#sessions.open(profile, request);
    const slug = profile.console.appSlug;
    if (!slug) throw new AppError('NEEDS_APP', 'This profile does not know which console app to deploy yet.', 'Show the changes once first (command line: `ads-setup push --plan`).');
    const startCount = session.client.requestCount;
    report.done('login', `logged in to ${session.origin}`);
    const result = start
      ? await this.#deployAndFollow(session, slug, request.sequence, request.timeoutSeconds, report)
      : await this.#followOnly(session, slug, request.sequence, request.timeoutSeconds, report);
    return {
      outcome: result.error ? 'failed' : 'done',
      console: session.origin,
      app: slug,
      savedSequence: request.sequence,
      verified: false,
      deploy: result.deploy,
      steps: report.list(start ? ['login', 'deploy', 'follow'] : ['login', 'follow']),
      ...(result.error ? { error: result.error.toShape() } : {}),
      requests: session.client.requestCount - startCount,
    };
  }

  async status(request: ConsoleStatusRequest): Promise<VersionStatusView> {
    const profile = await this.#vault.get(request.profileId);
    const session = await this.#sessions.open(profile, request);
    const slug = profile.console.appSlug;
    if (!slug) throw new AppError('NEEDS_APP', 'This profile does not know which console app to look at yet.', 'Run a plan first.');
    const app = await session.client.getApp(slug);
    const deployed = deployedSequenceOf(app);
    const latest = latestSequenceOf(app);
    const sequence = request.sequence ?? latest ?? deployed ?? 0;
    const versions = await session.client.listVersions(slug);
    const entry = versions.find((v) => v.sequence === sequence);
    if (!entry) throw new AppError('NOT_FOUND', `Version ${sequence} is not in the console's recent version history.`, 'Check the sequence number in Version history.');
    return { console: session.origin, app: slug, sequence, status: entry.status, ...(deployed !== undefined ? { deployedSequence: deployed } : {}), ...(latest !== undefined ? { latestSequence: latest } : {}) };
  }

  /** Ends the in-memory console sessions (the CLI calls this before exiting). */
  close(): void {
    this.#sessions.close();
  }

  async #deployAndFollow(session: Session, slug: string, sequence: number, timeoutSeconds: number | undefined, report: ReportBuilder) {
    try {
      await session.client.deploy(slug, sequence);
      report.done('deploy', `deploy of version ${sequence} started`);
    } catch (error) {
      const appError = this.#asAppError(error);
      report.failed('deploy', appError.message);
      return { deploy: { sequence, status: 'failed' as const, elapsedSeconds: 0 }, error: appError };
    }
    return this.#followOnly(session, slug, sequence, timeoutSeconds, report);
  }

  async #followOnly(session: Session, slug: string, sequence: number, timeoutSeconds: number | undefined, report: ReportBuilder) {
    const limitMs = (timeoutSeconds ?? this.#options.defaultDeployTimeoutSeconds ?? 600) * 1000;
    const pollMs = this.#options.pollIntervalMs ?? 2000;
    const started = this.#now();
    let last = '';
    const elapsed = () => Math.max(0, Math.round((this.#now() - started) / 100) / 10);
    const shownTimeout = Math.max(1, Math.ceil(limitMs / 1000));
    report.deploy = { sequence, status: 'starting', elapsedSeconds: 0, timeoutSeconds: shownTimeout, polls: 0 };
    for (let polls = 1; ; polls += 1) {
      let status: string;
      try {
        const versions = await session.client.listVersions(slug);
        status = versions.find((v) => v.sequence === sequence)?.status ?? 'unknown';
      } catch (error) {
        const appError = this.#asAppError(error);
        report.failed('follow', `lost track of the deploy: ${appError.message}`);
        return { deploy: { sequence, status: 'deploying' as const, ...(last ? { lastSeen: last } : {}), elapsedSeconds: elapsed() }, error: appError };
      }
      report.deploy = { sequence, status, elapsedSeconds: elapsed(), timeoutSeconds: shownTimeout, polls };
      if (status !== last) {
        last = status;
        report.done('follow', `version ${sequence}: ${status} after ${elapsed()} s`);
      }
      if (status === 'deployed') return { deploy: { sequence, status: 'deployed' as const, lastSeen: status, elapsedSeconds: elapsed() } };
      if (status === 'failed') {
        const error = new AppError('DEPLOY_FAILED', `The console reports that the deploy of version ${sequence} failed.`, 'Open Version history in the admin console for the deploy logs; the saved configuration stays as version ' + sequence + '.');
        report.failed('follow', error.message);
        return { deploy: { sequence, status: 'failed' as const, lastSeen: status, elapsedSeconds: elapsed() }, error };
      }
      if (this.#now() - started >= limitMs) {
        const error = new AppError(
          'DEPLOY_TIMEOUT',
          `Version ${sequence} is still "${status}" after ${Math.round(limitMs / 1000)} s; it may still finish.`,
          `Keep following it (in the app: "Keep following"; on the command line: \`ads-setup push --profile ${report.profileId} --follow ${sequence} --deploy-timeout <seconds>\`), or watch Version history in the admin console.`,
        );
        report.failed('follow', error.message);
        return { deploy: { sequence, status: FINAL_DEPLOY_STATES.has(status) ? ('failed' as const) : ('timeout' as const), lastSeen: status, elapsedSeconds: elapsed() }, error };
      }
      await this.#sleep(pollMs);
    }
  }

  /**
   * Finds the version the save created and reads it back. The recipe (reference §9): the newest "Config Change"
   * after the plan's latest version in the version history, then that version's config. When nothing was pending at
   * plan time (latest = deployed, a console at rest), the save is numbered latest + 1 and that version is read
   * straight away, one request fewer: a download or another save that took the number first was copied from the
   * deployed config, so it lacks our changes, fails the read-back and sends us to the recipe. With versions pending,
   * one of them could already hold our values (an earlier save without deploy), so a copy of it could pass for ours.
   */
  async #findSaved(session: Session, slug: string, plan: ConsolePlan, planned: PlannedItem[]): Promise<{ saved: number; readBack?: KotsGroup[] }> {
    const latestBefore = plan.latestSequence;
    const expected = latestBefore + 1;
    let expectedGroups: KotsGroup[] | undefined;
    if (plan.latestSequence === plan.baseSequence) {
      try {
        expectedGroups = await session.client.getConfig(slug, expected);
        if (checkReadBack(expectedGroups, planned).problems.length === 0) return { saved: expected, readBack: expectedGroups };
      } catch (error) {
        if (error instanceof AppError && (error.code === 'CONSOLE_AUTH' || error.code === 'CONSOLE_LOCKED')) throw error;
      }
    }
    const versions = await session.client.listVersions(slug);
    const mine = versions.filter((v) => v.sequence > latestBefore && v.source === 'Config Change').map((v) => v.sequence);
    if (mine.length === 0) throw new AppError('CONSOLE_BAD_ANSWER', 'The console saved, but no new "Config Change" version appears in its version history.', 'Open Version history in the admin console: the change may need a manual look before deploying.');
    const saved = Math.max(...mine);
    // Read back in the verify step (or already read: our own version, whose differences the verify step reports).
    return saved === expected && expectedGroups ? { saved, readBack: expectedGroups } : { saved };
  }

  /** Checks the saved version read back: non-secret values equal, secrets present; then records the secrets' hashes. */
  async #verify(profileId: string, groups: KotsGroup[], planned: PlannedItem[], sequence: number): Promise<void> {
    const { problems, pushed } = checkReadBack(groups, planned);
    if (problems.length > 0) {
      throw new AppError('CONSOLE_CHANGED', `Version ${sequence} was saved, but reading it back differs: ${problems.join('; ')}.`, `Do not deploy version ${sequence} before checking Application → Config in the admin console.`);
    }
    await this.#vault.recordPushed(profileId, pushed);
  }

  /** Turns the console's item names in a rejection into the titles and roles the admin knows. */
  #explainRejection(error: AppError, titles: Map<string, string>): AppError {
    const rejected = error as AppError & { requiredItems?: string[]; validationErrors?: Array<{ item_errors?: Array<{ name: string; validation_errors?: Array<{ message: string }> | null }> | null }> };
    if (error.code !== 'CONSOLE_REJECTED') return error;
    const titleOf = (name: string) => titles.get(name) ?? name;
    const parts: string[] = [];
    if (rejected.requiredItems && rejected.requiredItems.length > 0) parts.push(`required but empty: ${rejected.requiredItems.map(titleOf).join(', ')}`);
    for (const group of rejected.validationErrors ?? []) {
      for (const item of group.item_errors ?? []) {
        parts.push(`${titleOf(item.name)}: ${(item.validation_errors ?? []).map((v) => v.message).join('; ') || 'invalid'}`);
      }
    }
    if (parts.length === 0) return error;
    return new AppError('CONSOLE_REJECTED', `${error.message} — ${parts.join(' · ')}. Nothing was saved.`, error.remedy);
  }

  #asAppError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    return new AppError('INTERNAL', 'The console push failed unexpectedly.', 'Run it again; the report shows which steps were done.');
  }

  /** A certificate question, with the pinned fingerprint beside the presented one when it changed. */
  async #needsTrust(target: ConsoleTarget, error: ConsoleTlsError): Promise<PlanResult> {
    const profile = await this.#vault.get(target.profileId);
    let origin = target.consoleUrl ?? profile.console.url ?? '';
    try {
      origin = consoleOrigin(origin).origin;
    } catch {
      // Shown as given; the error that follows names the problem.
    }
    const pinned = error.kind === 'changed' ? profile.console.pinnedFingerprint : undefined;
    return { status: 'needs-trust', console: origin, reason: error.kind, ...(error.fingerprint ? { fingerprint: error.fingerprint } : {}), ...(pinned ? { pinnedFingerprint: pinned } : {}), message: error.message };
  }
}
