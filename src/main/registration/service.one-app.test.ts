import { describe, expect, it } from 'vitest';
import type { ExtractAnswer, FoundValue, ReadBackAnswer } from '../../shared/page-protocol';
import type { RegistrationState } from '../../shared/registration';
import { maskSecret } from '../secrets/mask';
import type { BrowserListener, FrameOutcome, RegistrationBrowser } from './browser';
import { ProviderRegistry } from './providers';
import { RegistrationService } from './service';

/**
 * One app only, and no race: a capture holds the values of one application, and an answer counts only when it
 * comes from the document that was checked, read while the main frame was not loading. Each case here failed on the
 * service before these rules (it mixed apps, credited the wrong page, or read a page while it was loading).
 */

const APP_A = '0b9e3f21-5c4d-4e6f-8a7b-1c2d3e4f5a6b';
const APP_B = '6f3c2a9e-1b7d-4e8f-a2c4-9d0e1f2a3b4c';
const APP_C = '4d5e6f70-8192-4a3b-9c4d-5e6f708192a3';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENTRA_SECRET = 'Zr18Q~kP3vX.9mNq2_TbLw7Yc-Hd5Ge4Fj6Ua0Sz';
const PORTAL = 'https://portal.azure.com';
const LIST = `${PORTAL}/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`;
const overview = (appId: string) => `${PORTAL}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${appId}/isMSAApp~/false`;
const credentials = (appId: string) => `${PORTAL}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${appId}/isMSAApp~/false`;

const ADO = 'https://app.vsaex.visualstudio.com';
const CALLBACK = 'https://ds.example.com/accounts/ads/login/callback/bifrost';
const adoView = (appId: string) => `${ADO}/app/view?clientId=${appId.toUpperCase()}`;
const adoAuthorize = (appId: string) =>
  `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${appId.toUpperCase()}&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=${CALLBACK}`;
