import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { registrationStateSchema } from '../../shared/registration';
import { maskSecret } from '../secrets/mask';
import type { BrowserListener, FrameOutcome, RegistrationBrowser } from './browser';
import type { ExtractAnswer, FoundValue, PickAnswer, PrefillAnswer } from '../../shared/page-protocol';
import { ProviderRegistry } from './providers';
import type { Capture } from '../vault/capture';
import { RegistrationService, type CaptureOwner } from './service';

const APP_ID = '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D';
const CALLBACK = 'https://ds.example.com/accounts/ads/login/callback/bifrost';
const SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'s'.repeat(637)}.${'t'.repeat(83)}`;
const AUTHORIZE = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${APP_ID}&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=${CALLBACK}`;
const VIEW = 'https://app.vsaex.visualstudio.com/app/view';

const v = (value: string, extra: Partial<FoundValue> = {}): FoundValue => ({ value, tooLong: false, source: 'text', masked: false, ...extra });

/** A scripted browser: records what the service asks, answers each page-script mode from a queue. */
class ScriptedBrowser implements RegistrationBrowser {
  listener: BrowserListener | undefined;
  opened: string[] = [];
  closed: string[] = [];
  ran: { mode: string; origins: readonly string[] }[] = [];
  answers: Record<string, FrameOutcome[][]> = {};

  async open(spec: { flowId: string; url: string }, listener: BrowserListener) {
    this.opened.push(spec.url);
    this.listener = listener;
  }
  async close(flowId: string) {
    this.closed.push(flowId);
  }
  back() {}
  reload() {}
  load() {}
  setBounds() {}
  focus() {}
  async runInTrustedFrames(_flowId: string, code: string, origins: readonly string[], onOutcome?: (o: FrameOutcome) => void) {
    const mode = /"mode":"([a-z-]+)"/.exec(code)?.[1] ?? '?';
    this.ran.push({ mode, origins });
    const outcomes = this.answers[mode]?.shift() ?? [];
    for (const outcome of outcomes) onOutcome?.(outcome);
    return outcomes;
  }
}

type Answer<T> = T extends { mode: infer M } ? Omit<T, 'origin' | 'frame' | 'ambiguous'> & { mode: M } : never;

/** A frame's outcome: the answer as the page script gives it, from `origin` (the frame's document). */
function frame(value: Answer<ExtractAnswer> | Answer<PrefillAnswer> | Answer<PickAnswer>, origin = 'https://app.vsaex.visualstudio.com'): FrameOutcome {
  const url = value.url || `${origin}/x`;
  const full = { ...value, url, origin, frame: 'top' as const, ...(value.mode === 'extract' ? { ambiguous: [] } : {}) };
  return { url, origin, ok: true, value: full };
}

/** The top page is now `url` (loaded). */
function at(browser: ScriptedBrowser, url: string) {
  browser.listener!.onLocation({ url, canGoBack: true, loading: false });
}

function setup() {
  const browser = new ScriptedBrowser();
  let n = 0;
  const service = new RegistrationService({
    providers: new ProviderRegistry(),
    browser,
    randomId: () => `flow-${++n}`,
    maskSecret,
    timing: { watchMs: 0, extractMs: 0, prefillMs: 0, pickMs: 1000 },
  });
  return { browser, service };
}

