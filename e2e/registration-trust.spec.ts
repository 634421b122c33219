import { expect, test, type Frame, type Page } from '@playwright/test';
import { runInTrustedPageFrames } from '../src/main/registration/chromium/frames';
import { pageScriptCall } from '../src/main/registration/page-code';
import { ProviderRegistry } from '../src/main/registration/providers';
import { adoOAuthProvider } from '../src/main/registration/providers/ado-oauth';
import { pickRequest } from '../src/main/registration/requests';
import { RegistrationService } from '../src/main/registration/service';
import { maskSecret } from '../src/main/secrets/mask';
import { PlaywrightRegistrationBrowser } from './harness/registration-browser';

/**
 * Trust at the page boundary, in real Chromium with the app's page script: pick mode takes only the admin's real
 * click, an answer from a frame that navigated between the check and the run is dropped, and extraction presses
 * "Show" but never Copy, Regenerate or Delete. Pages are inline so nothing here depends on the fixture corpus.
 */

const APP_ID = '8D2F6A1C-3B4E-4F5A-9C7D-1E2F3A4B5C6D';
const VIEW = `https://app.vsaex.visualstudio.com/app/view?clientId=${APP_ID}`;
const ATTACKER = 'https://app.vsaex.visualstudio.com.attacker.example/app/view';
const SECRET = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'a'.repeat(637)}.${'b'.repeat(83)}`;
const AUTHORIZE = `https://app.vssps.visualstudio.com/oauth2/authorize?client_id=${APP_ID}&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=https://ds.example.com/accounts/ads/login/callback/bifrost`;

function appPage(appId: string, secret: string): string {
  return `<!doctype html><html><body><h1>DeepSource</h1>
<div class="row"><span class="k">App ID</span> <input id="app-id" readonly value="${appId}"></div>
<div class="row"><span class="k">Client Secret</span> <span id="secret">${secret}</span>
  <button type="button" id="copy" onclick="window.__clicked.push('copy')">Copy</button>
  <button type="button" id="regenerate" onclick="window.__clicked.push('regenerate')">Regenerate</button>
  <button type="button" id="delete" aria-label="Delete client secret" onclick="window.__clicked.push('delete')">🗑</button></div>
<div class="row"><span class="k">Authorize URL</span> <a href="${AUTHORIZE.replace(/&/g, '&amp;')}">${AUTHORIZE.slice(0, 60).replace(/&/g, '&amp;')}…</a></div>
<script>window.__clicked = [];</script></body></html>`;
}

/** A masked secret with Copy, Regenerate, Show and Delete beside it, in the page's language. */
const MASKED_PAGES = {
  English: { label: 'Client Secret', copy: 'Copy to clipboard', regenerate: 'Regenerate secret', show: 'Show', remove: 'Delete' },
  French: { label: 'Secret client', copy: 'Copier dans le Presse-papiers', regenerate: 'Régénérer le secret', show: 'Afficher le secret', remove: 'Supprimer' },
};
function maskedPage(words: (typeof MASKED_PAGES)['English']): string {
  return `<!doctype html><html><body>
<div><span>App ID</span> <span>${APP_ID}</span></div>
<div><span>${words.label}</span> <span id="secret">••••••••••••</span>
  <button type="button" onclick="window.__clicked.push('copy')" title="${words.copy}"><i aria-hidden="true">⧉</i></button>
  <button type="button" onclick="window.__clicked.push('regenerate')">${words.regenerate}</button>
  <button type="button" onclick="window.__clicked.push('show'); document.getElementById('secret').textContent = '${SECRET}'">${words.show}</button>
  <button type="button" onclick="window.__clicked.push('delete')">${words.remove}</button></div>
<script>window.__clicked = [];</script></body></html>`;
}

