import type { MaskedSecret } from '../../shared/masked';
import type { RegistrationState } from '../../shared/registration';
import { AppError } from '../../shared/errors';
import type { FrameOutcome, RegistrationBrowser } from './browser';
import { emptyRead, evaluate, isPrefillAnswer, mergeExtraction, mergeValue, type ReadResult } from './capture';
import { describeLocation } from './navigation';
import { pageScriptCall } from './page-code';
import type { PickAnswer } from './page-protocol';
import { callbackUrl } from './providers/common';
import type { ProviderRegistry } from './providers';
import type { Provider, ProviderField } from './providers/types';
import { extractRequest, isRegisterPage, pickRequest, prefillRequest } from './requests';

export interface Clock {
  now: () => Date;
}

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
  clock: Clock;
  randomId: () => string;
  maskSecret: (value: string) => MaskedSecret;
  timing?: Partial<Timing>;
}

/** What the save step (issue 4) takes from a finished flow. Raw secrets: main process only. */
export interface Capture {
  provider: string;
  appId: string;
  tenantId: string | undefined;
  clientSecret: string;
  authorizeUrl: string;
  authorityHost: string;
  callbackUrl: string;
  capturedAt: Date;
}

interface Flow {
  id: string;
  provider: Provider;
  hostname: string;
  org: string;
  callback: string;
  url: string;
  canGoBack: boolean;
  loading: boolean;
  blocked: RegistrationState['blocked'];
  refusal: RegistrationState['refusal'];
  prefill: RegistrationState['prefill'];
  read: ReadResult;
  picking: ProviderField['key'] | null;
  ended: boolean;
  capturedAt: Date | null;
  /** A continuous page watch is running (see #watch). */
  watching: boolean;
}

const REFUSAL_MESSAGE =
  'Azure DevOps no longer accepts new OAuth app registrations (Microsoft closed them in April 2025). Register the app in Microsoft Entra ID instead — or, if you already have an Azure DevOps OAuth app, open it from your profile page and its values will be read from there.';

/**
 * Registration flows: the built-in browser, prefill on register pages, extraction on trusted pages, pick mode and
 * the checks. No Electron here: the browser and its frame runner are injected.
 */
export class RegistrationService {
  readonly #providers: ProviderRegistry;
  readonly #browser: RegistrationBrowser;
  readonly #clock: Clock;
  readonly #randomId: () => string;
  readonly #mask: (value: string) => MaskedSecret;
  readonly #timing: Timing;
  readonly #flows = new Map<string, Flow>();

  constructor(options: RegistrationServiceOptions) {
    this.#providers = options.providers;
    this.#browser = options.browser;
    this.#clock = options.clock;
    this.#randomId = options.randomId;
    this.#mask = options.maskSecret;
    this.#timing = { ...defaultTiming, ...options.timing };
  }

  /** Starts a flow on the provider's start page, or — to rotate a secret — on the known app's own page. */
  async start(input: { provider: string; hostname: string; org: string; trailingSlash?: boolean | undefined; rotateAppId?: string | undefined }): Promise<RegistrationState> {
    const provider = this.#providers.get(input.provider);
    if (!provider) throw new AppError('NOT_FOUND', `There is no registration provider "${input.provider}".`, 'Choose Azure DevOps OAuth or Microsoft Entra ID.');
    const startUrl = input.rotateAppId !== undefined ? provider.rotationUrl(input.rotateAppId) : provider.startUrl;
    for (const flow of this.#flows.values()) if (!flow.ended) await this.end(flow.id);
    const id = this.#randomId();
    const flow: Flow = {
      id,
      provider,
      hostname: input.hostname,
      org: input.org,
      callback: callbackUrl(input.hostname, input.trailingSlash === true),
      url: startUrl,
      canGoBack: false,
      loading: true,
      blocked: null,
      refusal: null,
      prefill: null,
      read: emptyRead(),
      picking: null,
      ended: false,
      capturedAt: null,
      watching: false,
    };
    this.#flows.set(id, flow);
    await this.#browser.open(
      { flowId: id, url: startUrl },
      {
        onLocation: (location) => {
          flow.url = location.url;
          flow.canGoBack = location.canGoBack;
          flow.loading = location.loading;
        },
        onBlocked: (url, reason) => {
          flow.blocked = { url: url.slice(0, 300), reason };
        },
        onLoaded: (url, inPage) => {
          void this.#pageLoaded(flow, url, inPage === true).catch(() => undefined);
        },
      },
    );
    return this.state(id);
  }

