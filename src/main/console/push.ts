import type { ConsoleApplyRequest, ConsolePlan, PushReport, PushStep } from '../../shared/console';
import { AppError } from '../../shared/errors';
import type { ConsoleState } from './console-state';
import type { DeployFollower } from './deploy';
import { checkReadBack, editedGroups, missingRequired, putGroups, type PlannedItem } from './diff';
import { ConsoleRejectedError } from './kots-client';
import { readVersionsUntil, type KotsGroup, type VersionEntry } from './kots-types';
import type { PlanContext } from './plan';
import { asAppError, explainRejection, type ReportBuilder } from './report';
import { loggedInTo, type Session } from './session';

/** Failures after which a request's answer is unknown (it may have arrived): the connection broke or timed out. */
const ANSWER_LOST = new Set(['CONSOLE_ROUTE_LOST', 'CONSOLE_UNREACHABLE', 'CONSOLE_TIMEOUT']);

/**
 * Carries out a confirmed plan: saves the changed items, finds the version the save created, verifies it by reading
 * it back, and deploys it if asked. Once the save is attempted, every outcome is a report of what was and was not done.
 */
export async function pushPlan(
  deps: { state: ConsoleState; deploys: DeployFollower },
  session: Session,
  context: PlanContext,
  request: ConsoleApplyRequest,
  report: ReportBuilder,
  /** The session's request count when the call began (a re-plan before the save counts too). */
  startCount: number,
): Promise<PushReport> {
  const { plan, planned, titles } = context;
  report.done('login', loggedInTo(session));
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
  let rendered: KotsGroup[];
  try {
    rendered = await checkBeforeSave(session, slug, plan.baseSequence, context);
  } catch (error) {
    const appError = asAppError(error);
    report.failed('save', `nothing was saved: ${appError.message}`);
    return finish('failed', {}, explainRejection(appError, titles));
  }
  try {
    await session.client.putConfig(slug, plan.baseSequence, putGroups(planned, rendered));
  } catch (error) {
    const appError = asAppError(error);
    if (ANSWER_LOST.has(appError.code)) {
      // The request may have reached the console before the connection went: whether it saved is unknown.
      report.failed('save', `the save's answer was lost, so whether the console saved is unknown: ${appError.message}`);
      return finish('failed', {}, new AppError(appError.code, `${appError.message} Whether the save reached the console is unknown.`, `Look at Version history in the admin console before deploying anything; then push again (a new plan shows what the console holds). ${appError.remedy ?? ''}`.trim()));
    }
    report.failed('save', `the console did not save: ${appError.message}`);
    return finish('failed', {}, explainRejection(appError, titles));
  }
  report.done('save', `saved ${plan.changes} change(s) to ${slug}`);

  let saved: number;
  let readBack: KotsGroup[] | undefined;
  try {
    ({ saved, readBack } = await findSaved(session, slug, plan, planned));
    report.done('find-version', `the save created version ${saved}`);
  } catch (error) {
    const appError = asAppError(error);
    report.failed('find-version', appError.message);
    return finish('failed', {}, appError);
  }

  try {
    const notes = await verify(deps, request.profileId, readBack ?? (await session.client.getConfig(slug, saved)), planned, saved);
    report.done('verify', `read version ${saved} back: values match, secrets present${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  } catch (error) {
    const appError = asAppError(error);
    report.failed('verify', appError.message);
    return finish('failed', { savedSequence: saved }, appError);
  }

  if (!request.deploy) return finish('done', { savedSequence: saved, verified: true });
  const deploy = await deps.deploys.deployAndFollow(session, slug, saved, request.deployTimeoutSeconds, report);
  return finish(deploy.error ? 'failed' : 'done', { savedSequence: saved, verified: true, deploy: deploy.deploy }, deploy.error);
}

/**
 * The console's own check before anything is saved: liveconfig re-renders the whole config with our values and
 * validates it. A save validates only the items it is sent, and an empty required item elsewhere would leave the new
 * version pending_config (undeployable), so both stop here, per item. Returns the rendered config for the PUT.
 */
async function checkBeforeSave(session: Session, slug: string, sequence: number, { groups, planned }: PlanContext): Promise<KotsGroup[]> {
  const live = await session.client.liveConfig(slug, sequence, editedGroups(groups, planned));
  const required = missingRequired(live.configGroups);
  if (live.validationErrors.length > 0 || required.length > 0) {
    throw new ConsoleRejectedError(`The admin console's check refused the values (${live.validationErrors.length > 0 ? 'invalid config values' : 'required fields are empty'})`, required, live.validationErrors);
  }
  return live.configGroups;
}

/**
 * Finds the version the save created and reads it back. The recipe (reference §9): the newest "Config Change"
 * after the plan's latest version in the version history, then that version's config. When nothing was pending at
 * plan time (latest = deployed, a console at rest), the save is numbered latest + 1 and that version is read
 * straight away, one request fewer: a download or another save that took the number first was copied from the
 * deployed config, so it lacks our changes, fails the read-back and sends us to the recipe. With versions pending,
 * one of them could already hold our values (an earlier save without deploy), so a copy of it could pass for ours.
 */
async function findSaved(session: Session, slug: string, plan: ConsolePlan, planned: PlannedItem[]): Promise<{ saved: number; readBack?: KotsGroup[] }> {
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
  const isMine = (v: VersionEntry) => v.sequence > latestBefore && v.source === 'Config Change';
  const versions = await readVersionsUntil((page) => session.client.listVersions(slug, page), (read) => read.some(isMine));
  const mine = versions.filter(isMine).map((v) => v.sequence);
  if (mine.length === 0) throw new AppError('CONSOLE_BAD_ANSWER', 'The console saved, but no new "Config Change" version appears in its version history.', 'Open Version history in the admin console: the change may need a manual look before deploying.');
  const saved = Math.max(...mine);
  // Read back in the verify step (or already read: our own version, whose differences the verify step reports).
  return saved === expected && expectedGroups ? { saved, readBack: expectedGroups } : { saved };
}

/** Checks the saved version read back: non-secret values equal, secrets present; then records the secrets' hashes. */
async function verify({ state }: { state: ConsoleState }, profileId: string, groups: KotsGroup[], planned: PlannedItem[], sequence: number): Promise<string[]> {
  const { problems, notes, pushed } = checkReadBack(groups, planned);
  if (problems.length > 0) {
    throw new AppError('CONSOLE_CHANGED', `Version ${sequence} was saved, but reading it back differs: ${problems.join('; ')}.`, `Do not deploy version ${sequence} before checking Application → Config in the admin console.`);
  }
  await state.recordPushed(profileId, pushed);
  return notes;
}
