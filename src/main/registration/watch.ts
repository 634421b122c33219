import type { ExtractAnswer } from '../../shared/page-protocol';
import type { FrameOutcome, RegistrationBrowser } from './browser';
import { mergeExtraction, startOver, subjectOf, trustedAnswer, type Subject, type SubjectFor } from './capture';
import { ambiguousNotice, MOVED_NOTICE, type Flow } from './flow';
import { describeLocation } from './navigation';
import { pageScriptCall } from './page-code';
import { extractRequest, isRegisterPage, prefillRequest } from './requests';

export interface WatchTiming {
  watchMs: number;
  extractMs: number;
  prefillMs: number;
}

const REFUSAL_MESSAGE =
  'Azure DevOps no longer accepts new OAuth app registrations (Microsoft closed them in April 2025). Register the app in Microsoft Entra ID instead — or, if you already have an Azure DevOps OAuth app, open it from your profile page and its values will be read from there.';

/** How long an extraction the admin asked for waits for a loading page before giving up on this round. */
const LOAD_WAIT_MS = 15_000;

/**
 * Reads a flow's trusted frames: prefill on register pages, a quick read of each loaded page, then a continuous
 * watch while values are missing. Every answer must come from the origin checked, belong to the app the top page
 * shows (one app only), and no round starts while the main frame is loading.
 */
export class PageWatch {
  readonly #browser: RegistrationBrowser;
  readonly #timing: WatchTiming;

  constructor(options: { browser: RegistrationBrowser; timing: WatchTiming }) {
    this.#browser = options.browser;
    this.#timing = options.timing;
  }

  /** The top page now shows `url`: a page about another app sets the values read so far aside at once. */
  located(flow: Flow, url: string, loading: boolean): void {
    flow.url = url;
    // Every address the view reports is seen here, so a sign-in page passed through between two polls still counts.
    const { trusted } = describeLocation(url, flow.provider.trustedOrigins);
    if (!trusted && url.startsWith('https://')) flow.sawSignInPage = true;
    else if (trusted && !loading && flow.sawSignInPage) flow.signedIn = true;
    if (!isRegisterPage(flow.provider, url)) flow.prefilledAt = null;
    const subject = subjectOf(flow.provider, url);
    if (subject.startsWith('app:') && flow.read.subject !== null && flow.read.subject !== subject) {
      const hadValues = flow.read.values.size > 0 || Object.keys(flow.read.readBack).length > 0;
      startOver(flow.read, subject);
      if (hadValues) flow.notice = { kind: 'moved', message: MOVED_NOTICE, keys: [] };
    }
    if (flow.gate.set(loading)) for (const load of flow.pendingLoads.splice(0)) void this.loaded(flow, load.url, load.inPage);
  }

  /**
   * A document finished loading (or the top page changed in place): read it once the main frame has settled. The
   * promise is that reading, done; a load that waits for the main frame resolves at once (it is read later).
   */
  loaded(flow: Flow, url: string, inPage: boolean): Promise<void> {
    if (flow.ended) return Promise.resolve();
    if (flow.gate.loading) {
      flow.pendingLoads.push({ url, inPage });
      return Promise.resolve();
    }
    return this.#pageLoaded(flow, url, inPage).catch(() => undefined);
  }

