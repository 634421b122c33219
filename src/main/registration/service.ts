import type { MaskedSecret } from '../../shared/masked';
import { BUILT_AUTHORIZE_TITLE, type ProviderId, type RegistrationPurpose, type RegistrationState } from '../../shared/registration';
import type { Capture } from '../vault/capture';
import { AppError } from '../../shared/errors';
import type { RegistrationBrowser } from './browser';
import { emptyRead, evaluate, mergeValue, trustedAnswer } from './capture';
import { LoadGate, MOVED_NOTICE, type Flow } from './flow';
import { describeLocation } from './navigation';
import { pageScriptCall } from './page-code';
import { callbackUrl } from './providers/common';
import type { ProviderRegistry } from './providers';
import type { AppPage, AudienceDecision, Provider, ProviderField } from './providers/types';
import { pickRequest } from './requests';
import { PageWatch } from './watch';
import { UNPROBED_AUDIENCE } from './audience';
import type { EvaluateOptions } from './capture';

export interface Timing {
  /** How long an automatic extraction watches a freshly loaded trusted page. */
  watchMs: number;
  /** How long an extraction the admin asked for waits for missing values. */
  extractMs: number;
  prefillMs: number;
  pickMs: number;
}

export const defaultTiming: Timing = { watchMs: 20_000, extractMs: 2_000, prefillMs: 8_000, pickMs: 120_000 };

export interface RegistrationServiceOptions {
  providers: ProviderRegistry;
  browser: RegistrationBrowser;
  randomId: () => string;
  maskSecret: (value: string) => MaskedSecret;
  timing?: Partial<Timing>;
}

/**
 * What a flow is started for, read from the installation by the caller (never from the window): the values are
 * checked against this callback and handed over for this installation only.
 */
export interface RegistrationTarget {
  profileId: string;
  provider: ProviderId;
  hostname: string;
  org: string;
  trailingSlash?: boolean;
  /** Set to rotate the client secret of this app: the flow starts on the app's own page. */
  rotateAppId?: string | undefined;
  /** The account type a new app is registered with (from DeepSource's login); multitenant when not given. */
  audience?: AudienceDecision | undefined;
}

/** Whom a flow's checked values belong to, handed to the save step with them. */
export interface CaptureOwner {
  profileId: string;
  purpose: RegistrationPurpose;
}

/**
 * Registration flows: the built-in browser, prefill on register pages, extraction on trusted pages, pick mode and
 * the checks. No Electron here: the browser and its frame runner are injected.
 */
export class RegistrationService {
  readonly #providers: ProviderRegistry;
  readonly #browser: RegistrationBrowser;
  readonly #randomId: () => string;
  readonly #mask: (value: string) => MaskedSecret;
  readonly #timing: Timing;
  readonly #watch: PageWatch;
  readonly #flows = new Map<string, Flow>();

  constructor(options: RegistrationServiceOptions) {
    this.#providers = options.providers;
    this.#browser = options.browser;
    this.#randomId = options.randomId;
    this.#mask = options.maskSecret;
    this.#timing = { ...defaultTiming, ...options.timing };
    this.#watch = new PageWatch({ browser: this.#browser, timing: this.#timing });
  }

  /**
   * Starts a flow for an installation on the provider's start page, or — to rotate a secret — on the known app's own
   * page. One built-in browser at a time: a live flow ends; the installation's earlier flows are forgotten.
   */
  async start(input: RegistrationTarget): Promise<RegistrationState> {
    const provider = this.#providers.require(input.provider);
    const rotating = input.rotateAppId !== undefined;
    const startUrl = input.rotateAppId !== undefined ? provider.rotationUrl(input.rotateAppId) : provider.startUrl;
    for (const flow of this.#flows.values()) if (!flow.ended) await this.end(flow.id);
    await this.discardFlowsOf(input.profileId);
    const id = this.#randomId();
    const flow: Flow = {
      id,
      profileId: input.profileId,
      purpose: rotating ? 'rotate' : 'new',
      provider,
      hostname: input.hostname,
      org: input.org,
      callback: callbackUrl(input.hostname, input.trailingSlash === true),
      audience: input.audience ?? UNPROBED_AUDIENCE,
      prefilledAt: null,
      url: startUrl,
      canGoBack: false,
      sawSignInPage: false,
      signedIn: false,
      gate: new LoadGate(),
      pendingLoads: [],
      blocked: null,
      refusal: null,
      prefill: null,
      read: emptyRead(),
      notice: null,
      picking: null,
      ended: false,
      watching: false,
    };
    this.#flows.set(id, flow);
    await this.#browser.open(
      { flowId: id, url: startUrl },
      {
        onLocation: (location) => {
          flow.canGoBack = location.canGoBack;
          this.#watch.located(flow, location.url, location.loading);
        },
        onBlocked: (url, reason) => {
          flow.blocked = { url: url.slice(0, 300), reason };
        },
        onLoaded: (url, inPage) => this.#watch.loaded(flow, url, inPage === true),
      },
    );
    return this.state(id);
  }