  state(flowId: string): RegistrationState {
    const flow = this.#flow(flowId);
    const { provider, read } = flow;
    const evaluation = evaluate(provider, read, flow.callback);
    const location = describeLocation(flow.url, provider.trustedOrigins);
    const valueFields = provider.fields.filter((field) => field.role === 'value');
    const titled: { key: ProviderField['key']; title: string; kind: ProviderField['kind'] }[] = valueFields.map((f) => ({ key: f.key, title: f.title, kind: f.kind }));
    if (!titled.some((f) => f.key === 'authorizeUrl')) titled.push({ key: 'authorizeUrl', title: 'Authorize URL (built)', kind: 'url' });
    const fields = titled.map(({ key, title, kind }): RegistrationState['fields'][number] => {
      const entry = read.values.get(key);
      const derived = evaluation.values[key];
      if (entry || derived !== undefined) {
        const value = entry?.value ?? derived ?? '';
        return kind === 'secret'
          ? { key, title, status: 'found', masked: this.#mask(value), source: entry?.source ?? 'page' }
          : { key, title, status: 'found', value: value.slice(0, 2048), source: entry?.source ?? 'page' };
      }
      const reason = read.rejected.get(key);
      return reason ? { key, title, status: 'rejected', reason } : { key, title, status: 'missing' };
    });
    return {
      flowId: flow.id,
      provider: provider.id as RegistrationState['provider'],
      providerTitle: provider.title,
      url: flow.url.slice(0, 4096),
      secure: location.secure,
      trusted: location.trusted,
      canGoBack: flow.canGoBack,
      loading: flow.loading,
      blocked: flow.blocked,
      refusal: flow.refusal,
      prefill: flow.prefill,
      fields,
      checks: evaluation.checks,
      picking: flow.picking,
      complete: evaluation.missing.length === 0 && evaluation.checks.every((check) => check.ok),
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

  setBounds(flowId: string, bounds: { x: number; y: number; width: number; height: number }): void {
    this.#browser.setBounds(this.#live(flowId).id, bounds);
  }

  /** Reads the values from every trusted frame now (waiting briefly for ones that are about to appear). */
  async extract(flowId: string, waitMs = this.#timing.extractMs): Promise<RegistrationState> {
    const flow = this.#live(flowId);
    await this.#extractInto(flow, waitMs);
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
        if (outcome.ok && (outcome.value as PickAnswer | undefined)?.picked) cancelOthers();
      });
      const picked = outcomes.find((outcome) => outcome.ok && (outcome.value as PickAnswer | undefined)?.picked);
      if (picked) mergeValue(flow.read, field, (picked.value as PickAnswer).picked, picked.origin, 'pick');
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

  /** Closes the view and clears its session. Captured values stay until taken (takeCapture) or discarded. */
  async end(flowId: string): Promise<RegistrationState> {
    const flow = this.#flow(flowId);
    if (!flow.ended) {
      flow.ended = true;
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

  /**
   * Hands the raw credentials to the save step and forgets them here. Refuses while a value is missing or a
   * check fails: nothing unchecked is ever stored.
   */
  /**
   * Hands the checked values to `use` (the keychain save) and forgets them only once `use` succeeded, so a failed
   * save (no keychain, disk full) loses nothing and can be retried.
   */
  async consumeCapture<T>(flowId: string, use: (capture: Capture) => Promise<T>): Promise<T> {
    const flow = this.#flow(flowId);
    const result = await use(this.#capture(flow));
    flow.read = emptyRead();
    return result;
  }

  #capture(flow: Flow): Capture {
    const evaluation = evaluate(flow.provider, flow.read, flow.callback);
    if (evaluation.missing.length > 0) {
      throw new AppError('NOT_READY', `Some values are still missing: ${evaluation.missing.join(', ')}.`, 'Open the page that shows them in the built-in browser, or use "Pick".');
    }
    const failed = evaluation.checks.filter((check) => !check.ok);
    if (failed.length > 0) {
      throw new AppError('CHECKS_FAILED', `The values did not pass ${failed.length} check${failed.length > 1 ? 's' : ''}: ${failed.map((c) => c.id).join(', ')}.`, failed[0]?.fix);
    }
    const { values } = evaluation;
    const capture: Capture = {
      provider: flow.provider.id,
      appId: values.appId!,
      tenantId: values.tenantId,
      clientSecret: values.clientSecret!,
      authorizeUrl: values.authorizeUrl!,
      authorityHost: evaluation.authorityHost ?? '',
      callbackUrl: flow.callback,
      capturedAt: flow.capturedAt ?? this.#clock.now(),
    };
    return capture;
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

  /** A value field is still missing, or only its masked form was seen. */
  #needsMore(flow: Flow): boolean {
    return flow.provider.fields.some((field) => field.role === 'value' && (flow.read.values.get(field.key)?.masked ?? true));
  }

  #merge(flow: Flow, outcomes: readonly FrameOutcome[]): void {
    const before = flow.read.values.get('clientSecret')?.value;
    mergeExtraction(flow.provider, outcomes, flow.read);
    const after = flow.read.values.get('clientSecret')?.value;
    if (after !== undefined && after !== before) flow.capturedAt = this.#clock.now();
  }

  async #extractInto(flow: Flow, waitMs: number): Promise<void> {
    // Each frame's answer is merged as it arrives: one frame may hold the ids, another the secret.
    await this.#browser.runInTrustedFrames(flow.id, pageScriptCall(extractRequest(flow.provider, waitMs)), flow.provider.trustedOrigins, (outcome) =>
      this.#merge(flow, [outcome]),
    );
  }

  /**
   * Watches the trusted frames while values are missing: each round's page script answers as soon as it sees a
   * value not yet known (MutationObserver; idle otherwise), so a secret that appears later — after "Show", or the
   * Entra "Add" — is taken the moment it is rendered. Stops when nothing is missing, the flow ends, or no trusted
   * frame is left.
   */
  #watch(flow: Flow): void {
    if (flow.watching || this.#timing.watchMs <= 0) return;
    flow.watching = true;
    const round = async (): Promise<void> => {
      while (!flow.ended && this.#needsMore(flow)) {
        const outcomes = await this.#watchRound(flow);
        if (outcomes.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    void round()
      .catch(() => undefined)
      .finally(() => {
        flow.watching = false;
      });
  }

  /** One watch round over the trusted frames there are now; each frame answers once it shows a value not yet known. */
  #watchRound(flow: Flow): Promise<FrameOutcome[]> {
    const known = [...flow.read.values].filter(([, entry]) => !entry.masked).map(([key]) => key as string);
    known.push(...flow.read.rejected.keys());
    const request = { ...extractRequest(flow.provider, this.#timing.watchMs), resolveOn: 'progress' as const, known };
    return this.#browser.runInTrustedFrames(flow.id, pageScriptCall(request), flow.provider.trustedOrigins, (outcome) => this.#merge(flow, [outcome]));
  }

  async #pageLoaded(flow: Flow, url: string, inPage: boolean): Promise<void> {
    if (flow.ended) return;
    const { provider } = flow;
    if (!describeLocation(url, provider.trustedOrigins).trusted) return;
    if (isRegisterPage(provider, url)) {
      if (inPage) return;
      const request = prefillRequest(provider, { hostname: flow.hostname, org: flow.org, callback: flow.callback }, this.#timing.prefillMs);
      if (request) {
        const outcomes = await this.#browser.runInTrustedFrames(flow.id, pageScriptCall(request), provider.trustedOrigins);
        this.#recordPrefill(flow, outcomes);
        return;
      }
    }
    // A quick read of the page as loaded (new frames included), then the continuous watch.
    await this.#extractInto(flow, Math.min(this.#timing.extractMs, this.#timing.watchMs));
    // A frame that loads while a watch round runs (the portal's secrets blade, an iframe) is not part of that round:
    // one extra round includes it at once, so a value it shows later is read when it appears, not a round later.
    if (flow.watching && !flow.ended && this.#timing.watchMs > 0 && this.#needsMore(flow)) await this.#watchRound(flow);
    this.#watch(flow);
  }

  #recordPrefill(flow: Flow, outcomes: readonly FrameOutcome[]): void {
    const answers = outcomes.filter((o) => o.ok && isPrefillAnswer(o.value)).map((o) => o.value).filter(isPrefillAnswer);
    if (answers.length === 0) return;
    const withForm = answers.find((a) => a.formFound);
    const refusalText = answers.map((a) => a.refusalText).find((t) => t !== null) ?? null;
    if (!withForm || refusalText !== null) {
      flow.refusal = { message: REFUSAL_MESSAGE, pageText: refusalText };
      flow.prefill = null;
      return;
    }
    flow.refusal = null;
    flow.prefill = {
      filled: Object.entries(withForm.filled).map(([label, value]) => ({ label: label.slice(0, 80), value: value.slice(0, 300) })),
      missingFields: withForm.missingFields.map((l) => l.slice(0, 80)),
      ticked: withForm.ticked.map((l) => l.slice(0, 160)),
      missingScopes: withForm.missingScopes.map((l) => l.slice(0, 80)),
    };
  }
}