  /** Reads every trusted frame now, waiting briefly for values about to appear (and for a loading page). */
  async extract(flow: Flow, waitMs: number): Promise<void> {
    if (flow.gate.loading) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([flow.gate.idle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, LOAD_WAIT_MS)))]);
      clearTimeout(timer);
      if (flow.gate.loading || flow.ended) return;
    }
    await this.#round(flow, extractRequest(flow.provider, waitMs));
  }

  /** Folds a picked value's frame answer under the app the top page shows. */
  subjectForPick(flow: Flow, outcome: FrameOutcome): Subject | null {
    const answer = trustedAnswer(outcome, 'pick');
    if (!answer) return null;
    const current = subjectOf(flow.provider, flow.url);
    if (answer.frame === 'top' && subjectOf(flow.provider, answer.url) !== current) return null;
    return current;
  }

  /**
   * A value field is still missing, or only its masked form was seen; or a new app's settings, read back from its
   * pages, are not all read or not all right yet (the admin is adding a permission or a redirect URI).
   */
  needsMore(flow: Flow): boolean {
    if (flow.provider.fields.some((field) => field.role === 'value' && (flow.read.values.get(field.key)?.masked ?? true))) return true;
    if (!flow.provider.readBack || flow.purpose !== 'new') return false;
    const checks = flow.provider.readBack.checks(flow.read.readBack, { expectedCallback: flow.callback, audience: flow.audience, required: true });
    return checks.some((check) => !check.ok);
  }

  /** One round over the trusted frames there are now; answers are merged as each frame gives one. */
  #round(flow: Flow, request: ReturnType<typeof extractRequest>): Promise<FrameOutcome[]> {
    const started = subjectOf(flow.provider, flow.url);
    return this.#browser.runInTrustedFrames(flow.id, pageScriptCall(request), flow.provider.trustedOrigins, (outcome) => this.#merge(flow, outcome, started));
  }

  #merge(flow: Flow, outcome: FrameOutcome, started: Subject): void {
    if (flow.ended) return;
    const { provider } = flow;
    const current = subjectOf(provider, flow.url);
    // Top frame: its own address says which app it shows. A frame inside: the top page's app, if it has not
    // changed since the round started (and if the frame names an app itself, the same one).
    const subjectFor: SubjectFor = (answer: ExtractAnswer) => {
      if (answer.frame === 'top') return subjectOf(provider, answer.url) === current ? current : null;
      if (started !== current) return null;
      const own = provider.appIdFromUrl(answer.url);
      return own !== null && current.startsWith('app:') && `app:${own}` !== current ? null : current;
    };
    const { startedOver, ambiguous } = mergeExtraction(provider, [outcome], flow.read, subjectFor);
    const unresolved = ambiguous.filter((key) => !flow.read.values.has(key));
    if (startedOver) flow.notice = { kind: 'moved', message: MOVED_NOTICE, keys: [] };
    else if (unresolved.length > 0) {
      const titles = provider.fields.filter((f) => unresolved.includes(f.key)).map((f) => f.title);
      flow.notice = { kind: 'ambiguous', message: ambiguousNotice(titles), keys: unresolved };
    } else if (flow.notice?.kind === 'ambiguous' && flow.notice.keys.every((key) => flow.read.values.has(key))) flow.notice = null;
  }

  /**
   * Watches the trusted frames while values are missing: each round's page script answers as soon as it sees a
   * value not yet known (idle otherwise), so a secret that appears later — after "Show", or the Entra "Add" — is
   * taken when it is rendered. Waits while the main frame loads; stops when nothing is missing, the flow ends, or no
   * trusted frame is left.
   */
  #watch(flow: Flow): void {
    if (flow.watching || this.#timing.watchMs <= 0) return;
    flow.watching = true;
    const rounds = async (): Promise<void> => {
      while (!flow.ended && this.needsMore(flow)) {
        if (flow.gate.loading) {
          await flow.gate.idle();
          continue;
        }
        const outcomes = await this.#watchRound(flow);
        if (outcomes.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    void rounds()
      .catch(() => undefined)
      .finally(() => {
        flow.watching = false;
      });
  }

  #watchRound(flow: Flow): Promise<FrameOutcome[]> {
    const known = [...flow.read.values].filter(([, entry]) => !entry.masked).map(([key]) => key as string);
    known.push(...flow.read.rejected.keys());
    return this.#round(flow, { ...extractRequest(flow.provider, this.#timing.watchMs), resolveOn: 'progress', known, knownReadBack: flow.read.readBackSeen });
  }

  async #pageLoaded(flow: Flow, url: string, inPage: boolean): Promise<void> {
    if (flow.ended) return;
    const { provider } = flow;
    if (!describeLocation(url, provider.trustedOrigins).trusted) return;
    if (isRegisterPage(provider, url)) {
      // Once per arrival: a page load, or (a portal's hash route) the move onto the form; never over the admin's edits.
      if (inPage && (flow.prefilledAt !== null || !provider.registerPages.some((page) => page.includes('#')))) return;
      const request = prefillRequest(provider, { hostname: flow.hostname, org: flow.org, callback: flow.callback, audience: flow.audience.audience }, this.#timing.prefillMs);
      if (request) {
        flow.prefilledAt = url;
        const outcomes = await this.#browser.runInTrustedFrames(flow.id, pageScriptCall(request), provider.trustedOrigins);
        recordPrefill(flow, outcomes, request.refusalPhrases.length > 0);
        return;
      }
    }
    // A quick read of the page as loaded (new frames included), then the continuous watch.
    await this.#round(flow, extractRequest(provider, Math.min(this.#timing.extractMs, this.#timing.watchMs)));
    // A frame that loads while a watch round runs (the portal's secrets blade, an iframe) is not part of that round:
    // one extra round includes it at once, so a value it shows later is read when it appears, not a round later.
    if (flow.watching && !flow.ended && !flow.gate.loading && this.#timing.watchMs > 0 && this.needsMore(flow)) await this.#watchRound(flow);
    this.#watch(flow);
  }
}

/** `mayRefuse`: the provider's register page can refuse new apps, so a page without its form is a refusal. */
function recordPrefill(flow: Flow, outcomes: readonly FrameOutcome[], mayRefuse: boolean): void {
  const answers = outcomes.map((outcome) => trustedAnswer(outcome, 'prefill')).filter((answer) => answer !== null);
  if (answers.length === 0) return;
  const withForm = answers.find((a) => a.formFound);
  const refusalText = answers.map((a) => a.refusalText).find((t) => t !== null) ?? null;
  if (refusalText !== null || (!withForm && mayRefuse)) {
    flow.refusal = { message: REFUSAL_MESSAGE, pageText: refusalText };
    flow.prefill = null;
    return;
  }
  flow.refusal = null;
  if (!withForm) return;
  const labels = (list: readonly string[], max = 160) => list.map((l) => l.slice(0, max));
  flow.prefill = {
    filled: Object.entries(withForm.filled).map(([label, value]) => ({ label: label.slice(0, 80), value: value.slice(0, 300) })),
    missingFields: labels(withForm.missingFields, 80),
    ticked: labels(withForm.ticked),
    alreadyTicked: labels(withForm.alreadyTicked),
    unticked: labels(withForm.unticked),
    leftTicked: labels(withForm.leftTicked),
    chosen: withForm.chosen.map(({ label, option }) => ({ label: label.slice(0, 80), option: option.slice(0, 300) })),
    missingScopes: labels(withForm.missingScopes, 80),
    missingChoices: labels(withForm.missingChoices, 80),
  };
}
