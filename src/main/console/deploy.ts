import type { PushReport } from '../../shared/console';
import { AppError } from '../../shared/errors';
import { asAppError, type ReportBuilder } from './report';
import { readVersionsUntil, unknownVersion, type VersionEntry } from './kots-types';
import type { Session } from './session';

export interface DeployTiming {
  pollIntervalMs: number;
  defaultTimeoutSeconds: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export type DeployOutcome = { deploy: PushReport['deploy']; error?: AppError };

const FINAL_DEPLOY_STATES = new Set(['deployed', 'failed']);

/** Starts a version's deploy and follows it in the version history until it is deployed, failed or the wait ends. */
export class DeployFollower {
  readonly #timing: DeployTiming;

  constructor(timing: DeployTiming) {
    this.#timing = timing;
  }

  async deployAndFollow(session: Session, slug: string, sequence: number, timeoutSeconds: number | undefined, report: ReportBuilder): Promise<DeployOutcome> {
    try {
      await session.client.deploy(slug, sequence);
      report.done('deploy', `deploy of version ${sequence} started`);
    } catch (error) {
      const appError = asAppError(error);
      if (appError.code === 'CONSOLE_TIMEOUT') {
        // kotsadm keeps deploying after the client has gone (strict preflights hold the request while the version is
        // pending_preflight): the version's own status says what happened.
        report.done('deploy', `the deploy request for version ${sequence} got no answer in time (the console may be waiting for its preflight checks); following the version instead`);
        return this.follow(session, slug, sequence, timeoutSeconds, report);
      }
      report.failed('deploy', appError.message);
      return { deploy: { sequence, status: 'failed', elapsedSeconds: 0 }, error: appError };
    }
    return this.follow(session, slug, sequence, timeoutSeconds, report);
  }

  /**
   * Polls the version's status (GETs only); every change of status is a progress step. `mustExist`: a version the
   * console does not list fails at once (a typo, not a slow deploy).
   */
  async follow(session: Session, slug: string, sequence: number, timeoutSeconds: number | undefined, report: ReportBuilder, options: { mustExist?: boolean } = {}): Promise<DeployOutcome> {
    const { now, sleep } = this.#timing;
    const limitMs = (timeoutSeconds ?? this.#timing.defaultTimeoutSeconds) * 1000;
    const started = now();
    let last = '';
    const elapsed = () => Math.max(0, Math.round((now() - started) / 100) / 10);
    const shownTimeout = Math.max(1, Math.ceil(limitMs / 1000));
    report.deploy = { sequence, status: 'starting', elapsedSeconds: 0, timeoutSeconds: shownTimeout, polls: 0 };
    for (let polls = 1; ; polls += 1) {
      let versions: VersionEntry[];
      try {
        versions = await readVersionsUntil((page) => session.client.listVersions(slug, page), (read) => read.some((v) => v.sequence === sequence));
      } catch (error) {
        const appError = asAppError(error);
        report.failed('follow', `lost track of the deploy: ${appError.message}`);
        return { deploy: { sequence, status: 'deploying', ...(last ? { lastSeen: last } : {}), elapsedSeconds: elapsed() }, error: appError };
      }
      const entry = versions.find((v) => v.sequence === sequence);
      if (!entry && options.mustExist) throw unknownVersion(sequence, slug, versions, report.profileId);
      const status = entry?.status ?? 'unknown';
      report.deploy = { sequence, status, elapsedSeconds: elapsed(), timeoutSeconds: shownTimeout, polls };
      // kotsadm rewrites a failed deploy to `pending` when the preflight results arrive after it (SetPreflightResults
      // keeps only deployed and deploying), so deploying → pending is a failure that a poll may otherwise miss.
      const backToPending = last === 'deploying' && status === 'pending';
      if (status !== last) {
        last = status;
        report.done('follow', `version ${sequence}: ${status} after ${elapsed()} s`);
      }
      if (status === 'deployed') return { deploy: { sequence, status: 'deployed', lastSeen: status, elapsedSeconds: elapsed() } };
      if (backToPending) {
        const error = new AppError(
          'DEPLOY_FAILED',
          `The deploy of version ${sequence} did not finish: the console moved it from deploying back to pending, which kotsadm does to a failed deploy when its preflight checks report afterwards.`,
          `Open Version history in the admin console for the deploy logs and preflight results; the saved configuration stays as version ${sequence}, and it can be deployed again from there.`,
        );
        report.failed('follow', error.message);
        return { deploy: { sequence, status: 'failed', lastSeen: status, elapsedSeconds: elapsed() }, error };
      }
      if (status === 'failed') {
        const error = new AppError('DEPLOY_FAILED', `The console reports that the deploy of version ${sequence} failed.`, 'Open Version history in the admin console for the deploy logs; the saved configuration stays as version ' + sequence + '.');
        report.failed('follow', error.message);
        return { deploy: { sequence, status: 'failed', lastSeen: status, elapsedSeconds: elapsed() }, error };
      }
      if (now() - started >= limitMs) {
        const error = new AppError(
          'DEPLOY_TIMEOUT',
          `Version ${sequence} is still "${status}" after ${Math.round(limitMs / 1000)} s; it may still finish.`,
          `Keep following it (in the app: "Keep following"; on the command line: \`ads-setup push --profile ${report.profileId} --follow ${sequence} --deploy-timeout <seconds>\`), or watch Version history in the admin console.`,
        );
        report.failed('follow', error.message);
        return { deploy: { sequence, status: FINAL_DEPLOY_STATES.has(status) ? 'failed' : 'timeout', lastSeen: status, elapsedSeconds: elapsed() }, error };
      }
      await sleep(this.#timing.pollIntervalMs);
    }
  }
}
