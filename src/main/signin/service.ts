import { AppError } from '../../shared/errors';
import { callbackUrlFor, type Profile } from '../../shared/profile';
import type { RoundTrip, SignInStartRequest, SignInState } from '../../shared/signin';
import type { ProviderRegistry } from '../registration/providers';
import type { VaultService } from '../vault/vault';
import { isSignInHostUrl, readAuthorizeUrl } from './authorize-url';
import type { CertificateTrust } from '../tls/certificate-trust';
import { signInNavigationAllowed, type SignInBrowser, type SignInFailure } from './browser';
import { signInChecks } from './checks';
import { DESCRIBE_CALL, findProviderCall, readDescribeAnswer, readFindProviderAnswer } from './page-code';
import { azurePageRefusal, callbackRefusal, callbackReturn, deepSourceAnswer, isCallback, redactUrl } from './round-trip';
import { explainAzureRefusal } from './azure-errors';

export interface SignInTiming {
  /** How long the login page may take to show its Azure DevOps entry. */
  lookMs: number;
  /** Pause between attempts while DeepSource restarts. */
  retryMs: number;
  /** How long a run may take beyond its wait before it ends, whatever the pages do (with a wait of 0 too). */
  graceMs: number;
  /** A round trip's time for the admin to sign in at Azure and for DeepSource to answer (instead of graceMs). */
  roundTripMs: number;
  /** After DeepSource's callback, how long its pages must stay put before its answer is read. */
  settleMs: number;
}

const defaultTiming: SignInTiming = { lookMs: 8_000, retryMs: 5_000, graceMs: 60_000, roundTripMs: 600_000, settleMs: 1_500 };
/** DeepSource restarts its pods after a deploy: the check after a deploy waits this long by default. */
export const AFTER_DEPLOY_WAIT_SECONDS = 300;

export interface SignInServiceOptions {
  browser: SignInBrowser;
  /** The profiles, and the providers the run knows: whose authorize endpoints the check stops at and judges. */
  vault: Pick<VaultService, 'get' | 'providers'>;
  randomId: () => string;
  now?: () => number;
  timing?: Partial<SignInTiming>;
  /** Where a profile's login page is (demo mode maps the DeepSource host onto its local replica). */
  loginUrlFor?: (profile: Profile) => string;
  /** What every run trusts besides the platform's verification (demo mode: the exact certificates of its replica). */
  trust?: CertificateTrust;
}

interface Run {
  state: SignInState;
  profile: Profile;
  startedAt: number;
  deadline: number;
  /** Ends the run once the wait and the grace are over (a page that never leads anywhere cannot hold it open). */
  overall: ReturnType<typeof setTimeout> | undefined;
  /** Bumped on every new attempt, so late answers about an older page are dropped. */
  attempt: number;
  looking: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: Promise<SignInState>;
  finish: (state: SignInState) => void;
  /** A round trip: the browser went on to Azure (from then on its pages are the round trip's). */
  atAzure: boolean;
}

const FINAL = new Set(['done', 'failed', 'stopped']);

/**
 * The sign-in proof: opens DeepSource's login page, finds its Azure DevOps entry (or lets the admin click it),
 * follows the redirects and stops at the navigation to Azure's authorize endpoint, which it never loads; then
 * compares what that URL carries with the profile. After a deploy it keeps trying, with progress, while DeepSource
 * restarts and still sends old values, until the wait is over.
 */
export class SignInService {
  readonly #options: SignInServiceOptions;
  readonly #timing: SignInTiming;
  readonly #runs = new Map<string, Run>();
  readonly #now: () => number;
  readonly #providers: ProviderRegistry;

  constructor(options: SignInServiceOptions) {
    this.#options = options;
    this.#providers = options.vault.providers;
    this.#timing = { ...defaultTiming, ...options.timing };
    this.#now = options.now ?? Date.now;
  }