  state(flowId: string): RegistrationState {
    const flow = this.#flow(flowId);
    const { provider, read } = flow;
    const evaluation = evaluate(provider, read, flow.callback, evaluateOptions(flow));
    const location = describeLocation(flow.url, provider.trustedOrigins);
    const complete = evaluation.missing.length === 0 && evaluation.checks.every((check) => check.ok);
    const valueFields = provider.fields.filter((field) => field.role === 'value');
    const titled: { key: ProviderField['key']; title: string; kind: ProviderField['kind'] }[] = valueFields.map((f) => ({ key: f.key, title: f.title, kind: f.kind }));
    if (!titled.some((f) => f.key === 'authorizeUrl')) titled.push({ key: 'authorizeUrl', title: BUILT_AUTHORIZE_TITLE, kind: 'url' });
    const fields = titled.map(({ key, title, kind }): RegistrationState['fields'][number] => {
      const entry = read.values.get(key);
      const derived = evaluation.values[key];
      if (entry || derived !== undefined) {
        const value = entry?.value ?? derived ?? '';
        const source = entry?.source ?? 'built';
        return kind === 'secret' ? { key, title, status: 'found', masked: this.#mask(value), source } : { key, title, status: 'found', value: value.slice(0, 2048), source };
      }
      const reason = read.rejected.get(key);
      return reason ? { key, title, status: 'rejected', reason } : { key, title, status: 'missing' };
    });
    return {
      flowId: flow.id,
      profileId: flow.profileId,
      purpose: flow.purpose,
      provider: provider.id,
      providerTitle: provider.title,
      url: flow.url.slice(0, 4096),
      secure: location.secure,
      trusted: location.trusted,
      canGoBack: flow.canGoBack,
      signedIn: flow.signedIn,
      loading: flow.gate.loading,
      blocked: flow.blocked,
      refusal: flow.refusal,
      prefill: flow.prefill,
      audience: provider.readBack && flow.purpose === 'new' ? { value: flow.audience.audience, why: flow.audience.why } : null,
      readBack: provider.readBack ? read.readBack : null,
      fields,
      checks: evaluation.checks,
      notice: complete ? null : (flow.notice?.message ?? null),
      picking: flow.picking,
      complete,
      ended: flow.ended,
    };
  }

  navigate(flowId: string, action: 'back' | 'reload'): RegistrationState {
    const flow = this.#live(flowId);
    flow.blocked = null;
    if (action === 'back') this.#browser.back(flow.id);
    else this.#browser.reload(flow.id);
    return this.state(flowId);
  }

  /**
   * Opens one of the app's own pages in the flow's browser (the guide's direct link): the app is the one whose values
   * were read. Only the provider's own pages, on its trusted origins.
   */
  openPage(flowId: string, page: AppPage): RegistrationState {
    const flow = this.#live(flowId);
    const appId = flow.read.values.get('appId')?.value ?? (flow.read.subject?.startsWith('app:') ? flow.read.subject.slice(4) : undefined);
    if (!flow.provider.readBack) throw new AppError('NOT_FOUND', `${flow.provider.title} has no app pages to open.`, 'Use the built-in browser’s own links.');
    if (!appId) throw new AppError('NOT_READY', 'The app is not known yet: its pages can be opened once its Application (client) ID was read.', 'Open your app (or register it) in the built-in browser first.');
    flow.blocked = null;
    this.#browser.load(flow.id, flow.provider.readBack.pages(appId)[page]);
    return this.state(flowId);
  }

  setBounds(flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    this.#browser.setBounds(this.#live(flowId).id, bounds);
  }

  focus(flowId: string): void {
    this.#browser.focus(this.#live(flowId).id);
  }

  /** Reads the values from every trusted frame now (waiting briefly for ones that are about to appear). */
  async extract(flowId: string, waitMs = this.#timing.extractMs): Promise<RegistrationState> {
    const flow = this.#live(flowId);
    await this.#watch.extract(flow, waitMs);
    return this.state(flowId);
  }

  /** Lets the admin click the value of `field` in the page; the clicked element's value is taken. */
  async pick(flowId: string, key: ProviderField['key']): Promise<RegistrationState> {
    const flow = this.#live(flowId);
    const field = this.#valueField(flow.provider, key);
    if (flow.picking) await this.cancelPick(flowId);
    flow.picking = key;
    let cancelled = false;
    const cancelOthers = () => {
      if (cancelled) return;
      cancelled = true;
      void this.#browser.runInTrustedFrames(flow.id, pageScriptCall({ mode: 'cancel-pick' }), flow.provider.trustedOrigins).catch(() => undefined);
    };
    try {
      const outcomes = await this.#browser.runInTrustedFrames(flow.id, pageScriptCall(pickRequest(this.#timing.pickMs, field.maxLength)), flow.provider.trustedOrigins, (outcome) => {
        if (trustedAnswer(outcome, 'pick')?.picked) cancelOthers();
      });
      for (const outcome of outcomes) {
        const picked = trustedAnswer(outcome, 'pick')?.picked;
        const subject = picked ? this.#watch.subjectForPick(flow, outcome) : null;
        if (!picked || subject === null) continue;
        if (mergeValue(flow.read, field, picked, { origin: outcome.origin, source: 'pick', subject }) === 'started-over') flow.notice = { kind: 'moved', message: MOVED_NOTICE, keys: [] };
        break;
      }
    } finally {
      if (flow.picking === key) flow.picking = null;
    }
    return this.state(flowId);
  }

  async cancelPick(flowId: string): Promise<RegistrationState> {
    const flow = this.#live(flowId);
    await this.#browser.runInTrustedFrames(flow.id, pageScriptCall({ mode: 'cancel-pick' }), flow.provider.trustedOrigins);
    flow.picking = null;
    return this.state(flowId);
  }

  /** Closes the view and clears its session. Captured values stay until taken (consumeCapture) or discarded. */
  async end(flowId: string): Promise<RegistrationState> {
    const flow = this.#flow(flowId);
    if (!flow.ended) {
      flow.ended = true;
      flow.gate.open();
      await this.#browser.close(flow.id);
    }
    return this.state(flowId);
  }

  /** Forgets a flow and everything it read. */
  async discard(flowId: string): Promise<void> {
    const flow = this.#flows.get(flowId);
    if (!flow) return;
    if (!flow.ended) await this.end(flowId);
    this.#flows.delete(flowId);
  }

  /** Is the built-in browser open for this installation (its identity must not change under it)? */
  isOpenFor(profileId: string): boolean {
    return [...this.#flows.values()].some((flow) => flow.profileId === profileId && !flow.ended);
  }

  /** Forgets every flow of an installation (their values were checked for what it was). */
  async discardFlowsOf(profileId: string): Promise<void> {
    for (const flow of [...this.#flows.values()]) if (flow.profileId === profileId) await this.discard(flow.id);
  }

  /**
   * Hands the checked values and their owner to `use` (the keychain save) and forgets them only once `use`
   * succeeded, so a failed save (no keychain, disk full, installation removed) loses nothing and can be retried.
   */
  async consumeCapture<T>(flowId: string, use: (capture: Capture, owner: CaptureOwner) => Promise<T>): Promise<T> {
    const flow = this.#flow(flowId);
    const result = await use(this.#capture(flow), { profileId: flow.profileId, purpose: flow.purpose });
    flow.read = emptyRead();
    return result;
  }

  #capture(flow: Flow): Capture {
    const evaluation = evaluate(flow.provider, flow.read, flow.callback, evaluateOptions(flow));
    if (evaluation.missing.length > 0) {
      throw new AppError('NOT_READY', `Some values are still missing: ${evaluation.missing.join(', ')}.`, 'Open the page that shows them in the built-in browser, or use "Pick".');
    }
    const failed = evaluation.checks.filter((check) => !check.ok);
    if (failed.length > 0) {
      throw new AppError('CHECKS_FAILED', `The values did not pass ${failed.length} check${failed.length > 1 ? 's' : ''}: ${failed.map((c) => c.id).join(', ')}.`, failed[0]?.fix);
    }
    const { values } = evaluation;
    const { signInAudience, secretExpiresOn } = flow.read.readBack;
    return {
      appId: values.appId!,
      clientSecret: values.clientSecret!,
      authorizeUrl: values.authorizeUrl!,
      ...(values.tenantId ? { tenantId: values.tenantId } : {}),
      ...(evaluation.authorityHost ? { authorityHost: evaluation.authorityHost } : {}),
      ...(signInAudience && flow.purpose === 'new' ? { signInAudience } : {}),
      ...(secretExpiresOn ? { clientSecretExpiresOn: secretExpiresOn } : {}),
    };
  }

  #flow(flowId: string): Flow {
    const flow = this.#flows.get(flowId);
    if (!flow) throw new AppError('NOT_FOUND', 'That registration flow does not exist (any more).', 'Start the registration again.');
    return flow;
  }

  #live(flowId: string): Flow {
    const flow = this.#flow(flowId);
    if (flow.ended) throw new AppError('NOT_FOUND', 'That registration flow has ended and its browser is closed.', 'Start the registration again.');
    return flow;
  }

  #valueField(provider: Provider, key: string): ProviderField {
    const field = provider.fields.find((f) => f.key === key && f.role === 'value');
    if (!field) throw new AppError('NOT_FOUND', `${provider.title} has no value "${key}" to pick.`, 'Pick one of the values in the checklist.');
    return field;
  }
}

/** A new app's settings must be read back before its values are used; a new secret needs only itself. */
function evaluateOptions(flow: Flow): EvaluateOptions {
  return { readBack: flow.purpose === 'new' ? 'required' : 'off', audience: flow.audience };
}