describe('RegistrationService', () => {
  it('starts a flow in the built-in browser at the provider’s start page; nothing is found yet', async () => {
    const { browser, service } = setup();
    const state = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    expect(browser.opened).toEqual(['https://aex.dev.azure.com/app/register?mkt=en-US']);
    expect(registrationStateSchema.parse(state)).toEqual(state);
    expect(state.fields.map((f) => [f.key, f.status])).toEqual([['appId', 'missing'], ['clientSecret', 'missing'], ['authorizeUrl', 'missing']]);
    expect(state.complete).toBe(false);
  });

  it('prefills on a trusted register page; reports a refusal and offers Entra when the page refuses', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.answers['prefill'] = [
      [frame({ mode: 'prefill', url: '', formFound: true, refusalText: null, filled: { 'Company name': 'DeepSource Enterprise Server' }, missingFields: [], ticked: ['Code (status)'], alreadyTicked: [], missingScopes: [], unticked: [], leftTicked: [], chosen: [], missingChoices: [] }, 'https://aex.dev.azure.com')],
      [frame({ mode: 'prefill', url: '', formFound: false, refusalText: 'No longer accepting new app registrations.', filled: {}, missingFields: [], ticked: [], alreadyTicked: [], missingScopes: [], unticked: [], leftTicked: [], chosen: [], missingChoices: [] }, 'https://aex.dev.azure.com')],
    ];
    await browser.listener!.onLoaded('https://aex.dev.azure.com/app/register?mkt=en-US');
    expect(browser.ran.at(-1)).toMatchObject({ mode: 'prefill', origins: ['https://aex.dev.azure.com', 'https://app.vsaex.visualstudio.com', 'https://app.vssps.visualstudio.com'] });
    expect(service.state(flowId).prefill).toMatchObject({ filled: [{ label: 'Company name', value: 'DeepSource Enterprise Server' }], ticked: ['Code (status)'] });
    await browser.listener!.onLoaded('https://app.vsaex.visualstudio.com/app/register/');
    const refused = service.state(flowId);
    expect(refused.refusal?.message).toMatch(/no longer accepts new OAuth app registrations.*Microsoft Entra ID/);
    expect(refused.refusal?.pageText).toBe('No longer accepting new app registrations.');
  });

  it('never prefills again on an in-page navigation (the admin may have edited the form)', async () => {
    const { browser, service } = setup();
    await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    await browser.listener!.onLoaded('https://aex.dev.azure.com/app/register#step2', true);
    expect(browser.ran).toEqual([]);
  });

  it('does nothing on pages outside the trusted origins (sign-in pages)', async () => {
    const { browser, service } = setup();
    await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    await browser.listener!.onLoaded('https://login.microsoftonline.com/common/oauth2/authorize');
    await browser.listener!.onLoaded('https://aex.dev.azure.com.attacker.example/app/register');
    expect(browser.ran).toEqual([]);
  });

  it('merges what trusted frames found; the state carries the secret only masked', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    at(browser, VIEW);
    browser.answers['extract'] = [[frame({ mode: 'extract', url: VIEW, revealed: ['clientSecret'], scanMs: 1, longestTaskMs: 1, values: { appId: v(APP_ID, { source: 'input' }), clientSecret: v(SECRET), authorizeUrl: v(AUTHORIZE, { source: 'href' }), appSecret: v('••••', { masked: true }) } })]];
    const state = await service.extract(flowId);
    expect(state.fields).toEqual([
      { key: 'appId', title: 'App ID', status: 'found', value: APP_ID, source: 'page' },
      { key: 'clientSecret', title: 'Client Secret', status: 'found', masked: maskSecret(SECRET), source: 'page' },
      { key: 'authorizeUrl', title: 'Authorize URL', status: 'found', value: AUTHORIZE, source: 'page' },
    ]);
    expect(state.checks.every((c) => c.ok)).toBe(true);
    expect(state.complete).toBe(true);
    expect(JSON.stringify(state)).not.toContain(SECRET.slice(4, -4));
  });

  it('a masked value never replaces a real one; a refused (hostile) value is reported by reason only', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    at(browser, VIEW);
    browser.answers['extract'] = [
      [frame({ mode: 'extract', url: VIEW, revealed: [], scanMs: 1, longestTaskMs: 1, values: { clientSecret: v(SECRET), appId: v('<script>alert(1)</script>') } })],
      [frame({ mode: 'extract', url: VIEW, revealed: [], scanMs: 1, longestTaskMs: 1, values: { clientSecret: v('••••••', { masked: true }) } })],
    ];
    await service.extract(flowId);
    const state = await service.extract(flowId);
    expect(state.fields.find((f) => f.key === 'clientSecret')?.masked?.length).toBe(SECRET.length);
    const appId = state.fields.find((f) => f.key === 'appId')!;
    expect(appId).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/markup/) });
    expect(JSON.stringify(state)).not.toContain('<script>');
  });

  it('pick: the first frame with a value wins, the others are told to stop', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    at(browser, VIEW);
    browser.answers['pick'] = [[frame({ mode: 'pick', url: VIEW, picked: v(APP_ID, { source: 'input' }) }), frame({ mode: 'pick', url: 'https://aex.dev.azure.com/x', picked: null }, 'https://aex.dev.azure.com')]];
    const state = await service.pick(flowId, 'appId');
    expect(state.fields.find((f) => f.key === 'appId')).toMatchObject({ status: 'found', value: APP_ID, source: 'pick' });
    expect(browser.ran.map((r) => r.mode)).toEqual(['pick', 'cancel-pick']);
    expect(state.picking).toBeNull();
    await expect(service.pick(flowId, 'tenantId' as 'appId')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('consumeCapture refuses missing values and failed checks, hands over raw values, then forgets them', async () => {
    const { browser, service } = setup();
    const keep = async (capture: Capture, owner: CaptureOwner) => ({ ...capture, ...owner });
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    at(browser, VIEW);
    await expect(service.consumeCapture(flowId, keep)).rejects.toMatchObject({ code: 'NOT_READY' });
    browser.answers['extract'] = [
      [frame({ mode: 'extract', url: VIEW, revealed: [], scanMs: 1, longestTaskMs: 1, values: { appId: v(APP_ID), clientSecret: v(SECRET), authorizeUrl: v(AUTHORIZE.replace('Assertion', 'code')) } })],
    ];
    await service.extract(flowId);
    await expect(service.consumeCapture(flowId, keep)).rejects.toMatchObject({ code: 'CHECKS_FAILED' });
    browser.answers['pick'] = [[frame({ mode: 'pick', url: VIEW, picked: v(AUTHORIZE, { source: 'href' }) })]];
    await service.pick(flowId, 'authorizeUrl');

    // A save that fails keeps the values for another try.
    await expect(service.consumeCapture(flowId, () => Promise.reject(new AppError('NO_KEYCHAIN', 'no keychain')))).rejects.toMatchObject({ code: 'NO_KEYCHAIN' });
    expect(service.state(flowId).fields.filter((f) => f.status === 'found').length).toBe(3);

    const capture = await service.consumeCapture(flowId, keep);
    // The owner comes from the flow (the installation it was started for), not from the caller.
    expect(capture).toEqual({
      profileId: 'prod', purpose: 'new', appId: APP_ID, clientSecret: SECRET, authorizeUrl: AUTHORIZE,
      authorityHost: 'app.vssps.visualstudio.com',
    });
    expect(service.state(flowId).fields.every((f) => f.status === 'missing')).toBe(true);
    await expect(service.consumeCapture(flowId, keep)).rejects.toMatchObject({ code: 'NOT_READY' });
  });

  it('a rotation starts on the known app\'s own page', async () => {
    const { browser, service } = setup();
    const rotation = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso', rotateAppId: APP_ID });
    expect(rotation).toMatchObject({ profileId: 'prod', purpose: 'rotate' });
    expect(browser.opened.at(-1)).toBe(`https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${APP_ID}/isMSAApp~/false`);
    await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso', rotateAppId: APP_ID });
    expect(browser.opened.at(-1)).toBe('https://app.vssps.visualstudio.com/profile/view');
  });

  it('end closes the view (and its session); an ended flow cannot navigate; a new start ends the old flow', async () => {
    const { browser, service } = setup();
    const first = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    const second = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    expect(browser.closed).toEqual([first.flowId]);
    expect(browser.opened.at(-1)).toBe('https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade');
    expect((await service.end(second.flowId)).ended).toBe(true);
    expect(browser.closed).toEqual([first.flowId, second.flowId]);
    expect(() => service.navigate(second.flowId, 'back')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as AppError);
    // An id the contract refuses; the service still answers with a typed error, not a crash.
    await expect(service.start({ profileId: 'prod', provider: 'nope' as never, hostname: 'a.b', org: 'x' })).rejects.toMatchObject({ code: 'UNKNOWN_PROVIDER' });
  });

  it('flows belong to an installation: open or not, and a new start for it forgets its earlier flows', async () => {
    const { service } = setup();
    const other = await service.start({ profileId: 'test', provider: 'entra', hostname: 'test.example.com', org: 'Contoso' });
    expect(other).toMatchObject({ profileId: 'test', purpose: 'new' });
    expect(service.isOpenFor('test')).toBe(true);
    const first = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    // One browser at a time: the other installation's flow ended, but its values stay until it is saved or started again.
    expect(service.isOpenFor('test')).toBe(false);
    expect(service.state(other.flowId).ended).toBe(true);
    await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    expect(() => service.state(first.flowId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as AppError);
    expect(service.isOpenFor('prod')).toBe(true);
    await service.discardFlowsOf('test');
    expect(() => service.state(other.flowId)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as AppError);
  });

  it('records location, lock state and blocked navigations for the renderer', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.listener!.onLocation({ url: 'https://login.microsoftonline.com/common/login', canGoBack: true, loading: false });
    browser.listener!.onBlocked('http://intranet.contoso.example/', 'Plain http is not allowed: the built-in browser only loads https pages.');
    const state = service.state(flowId);
    expect(state).toMatchObject({ url: 'https://login.microsoftonline.com/common/login', secure: true, trusted: false, canGoBack: true, blocked: { url: 'http://intranet.contoso.example/' } });
    expect(state.fields.map((f) => f.key)).toEqual(['appId', 'tenantId', 'clientSecret', 'authorizeUrl']);
  });

  it('is signed in once a provider page has loaded after a sign-in page, and stays so', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    const portal = 'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade';
    browser.listener!.onLocation({ url: portal, canGoBack: false, loading: false });
    expect(service.state(flowId).signedIn).toBe(false); // a portal page with no sign-in before it says nothing
    browser.listener!.onLocation({ url: 'https://login.microsoftonline.com/common/oauth2/authorize', canGoBack: true, loading: false });
    browser.listener!.onLocation({ url: portal, canGoBack: true, loading: true });
    expect(service.state(flowId).signedIn).toBe(false); // still loading
    browser.listener!.onLocation({ url: portal, canGoBack: true, loading: false });
    expect(service.state(flowId).signedIn).toBe(true);
    browser.listener!.onLocation({ url: 'https://login.microsoftonline.com/common/reprocess', canGoBack: true, loading: false });
    expect(service.state(flowId)).toMatchObject({ trusted: false, signedIn: true });
  });
});
