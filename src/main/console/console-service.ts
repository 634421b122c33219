import type { ConsoleApplyRequest, ConsoleDeployRequest, ConsoleRouteView, ConsoleStatusRequest, ConsoleTarget, PlanResult, PushProgress, PushReport, VersionStatusView } from '../../shared/console';
import { AppError } from '../../shared/errors';
import type { ProfilePatch } from '../../shared/profile';
import type { VaultService } from '../vault/vault';
import { routeView } from './access/route';
import { consoleRoutes } from './access/routes';
import { DeployFollower } from './deploy';
import { ConsoleTlsError } from './kots-client';
import { deployedSequenceOf, latestSequenceOf, readVersionsUntil } from './kots-types';
import { needsTrust, readPlan, type PlanContext } from './plan';
import { pushPlan } from './push';
import { ReportBuilder, type OnProgress } from './report';
import { ConsoleSessions, consoleOrigin, loggedInTo, type ConsoleSessionsOptions, type Session } from './session';

export type { OnProgress, ProgressEvent } from './report';
export { consoleOrigin };

export interface ConsoleServiceOptions extends Omit<ConsoleSessionsOptions, 'sleep' | 'now'> {
  pollIntervalMs?: number;
  defaultDeployTimeoutSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** A confirmed plan is applied without re-reading the console for this long. */
  planFreshMs?: number;
}

/**
 * Pushes a profile's Azure DevOps Services settings to the DeepSource admin console (KOTS): plan (read, find the
 * items by title, diff: plan.ts), apply (save, find the new version, verify: push.ts), deploy (start, follow:
 * deploy.ts). A console route (access/: address and password, address and authstring, kubectl) makes the session
 * (session.ts), one per profile in memory; plan, save, deploy and follow run on its `ConsoleApi` whatever the route.
 * A route's secret is used for one login and stored only if the admin asked to remember it. This class holds what
 * spans calls: the plan last shown, the plans already used, the writes running, and each profile's progress.
 */
export class ConsoleService {
  readonly #vault: VaultService;
  readonly #options: ConsoleServiceOptions;
  readonly #now: () => number;
  readonly #sessions: ConsoleSessions;
  readonly #deploys: DeployFollower;
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
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.#now = options.now ?? (() => Date.now());
    this.#sessions = new ConsoleSessions({ ...options, sleep, now: this.#now });
    this.#deploys = new DeployFollower({ pollIntervalMs: options.pollIntervalMs ?? 2000, defaultTimeoutSeconds: options.defaultDeployTimeoutSeconds ?? 600, sleep, now: this.#now });
  }

  /** The ways to reach a console, as the window offers them. */
  routes(): { routes: ConsoleRouteView[] } {
    return { routes: consoleRoutes.map(routeView) };
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
      if (error instanceof ConsoleTlsError) return needsTrust(await this.#vault.get(target.profileId), target, error);
      throw error;
    }
    return this.#plan(target, session);
  }

  async #plan(target: ConsoleTarget, session: Session): Promise<PlanResult> {
    const { result, context } = await readPlan({ vault: this.#vault, state: this.#sessions.state }, await this.#vault.get(target.profileId), target, session, this.#now);
    if (context) this.#plans.set(session, context);
    return result;
  }

  /**
   * Saves the confirmed plan, finds the version it created, verifies it by reading it back, and deploys it if asked.
   * Once the save is attempted, every outcome is a report of what was and was not done.
   */
  async apply(request: ConsoleApplyRequest, onProgress?: OnProgress): Promise<PushReport> {
    return this.#released(request.profileId, await this.#exclusive(request.profileId, () => this.#tracked(request.profileId, onProgress, (report) => this.#apply(request, report))));
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
      const result = await this.#plan(request, session);
      if (result.status !== 'ready') throw new AppError('NEEDS_CONFIRMATION', 'The console no longer matches the plan that was confirmed (items or app changed).', 'Review the plan again and confirm it.');
      context = this.#plans.get(session);
    }
    if (!context || context.plan.planId !== request.planId) {
      throw new AppError('NEEDS_CONFIRMATION', 'The console changed since the plan was shown, so the confirmed plan no longer applies. Nothing was written.', 'Review the new plan and confirm it.');
    }
    this.#plans.delete(session);
    if (context.plan.changes > 0) this.#spentPlans.add(context.plan.planId);
    return pushPlan({ state: this.#sessions.state, deploys: this.#deploys }, session, context, request, report, startCount);
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
    report.done('login', loggedInTo(session));
    const result = start
      ? await this.#deploys.deployAndFollow(session, slug, request.sequence, request.timeoutSeconds, report)
      : await this.#deploys.follow(session, slug, request.sequence, request.timeoutSeconds, report, { mustExist: true });
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
    const versions = await readVersionsUntil((page) => session.client.listVersions(slug, page), (read) => read.some((v) => v.sequence === sequence));
    const entry = versions.find((v) => v.sequence === sequence);
    if (!entry) throw new AppError('NOT_FOUND', `Version ${sequence} is not in the console's recent version history.`, 'Check the sequence number in Version history.');
    return { console: session.origin, app: slug, sequence, status: entry.status, ...(deployed !== undefined ? { deployedSequence: deployed } : {}), ...(latest !== undefined ? { latestSequence: latest } : {}) };
  }

  /** What the profile's running (or last) save, deploy or follow has done so far. */
  progress(profileId: string): PushProgress {
    return this.#reports.get(profileId)?.snapshot() ?? { running: false, steps: [] };
  }

  /** Ends the in-memory console sessions (the CLI calls this before exiting); resolves once their connections ended. */
  close(): Promise<void> {
    return this.#sessions.close();
  }

  /**
   * A push whose deploy ended (deployed or failed) needs its console session no more: its login and its private
   * browser session are let go. A save without deploy, or a deploy still running, keeps it for the next step.
   */
  async #released(profileId: string, report: PushReport): Promise<PushReport> {
    if (report.deploy.status === 'deployed' || report.deploy.status === 'failed') await this.#sessions.release(profileId);
    return report;
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
}