  /**
   * `extra.caPem`: a CA file's certificate (the CLI's --ca-file; the window cannot give one). `extra.probe`: a look at
   * where DeepSource sends users before there is an app to compare with (no App ID needed).
   */
  async start(request: SignInStartRequest, extra: { caPem?: string; probe?: boolean } = {}): Promise<SignInState> {
    const profile = await this.#options.vault.get(request.profileId);
    if (!profile.azure.appId && !extra.probe) throw new AppError('NOT_READY', `${profile.label} has no App ID yet, so there is nothing to compare DeepSource's sign-in with.`, 'Register the app in Azure and deliver it first (Set up).');
    const loginUrl = request.url ?? this.#options.loginUrlFor?.(profile) ?? `https://${profile.hostname}/login`;
    const allowed = signInNavigationAllowed(loginUrl);
    if (!allowed.allow) throw new AppError('INVALID_INPUT', allowed.reason, 'Give the login page as https://HOST/login (http only for localhost).');
    if (isSignInHostUrl(loginUrl, this.#providers)) throw new AppError('INVALID_INPUT', 'That is an address of Azure’s sign-in, not DeepSource’s login page; the check never loads it.', 'Give DeepSource’s login page, e.g. https://HOST/login.');
    for (const [id, run] of this.#runs) if (run.state.profileId === profile.id && !FINAL.has(run.state.phase)) await this.end(id);

    const runId = this.#options.randomId();
    const mode = request.mode ?? 'redirect';
    const roundTrip = mode === 'round-trip';
    const waitSeconds = request.waitSeconds ?? 0;
    let finish: (state: SignInState) => void = () => undefined;
    const done = new Promise<SignInState>((resolve) => (finish = resolve));
    const startedAt = this.#now();
    const run: Run = {
      state: { runId, profileId: profile.id, mode, loginUrl, phase: 'opening', status: `Opening ${loginUrl}…`, url: loginUrl, attempts: 1, elapsedSeconds: 0, waitSeconds, observed: null, checks: [], verdict: null, roundTrip: roundTrip ? { azure: null, returned: null, answer: null } : null, certificate: null, error: null },
      profile,
      startedAt,
      deadline: startedAt + waitSeconds * 1000,
      overall: undefined,
      attempt: 1,
      looking: false,
      timer: undefined,
      done,
      finish,
      atAzure: false,
    };
    this.#runs.set(runId, run);
    const trust: CertificateTrust = {
      ...this.#options.trust,
      ...(request.trustFingerprint ? { pinnedFingerprint: request.trustFingerprint, pinnedHost: new URL(loginUrl).hostname.replace(/^\[(.*)\]$/, '$1') } : {}),
      ...(extra.caPem ? { caPem: extra.caPem } : {}),
    };
    try {
      await this.#options.browser.open(
        { runId, url: loginUrl, trust, stopsAt: roundTrip ? () => false : (url) => isSignInHostUrl(url, this.#providers) },
        {
          onPage: (page) => (run.atAzure ? this.#tripPage(run, page) : this.#onPage(run, run.attempt, page)),
          onAuthorize: (url) => this.#onAuthorize(run, url),
          onNavigate: (url) => this.#onNavigate(run, url),
          onBlocked: (url, reason) => this.#fail(run, 'unreachable', `The sign-in went to ${url.slice(0, 200)}, which the check does not follow: ${reason}`),
          onFailed: (failure) => this.#onFailed(run, failure),
        },
      );
    } catch (error) {
      this.#runs.delete(runId);
      throw error;
    }
    const limitMs = waitSeconds * 1000 + (roundTrip ? this.#timing.roundTripMs : this.#timing.graceMs);
    run.overall = setTimeout(() => {
      const message = run.atAzure
        ? `The sign-in did not come back to DeepSource within ${Math.round(limitMs / 1000)} s (last page: ${run.state.url.slice(0, 200)}).`
        : `The check reached no Azure authorize address within ${Math.round(limitMs / 1000)} s (last page: ${run.state.url.slice(0, 200)}).`;
      this.#fail(run, 'unreachable', message, { error: { code: 'SIGNIN_UNREACHABLE', message, remedy: 'Check where DeepSource’s Azure DevOps entry leads (the last page is named above), then check again; right after a deploy, give the check a longer wait.' } });
    }, limitMs);
    return this.state(runId);
  }

  state(runId: string): SignInState {
    const run = this.#runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'This sign-in check has ended.', 'Start the check again.');
    return { ...run.state, elapsedSeconds: Math.round((this.#now() - run.startedAt) / 100) / 10 };
  }

  /** Resolves once the check has a verdict (or ended). */
  async finished(runId: string): Promise<SignInState> {
    const run = this.#runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'This sign-in check has ended.', 'Start the check again.');
    await run.done;
    return this.state(runId);
  }

  async end(runId: string): Promise<SignInState> {
    const run = this.#runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'This sign-in check has ended.', 'Start the check again.');
    if (!FINAL.has(run.state.phase)) this.#settle(run, { phase: 'stopped', status: 'Stopped.' });
    clearTimeout(run.timer);
    clearTimeout(run.overall);
    await this.#options.browser.close(runId).catch(() => undefined);
    return this.state(runId);
  }

  setBounds(runId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    if (this.#runs.has(runId)) this.#options.browser.setBounds?.(runId, bounds);
  }

  #update(run: Run, patch: Partial<SignInState>): void {
    run.state = { ...run.state, ...patch };
  }

  #settle(run: Run, patch: Partial<SignInState>): void {
    clearTimeout(run.timer);
    clearTimeout(run.overall);
    this.#update(run, patch);
    run.finish(this.state(run.state.runId));
  }

  #fail(run: Run, verdict: 'unreachable' | 'tls', status: string, extra: Partial<SignInState> = {}): void {
    if (FINAL.has(run.state.phase)) return;
    this.#settle(run, { phase: 'failed', verdict, status, ...extra });
  }

  /** Another attempt while the wait lasts, or the given failure once it is over. */
  #retryOrFail(run: Run, status: string, onGiveUp: () => void): void {
    if (FINAL.has(run.state.phase)) return;
    if (this.#now() + this.#timing.retryMs > run.deadline) return onGiveUp();
    this.#update(run, { phase: 'waiting', status });
    clearTimeout(run.timer);
    run.timer = setTimeout(() => {
      if (FINAL.has(run.state.phase)) return;
      run.attempt += 1;
      run.looking = false;
      this.#update(run, { attempts: run.attempt, phase: 'opening', status: `Opening ${run.state.loginUrl} again (attempt ${run.attempt})…` });
      void this.#options.browser.load(run.state.runId, run.state.loginUrl).catch(() => undefined);
    }, this.#timing.retryMs);
  }

  #onPage(run: Run, attempt: number, page: { url: string; loading: boolean; status: number | undefined }): void {
    if (FINAL.has(run.state.phase)) return;
    this.#update(run, { url: redactUrl(page.url) });
    if (page.loading || run.state.phase === 'following' || run.state.phase === 'waiting') return;
    if (page.status !== undefined && page.status >= 500) {
      this.#retryOrFail(run, `DeepSource answers ${page.status} (it may be restarting after the deploy); trying again…`, () =>
        this.#fail(run, 'unreachable', `DeepSource's login page answered ${page.status}.`, { error: { code: 'SIGNIN_UNREACHABLE', message: `DeepSource's login page answered ${page.status}.`, remedy: 'Check that DeepSource is running (its pods may still be restarting), then check again.' } }),
      );
      return;
    }
    if (run.looking) return;
    run.looking = true;
    this.#update(run, { phase: 'looking', status: 'Looking for the Azure DevOps sign-in on DeepSource’s login page…' });
    void this.#options.browser.runInPage(run.state.runId, findProviderCall(this.#timing.lookMs)).then(
      (answer) => this.#afterLook(run, attempt, readFindProviderAnswer(answer) ?? { clicked: null, seen: [] }),
      () => undefined, // the page navigated away (the entry was clicked, or the admin clicked it)
    );
  }

  #afterLook(run: Run, attempt: number, answer: { clicked: string | null; seen: readonly string[] }): void {
    if (FINAL.has(run.state.phase) || attempt !== run.attempt || run.state.phase !== 'looking') return;
    if (answer.clicked !== null) {
      this.#update(run, { phase: 'following', status: `Following DeepSource’s “${answer.clicked.slice(0, 80)}” sign-in…` });
      return;
    }
    const seen = answer.seen.length > 0 ? ` It offers: ${answer.seen.slice(0, 6).join(', ')}.` : '';
    const message = `DeepSource's login page shows no Azure DevOps sign-in.${seen}`;
    this.#retryOrFail(run, `${message} Trying again…`, () =>
      this.#fail(run, 'unreachable', message, { error: { code: 'SIGNIN_UNREACHABLE', message, remedy: 'Enable Azure DevOps Services in the admin console and deploy, or click the Azure DevOps entry yourself in the check’s browser.' } }),
    );
  }

  #onAuthorize(run: Run, url: string): void {
    if (FINAL.has(run.state.phase)) return;
    const observed = readAuthorizeUrl(url, this.#providers);
    if (!observed) {
      // A sign-in host, but no authorize endpoint a provider knows (another path or port, plain http): stopped there.
      const message = `DeepSource sends users to ${url.slice(0, 200)}: an address of Azure’s sign-in, but not its authorize endpoint. The check stopped there and sent nothing.`;
      this.#settle(run, { phase: 'done', verdict: 'mismatch', status: message, error: { code: 'SIGNIN_MISMATCH', message, remedy: 'Check the Azure DevOps Services Authority Host field in the admin console (a host name only, no port or path), then deploy and check again.' } });
      void this.#options.browser.close(run.state.runId).catch(() => undefined);
      return;
    }
    const checks = signInChecks(observed, run.profile, this.#providers);
    const clientId = checks.find((c) => c.id === 'signin-client-id');
    if (clientId && !clientId.ok && observed.clientId !== null) {
      // Right after a deploy DeepSource may still run its old pods: wait for the new values while the wait lasts.
      this.#update(run, { observed, checks });
      this.#retryOrFail(run, `DeepSource still sends client_id ${observed.clientId}; waiting for the deploy to go live…`, () => this.#verdict(run, observed, checks));
      return;
    }
    this.#verdict(run, observed, checks);
  }

  #verdict(run: Run, observed: NonNullable<SignInState['observed']>, checks: SignInState['checks']): void {
    const passed = checks.every((c) => c.ok);
    const status = passed ? 'Redirect checked: DeepSource sends users to Azure with this installation’s App ID and callback (Azure’s page was not loaded: nobody signed in).' : `DeepSource sends users to Azure with other values: ${checks.filter((c) => !c.ok).length} of ${checks.length} checks failed.`;
    this.#settle(run, { phase: 'done', verdict: passed ? 'passed' : 'mismatch', observed, checks, status });
    void this.#options.browser.close(run.state.runId).catch(() => undefined);
  }

  /** A round trip: each top-frame navigation, redirect hops included (the code in Azure's return is never kept). */
  #onNavigate(run: Run, url: string): void {
    if (FINAL.has(run.state.phase) || run.state.mode !== 'round-trip') return;
    clearTimeout(run.timer);
    this.#update(run, { url: redactUrl(url) });
    if (isSignInHostUrl(url, this.#providers)) {
      if (!run.atAzure) {
        run.atAzure = true;
        // What DeepSource sent Azure, compared as the redirect check does (the sign-in then goes on).
        const observed = readAuthorizeUrl(url, this.#providers);
        if (observed) this.#update(run, { observed: { ...observed, authorizeUrl: redactUrl(observed.authorizeUrl) }, checks: signInChecks(observed, run.profile, this.#providers) });
      }
      this.#update(run, { phase: 'at-azure', status: 'At Azure’s sign-in: sign in there with an account of your organization.' });
      return;
    }
    if (!run.atAzure || !isCallback(url, callbackUrlFor(run.profile))) return;
    const back = callbackReturn(url);
    this.#trip(run, {
      returned: back.returned,
      ...(back.returned === 'error' ? { azure: callbackRefusal(back.error ?? '', back.description ?? '', this.#refusalFacts(run)) } : {}),
    });
    this.#update(run, { phase: 'returned', status: back.returned === 'error' ? 'Azure sent an error back to DeepSource’s callback; reading DeepSource’s answer…' : 'Azure sent the browser back to DeepSource’s callback; reading DeepSource’s answer…' });
  }

  /** A round trip's page, once the browser left DeepSource's login for Azure. */
  #tripPage(run: Run, page: { url: string; loading: boolean; status: number | undefined }): void {
    if (FINAL.has(run.state.phase)) return;
    this.#update(run, { url: redactUrl(page.url) });
    if (page.loading) return;
    if (isSignInHostUrl(page.url, this.#providers)) {
      void this.#describe(run).then((shown) => {
        const refusal = shown ? azurePageRefusal(shown, this.#refusalFacts(run)) : null;
        if (!refusal || FINAL.has(run.state.phase)) return;
        this.#trip(run, { azure: refusal });
        this.#end(run, 'mismatch', refusal.message, refusal.remedy);
      });
      return;
    }
    if (run.state.phase !== 'returned') return;
    // DeepSource answers once its pages stay put (its callback may redirect or render late).
    clearTimeout(run.timer);
    run.timer = setTimeout(() => void this.#answer(run, page.status), this.#timing.settleMs);
  }

  async #answer(run: Run, status: number | undefined): Promise<void> {
    const shown = await this.#describe(run);
    if (FINAL.has(run.state.phase) || run.state.phase !== 'returned') return;
    if (!shown) return this.#end(run, 'mismatch', 'DeepSource’s answer after its callback could not be read.', 'Look at the page in the built-in browser, then sign in again.');
    const answer = deepSourceAnswer(shown, status, isCallback(shown.url, callbackUrlFor(run.profile)));
    this.#trip(run, { answer });
    const trip = run.state.roundTrip!;
    if (trip.returned === 'code' && answer.kind === 'signed-in' && !trip.azure) {
      this.#settle(run, { phase: 'done', verdict: 'passed', status: `Signed in: Azure sent a code back to DeepSource’s callback and DeepSource showed a signed-in page (“${answer.title || answer.said}”).` });
      void this.#options.browser.close(run.state.runId).catch(() => undefined);
      return;
    }
    if (trip.azure) return this.#end(run, 'mismatch', trip.azure.message, trip.azure.remedy);
    const said = answer.said ? `: “${answer.said}”` : '';
    const message = answer.kind === 'login-page' ? `DeepSource sent the user back to its login page after Azure’s answer${said}.` : `DeepSource answered its callback with an error${said}.`;
    // DeepSource may quote what Azure's token endpoint told it (an AADSTS code): then that is what to fix.
    const quoted = shown.errorCodes[0]?.code;
    const remedy = quoted !== undefined ? explainAzureRefusal(quoted, this.#refusalFacts(run)).remedy : 'DeepSource could not finish the sign-in with what Azure sent: check the client secret in the admin console (rotate it, push and deploy) and DeepSource’s own logs.';
    this.#end(run, 'mismatch', message, remedy);
  }

  /** A round trip ends refused: the browser closes (its session is thrown away). */
  #end(run: Run, verdict: 'mismatch', message: string, remedy: string): void {
    if (FINAL.has(run.state.phase)) return;
    this.#settle(run, { phase: 'done', verdict, status: message.slice(0, 300), error: { code: 'SIGNIN_REFUSED', message, remedy } });
    void this.#options.browser.close(run.state.runId).catch(() => undefined);
  }

  #trip(run: Run, patch: Partial<RoundTrip>): void {
    this.#update(run, { roundTrip: { ...run.state.roundTrip!, ...patch } });
  }

  #describe(run: Run) {
    return this.#options.browser.runInPage(run.state.runId, DESCRIBE_CALL).then(readDescribeAnswer, () => null);
  }

  #refusalFacts(run: Run) {
    return { appId: run.profile.azure.appId, callback: callbackUrlFor(run.profile), tenant: run.state.observed?.tenant ?? null };
  }

  #onFailed(run: Run, failure: SignInFailure): void {
    if (FINAL.has(run.state.phase)) return;
    if (failure.kind === 'tls') {
      const changed = failure.certificate === 'changed';
      const message = changed
        ? `The certificate of ${failure.host} is not the one trusted before (SHA-256 ${failure.fingerprint}).`
        : `The certificate of ${failure.host} is not trusted by this computer (SHA-256 ${failure.fingerprint}).`;
      this.#fail(run, 'tls', message, {
        certificate: { fingerprint: failure.fingerprint, host: failure.host, kind: failure.certificate },
        error: { code: 'SIGNIN_TLS', message, remedy: 'Compare the fingerprint with the certificate DeepSource serves, then trust it for this check (or give its CA file).' },
      });
      return;
    }
    this.#retryOrFail(run, `DeepSource could not be reached (${failure.reason}); trying again…`, () =>
      this.#fail(run, 'unreachable', `DeepSource could not be reached: ${failure.reason}.`, { error: { code: 'SIGNIN_UNREACHABLE', message: `DeepSource could not be reached: ${failure.reason}.`, remedy: 'Check the host name and that this computer can reach DeepSource.' } }),
    );
  }
}