/** Serves `pages` under their real addresses (and an empty register page, where a flow starts); nothing else. */
async function serve(page: Page, pages: Record<string, string>): Promise<void> {
  const all: Record<string, string> = { 'https://aex.dev.azure.com/app/register?mkt=en-US': '<!doctype html><title>register</title>', ...pages };
  await page.route('**/*', (route) => {
    const url = route.request().url().split('#')[0]!;
    const html = all[url];
    return html === undefined ? route.abort('blockedbyclient') : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}

/** The app's registration service over `browser`, with no continuous watch (each test reads when it says). */
function serviceOver(browser: PlaywrightRegistrationBrowser, extractMs: number): RegistrationService {
  return new RegistrationService({
    providers: new ProviderRegistry(),
    browser,
    randomId: () => 'trust',
    maskSecret,
    timing: { watchMs: 0, extractMs, prefillMs: 0, pickMs: 1000 },
  });
}

test('pick mode ignores clicks the page’s own script makes (click(), dispatchEvent) and takes the admin’s real click', async ({ page }) => {
  await serve(page, { [VIEW]: appPage(APP_ID, SECRET) });
  await page.goto(VIEW);
  const origins = adoOAuthProvider.trustedOrigins;
  const picking = runInTrustedPageFrames(page, pageScriptCall(pickRequest(10_000)), origins);
  await page.waitForFunction(() => '__adsRegistrationPick' in window);
  // The page tries to pick for the admin: a synthetic click on its decoy, and a dispatched one.
  await page.evaluate(() => {
    const decoy = document.createElement('span');
    decoy.id = 'decoy';
    decoy.textContent = 'eyJattacker.chosen.value';
    document.body.append(decoy);
    decoy.click();
    decoy.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  });
  expect(await page.evaluate(() => '__adsRegistrationPick' in window)).toBe(true);
  // The admin's own click (a real input event through Chromium) is taken.
  await page.locator('#app-id').click();
  const [picked] = await picking;
  expect((picked?.value as { picked: { value: string } }).picked).toMatchObject({ value: APP_ID, source: 'input' });
});

test('an answer from a frame that navigated between the origin check and the script run is dropped', async ({ page }) => {
  await serve(page, { [VIEW]: appPage(APP_ID, SECRET), [ATTACKER]: appPage('0B9E3F21-5C4D-4E6F-8A7B-1C2D3E4F5A6B', `${SECRET.slice(0, -6)}ATTACK`) });
  const browser = new PlaywrightRegistrationBrowser(page);
  // The race: a redirect lands after the runner checked the frame's origin and before the script runs.
  let answered!: () => void;
  const raced = new Promise<void>((resolve) => (answered = resolve));
  let redirectNext = false;
  let redirected = false;
  browser.runInTrustedFrames = (_flowId, code, trusted, onOutcome) => {
    const frames = () =>
      page.frames().map((frame) =>
        Object.assign(Object.create(frame) as Frame, {
          url: () => frame.url(),
          evaluate: async (script: string) => {
            if (!redirectNext) return frame.evaluate(script);
            redirectNext = false;
            await page.evaluate((to) => window.location.assign(to), ATTACKER);
            await page.waitForURL(ATTACKER);
            redirected = true;
            return frame.evaluate(script);
          },
        }),
      );
    // The raced answer has reached the service (merged or dropped) once its outcome was handed over.
    return runInTrustedPageFrames({ frames }, code, trusted, (outcome) => {
      onOutcome?.(outcome);
      if (redirected) answered();
    });
  };
  const service = serviceOver(browser, 0);
  const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
  // The app page loads; the read it triggers is the one the redirect races.
  redirectNext = true;
  await page.goto(VIEW);
  await raced;
  expect(new URL(page.url()).origin).toBe('https://app.vsaex.visualstudio.com.attacker.example');
  const state = service.state(flowId);
  expect(state.fields.map((f) => [f.key, f.status])).toEqual([['appId', 'missing'], ['clientSecret', 'missing'], ['authorizeUrl', 'missing']]);
});

for (const [language, words] of Object.entries(MASKED_PAGES)) {
  test(`extraction presses the Show control next to a masked secret, and never Copy, Regenerate or Delete (${language})`, async ({ page }) => {
    await serve(page, { [VIEW]: maskedPage(words) });
    await page.goto(VIEW);
    const service = serviceOver(new PlaywrightRegistrationBrowser(page), 2000);
    const { flowId } = await service.start({ profileId: 'prod', provider: 'ado-oauth', hostname: 'ds.example.com', org: 'Contoso' });
    await page.goto(VIEW);
    const state = await service.extract(flowId);
    expect(state.fields.find((f) => f.key === 'clientSecret')).toMatchObject({ status: 'found', masked: { length: SECRET.length } });
    expect(await page.evaluate(() => (window as unknown as { __clicked: string[] }).__clicked)).toEqual(['show']);
  });
}