const ADO_SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'s'.repeat(637)}.${'t'.repeat(83)}`;

const v = (value: string, extra: Partial<FoundValue> = {}): FoundValue => ({ value, tooLong: false, source: 'text', masked: false, ...extra });

/** A browser whose frames answer what the test queues; it records each page-script run. */
class QueuedBrowser implements RegistrationBrowser {
  listener: BrowserListener | undefined;
  ran: string[] = [];
  queue: FrameOutcome[][] = [];
  #waiting: (() => void)[] = [];

  async open(_spec: { flowId: string; url: string }, listener: BrowserListener) {
    this.listener = listener;
  }
  async close() {}
  back() {}
  reload() {}
  load() {}
  setBounds() {}
  focus() {}
  async runInTrustedFrames(_flowId: string, code: string, _origins: readonly string[], onOutcome?: (o: FrameOutcome) => void) {
    this.ran.push(/"mode":"([a-z-]+)"/.exec(code)?.[1] ?? '?');
    for (const resolve of this.#waiting.splice(0)) resolve();
    const outcomes = /"mode":"extract"/.test(code) ? (this.queue.shift() ?? []) : [];
    for (const outcome of outcomes) onOutcome?.(outcome);
    return outcomes;
  }
  /** Resolves at the next page-script run. */
  nextRun(): Promise<void> {
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  /** The top page is now `url`, loaded. */
  at(url: string) {
    this.listener!.onLocation({ url, canGoBack: true, loading: false });
  }
}

function answer(url: string, values: Record<string, FoundValue>, extra: Partial<ExtractAnswer> = {}): ExtractAnswer {
  return { mode: 'extract', url, origin: new URL(url).origin, frame: 'top', values, revealed: [], ambiguous: [], scanMs: 1, longestTaskMs: 1, ...extra };
}

function readBack(change: Partial<ReadBackAnswer>): ReadBackAnswer {
  return { lang: 'en', accountType: null, platformsShown: false, redirectLists: [], permissions: null, secretExpires: null, fingerprint: Math.random().toString(16).slice(2, 10), ...change };
}

const page = (blade: 'Authentication' | 'CallAnAPI', appId: string) => `${PORTAL}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${appId}/isMSAApp~/false`;

function outcome(value: ExtractAnswer, checkedOrigin = value.origin): FrameOutcome {
  return { url: value.url, origin: checkedOrigin, ok: true, value };
}

function setup() {
  const browser = new QueuedBrowser();
  const service = new RegistrationService({
    providers: new ProviderRegistry(),
    browser,
    randomId: () => 'flow-1',
    maskSecret,
    timing: { watchMs: 0, extractMs: 0, prefillMs: 0, pickMs: 1000 },
  });
  return { browser, service };
}

const field = (state: RegistrationState, key: string) => state.fields.find((f) => f.key === key)!;
/** Lets every promise the service already started settle (no timers involved). */
const drain = () => new Promise((resolve) => setImmediate(resolve));

describe('one app only', () => {
  it('Entra: the ID read on the app list is dropped when the admin opens another app', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(LIST);
    browser.queue.push([outcome(answer(LIST, { appId: v(APP_A) }))]);
    await service.extract(flowId);
    expect(field(service.state(flowId), 'appId').value).toBe(APP_A);

    browser.at(overview(APP_B));
    browser.queue.push([outcome(answer(overview(APP_B), { appId: v(APP_B), tenantId: v(TENANT) }))]);
    const state = await service.extract(flowId);
    expect(field(state, 'appId')).toMatchObject({ status: 'found', value: APP_B });
    expect(field(state, 'tenantId')).toMatchObject({ status: 'found', value: TENANT });
  });

  it('Entra: a secret created on another app’s blade never joins the captured App ID', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(overview(APP_B));
    browser.queue.push([outcome(answer(overview(APP_B), { appId: v(APP_B), tenantId: v(TENANT) }))]);
    await service.extract(flowId);

    browser.at(credentials(APP_C));
    browser.queue.push([outcome(answer(credentials(APP_C), { clientSecret: v(ENTRA_SECRET) }))]);
    const state = await service.extract(flowId);
    expect(state.complete).toBe(false);
    expect(field(state, 'appId').status).toBe('missing');
    expect(field(state, 'clientSecret').status).toBe('found');
    expect(state.notice).toMatch(/another app/);
  });

  it('Entra: a new app is complete once its settings are read back from its own pages and its secret from its blade', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(overview(APP_B));
    browser.queue.push([outcome(answer(overview(APP_B), { appId: v(APP_B), tenantId: v(TENANT) }, { readBack: readBack({ accountType: 'Multiple organizations' }) }))]);
    await service.extract(flowId);
    browser.at(credentials(APP_B));
    browser.queue.push([outcome(answer(credentials(APP_B), { clientSecret: v(ENTRA_SECRET) }, { readBack: readBack({ secretExpires: '11/26/2027' }) }))]);
    let state = await service.extract(flowId);
    // Every value is read, but the app's redirect URIs and permissions are not yet: nothing is handed over.
    expect(state.complete).toBe(false);
    expect(state.checks.filter((c) => c.pending).map((c) => c.id)).toEqual(['app-redirect-uris', 'app-api-permissions']);
    browser.at(page('Authentication', APP_B));
    browser.queue.push([outcome(answer(page('Authentication', APP_B), {}, { readBack: readBack({ platformsShown: true, redirectLists: [{ platform: 'Web', uris: [CALLBACK] }] }) }))]);
    await service.extract(flowId);
    browser.at(page('CallAnAPI', APP_B));
    const devops = ['vso.code_write', 'vso.code_status', 'vso.project'].map((name) => ({ api: 'Azure DevOps', name, type: 'Delegated', status: 'Granted for Contoso' }));
    browser.queue.push([outcome(answer(page('CallAnAPI', APP_B), {}, { readBack: readBack({ permissions: devops }) }))]);
    state = await service.extract(flowId);
    expect(state.complete).toBe(true);
    expect(state.notice).toBeNull();
    expect(state.readBack).toEqual({ signInAudience: 'AzureADMultipleOrgs', secretExpiresOn: '2027-11-26', redirectUris: [CALLBACK], apiPermissions: devops.map((p) => ({ resource: p.api, scope: p.name, type: 'Delegated', consent: 'granted' })) });
    // The settings of another app's page start the capture over, as its values would.
    browser.at(page('Authentication', APP_A));
    browser.queue.push([outcome(answer(page('Authentication', APP_A), {}, { readBack: readBack({ platformsShown: true, redirectLists: [{ platform: 'Web', uris: [CALLBACK] }] }) }))]);
    state = await service.extract(flowId);
    expect(state.complete).toBe(false);
    expect(state.readBack).toEqual({ redirectUris: [CALLBACK] });
    expect(field(state, 'appId').status).toBe('missing');
  });

  it('Entra: a rotation needs only the new secret (its expiry comes from its row); the app’s settings are not asked for', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso', rotateAppId: APP_B });
    browser.at(credentials(APP_B));
    browser.queue.push([outcome(answer(credentials(APP_B), { clientSecret: v(ENTRA_SECRET), appId: v(APP_B), tenantId: v(TENANT) }, { readBack: readBack({ secretExpires: '11/26/2027' }) }))]);
    const state = await service.extract(flowId);
    expect(state.complete).toBe(true);
    expect(state.checks.some((c) => c.id.startsWith('app-') && c.id !== 'app-id-format')).toBe(false);
    expect(state.readBack?.secretExpiresOn).toBe('2027-11-26');
  });

  it('Entra: an Overview that still shows another app’s ID than its address names is refused', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(overview(APP_B));
    browser.queue.push([outcome(answer(overview(APP_B), { appId: v(APP_A), tenantId: v(TENANT) }))]);
    const state = await service.extract(flowId);
    expect(field(state, 'appId')).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/another app/) });
  });

  it('ADO: App ID, Client Secret and Authorize URL come from one app page', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(adoView(APP_A));
    browser.queue.push([outcome(answer(adoView(APP_A), { appId: v(APP_A.toUpperCase()), authorizeUrl: v(adoAuthorize(APP_A), { source: 'href' }) }))]);
    await service.extract(flowId);

    browser.at(adoView(APP_B));
    browser.queue.push([outcome(answer(adoView(APP_B), { clientSecret: v(ADO_SECRET) }))]);
    const state = await service.extract(flowId);
    expect(state.complete).toBe(false);
    expect(field(state, 'appId').status).toBe('missing');
    expect(field(state, 'authorizeUrl').status).toBe('missing');
    expect(field(state, 'clientSecret').status).toBe('found');
  });

  it('a page that shows several apps’ IDs gives none, and the admin is told to open one app', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'entra', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(LIST);
    browser.queue.push([outcome(answer(LIST, {}, { ambiguous: ['appId'] }))]);
    const state = await service.extract(flowId);
    expect(field(state, 'appId').status).toBe('missing');
    expect(state.notice).toMatch(/more than one app/);
  });
});

describe('no race', () => {
  it('an answer from another origin than the frame that was checked is dropped', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(adoView(APP_A));
    // The frame was on the app page when checked; by the time the script ran, a redirect had taken it elsewhere.
    const elsewhere = answer('https://login.attacker.example/app/view', { appId: v(APP_A), clientSecret: v(ADO_SECRET), authorizeUrl: v(adoAuthorize(APP_A)) });
    browser.queue.push([outcome(elsewhere, ADO)]);
    const state = await service.extract(flowId);
    expect(state.fields.every((f) => f.status === 'missing')).toBe(true);
  });

  it('an answer in the checked origin but not parseable as the page script’s is dropped', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(adoView(APP_A));
    browser.queue.push([{ url: adoView(APP_A), origin: ADO, ok: true, value: { mode: 'extract', values: { appId: v(APP_A) }, revealed: [], scanMs: 1, longestTaskMs: 1 } }]);
    const state = await service.extract(flowId);
    expect(field(state, 'appId').status).toBe('missing');
  });

  it('a top-frame answer about another app than the page now shows is dropped (the page moved on)', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.at(adoView(APP_B));
    browser.queue.push([outcome(answer(adoView(APP_A), { appId: v(APP_A), clientSecret: v(ADO_SECRET) }))]);
    const state = await service.extract(flowId);
    expect(field(state, 'appId').status).toBe('missing');
    expect(field(state, 'clientSecret').status).toBe('missing');
  });

  it('no round runs while the main frame is loading; the load’s end starts it', async () => {
    const { browser, service } = setup();
    await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.listener!.onLocation({ url: adoView(APP_A), canGoBack: true, loading: true });
    await browser.listener!.onLoaded(adoView(APP_A));
    expect(browser.ran).toEqual([]);
    const ran = browser.nextRun();
    browser.listener!.onLocation({ url: adoView(APP_A), canGoBack: true, loading: false });
    await ran;
    expect(browser.ran).toEqual(['extract']);
  });

  it('an extraction the admin asks for while the page loads waits for the load to end', async () => {
    const { browser, service } = setup();
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    browser.listener!.onLocation({ url: adoView(APP_A), canGoBack: true, loading: true });
    const asked = service.extract(flowId);
    await drain();
    expect(browser.ran).toEqual([]);
    browser.queue.push([outcome(answer(adoView(APP_A), { appId: v(APP_A.toUpperCase()) }))]);
    browser.listener!.onLocation({ url: adoView(APP_A), canGoBack: true, loading: false });
    expect(field(await asked, 'appId').status).toBe('found');
  });
});
