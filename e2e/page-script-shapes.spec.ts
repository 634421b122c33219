import { expect, test } from '@playwright/test';
import { runInTrustedPageFrames } from '../src/main/registration/chromium/frames';
import { pageScriptCall } from '../src/main/registration/page-code';
import { ProviderRegistry } from '../src/main/registration/providers';
import { extractRequest } from '../src/main/registration/requests';
import type { ExtractAnswer } from '../src/shared/page-protocol';

/**
 * Page shapes written apart from the replica markup (plain tables, inline "Label: value" text, a link as the Show
 * control, label[for] inputs filled by script, full-width Japanese, a grid of bare roles, late table rows), to keep
 * the page script honest beyond the corpus it was built with. Each runs in real Chromium; values are exact.
 */

interface Shape {
  provider: 'ado-oauth' | 'entra';
  url: string;
  html: string;
  expected: Partial<Record<'appId' | 'tenantId' | 'clientSecret' | 'authorizeUrl', string>>;
}

const shapes: Record<string, Shape> = {
  'essentials-copyfield': {
    provider: 'entra',
    url: 'https://portal.azure.com/#view/x',
    expected: { appId: "11112222-3333-4444-8555-666677778888", tenantId: "aaaabbbb-cccc-4ddd-8eee-ffff00001111" },
    html: `<!doctype html><html><head><style>.sr{position:absolute;left:-10000px}</style></head><body>
<div class="fxs-blade-content">
 <div class="fxc-essentials">
  <div class="fxc-essentials-item"><div class="fxc-essentials-label-container"><label class="fxc-essentials-label">Display name</label></div><div class="fxc-essentials-label-separator" aria-hidden="true">:</div><div class="fxc-essentials-value-wrapper"><a class="fxc-essentials-value">MyApp</a></div></div>
  <div class="fxc-essentials-item"><div class="fxc-essentials-label-container"><label class="fxc-essentials-label">Application (client) ID</label></div><div class="fxc-essentials-label-separator" aria-hidden="true">:</div><div class="fxc-essentials-value-wrapper"><div class="fxc-essentials-value fxs-portal-text"><span class="fxs-copyfield"><span class="fxs-copyfield-text">11112222-3333-4444-8555-666677778888</span><span class="sr">Copy to clipboard</span><button class="fxs-copyfield-button" aria-label="Copy to clipboard" type="button"><svg><title>Copy</title></svg></button></span></div></div></div>
  <div class="fxc-essentials-item"><div class="fxc-essentials-label-container"><label class="fxc-essentials-label">Object ID</label></div><div class="fxc-essentials-label-separator" aria-hidden="true">:</div><div class="fxc-essentials-value-wrapper"><div class="fxc-essentials-value"><span class="fxs-copyfield"><span class="fxs-copyfield-text">99998888-7777-4666-8555-444433332222</span></span></div></div></div>
  <div class="fxc-essentials-item"><div class="fxc-essentials-label-container"><label class="fxc-essentials-label">Directory (tenant) ID</label></div><div class="fxc-essentials-label-separator" aria-hidden="true">:</div><div class="fxc-essentials-value-wrapper"><div class="fxc-essentials-value"><span class="fxs-copyfield"><span class="fxs-copyfield-text">aaaabbbb-cccc-4ddd-8eee-ffff00001111</span></span></div></div></div>
 </div>
</div></body></html>`,
  },
  'essentials-fullwidth-japanese': {
    provider: 'entra',
    url: 'https://portal.azure.com/#view/x',
    expected: { appId: "22223333-4444-4555-8666-777788889999", tenantId: "44445555-6666-4777-8888-999900001111" },
    html: `<!doctype html><html lang="ja"><body>
<div class="props">
 <div class="row"><div class="label">アプリケーション（クライアント）ID<span aria-hidden="true">：</span></div>
   <span class="tip" id="t1" role="tooltip">例: 00000000-0000-4000-8000-000000000000</span>
   <div class="value" aria-describedby="t1">22223333-4444-4555-8666-777788889999</div></div>
 <div class="row"><div class="label">オブジェクト ID<span aria-hidden="true">：</span></div><div class="value">33334444-5555-4666-8777-888899990000</div></div>
 <div class="row"><div class="label">ディレクトリ（テナント）ID<span aria-hidden="true">：</span></div><div class="value">44445555-6666-4777-8888-999900001111</div></div>
</div></body></html>`,
  },
  'grid-plain-roles': {
    provider: 'entra',
    url: 'https://portal.azure.com/#view/y',
    expected: { clientSecret: "Xy9Q~abcdefghijKLMNOPqrstuv.wxyz_0123-45" },
    html: `<!doctype html><html><body>
<div role="grid" aria-label="Client secrets">
 <div role="row"><div role="columnheader">Description</div><div role="columnheader">Expires</div><div role="columnheader">Value <span role="img" aria-label="info" title="Client secret values cannot be viewed">i</span></div><div role="columnheader">Secret ID</div></div>
 <div role="row"><div role="gridcell">old</div><div role="gridcell">1/1/2026</div><div role="gridcell"><span>abC***************************</span><button aria-label="Copy to clipboard">c</button></div><div role="gridcell"><span>12121212-3434-4565-8787-909090909090</span><button aria-label="Copy to clipboard">c</button></div></div>
 <div role="row"><div role="gridcell">new</div><div role="gridcell">1/1/2028</div><div role="gridcell"><span>Xy9Q~abcdefghijKLMNOPqrstuv.wxyz_0123-45</span><button aria-label="Copy to clipboard">c</button></div><div role="gridcell"><span>56565656-7878-4989-8a1a-bcbcbcbcbcbc</span><button aria-label="Copy to clipboard">c</button></div></div>
</div></body></html>`,
  },
  'table-checkbox-late-rows': {
    provider: 'entra',
    url: 'https://portal.azure.com/#view/y',
    expected: { clientSecret: "Qq8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" },
    html: `<!doctype html><html><body>
<table class="secrets"><thead><tr><th><input type="checkbox" aria-label="Select all"></th><th>Description</th><th>Expires</th><th>Value</th><th>Secret ID</th></tr></thead>
<tbody id="b"></tbody></table>
<script>
setTimeout(() => {
  document.getElementById('b').innerHTML = '<tr><td><input type="checkbox"></td><td>ci</td><td>2026</td><td>Ab1**********************</td><td>11111111-aaaa-4bbb-8ccc-dddddddddddd</td></tr>';
}, 300);
setTimeout(() => {
  document.getElementById('b').insertAdjacentHTML('afterbegin', '<tr><td><input type="checkbox"></td><td>new</td><td>2028</td><td><span>Qq8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz</span> <button title="Copy to clipboard">⧉</button> <span class="copied">Copied</span></td><td>22222222-aaaa-4bbb-8ccc-dddddddddddd</td></tr>');
}, 1500);
</script></body></html>`,
  },
  'label-for-password-eye': {
    provider: 'ado-oauth',
    url: 'https://app.vsaex.visualstudio.com/app/view',
    expected: { appId: "ABCDEF12-3456-4789-8ABC-DEF012345678", clientSecret: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'q'.repeat(600)}.${'r'.repeat(80)}`, authorizeUrl: "https://app.vssps.visualstudio.com/oauth2/authorize?client_id=ABCDEF12-3456-4789-8ABC-DEF012345678&response_type=Assertion&state=User1&scope=vso.code_write%20vso.code_status%20vso.project&redirect_uri=https%3A%2F%2Fds.example.com%2Faccounts%2Fads%2Flogin%2Fcallback%2Fbifrost" },
    html: `<!doctype html><html><head><style>.masked{-webkit-text-security:square}</style></head><body>
<h1>My OAuth app</h1>
<form>
<p><label for="a">App ID</label> <input id="a" readonly></p>
<p><label for="s1">App Secret</label> <input id="s1" type="password" readonly> <button type="button" aria-label="Show app secret" onclick="s1.type='text'">👁</button></p>
<p><label for="s2">Client Secret</label> <input id="s2" type="password" readonly> <button type="button" aria-label="Show client secret" onclick="s2.type='text'">👁</button> <button type="button">Regenerate</button></p>
<p><span id="authl">Authorize URL</span><br><code aria-labelledby="authl">https://app.vssps.visualstudio.com/oauth2/<wbr>authorize?client_id=ABCDEF12-3456-4789-8ABC-DEF012345678&amp;<wbr>response_type=Assertion&amp;<wbr>state=User1&amp;<wbr>scope=vso.code_write%20vso.code_status%20vso.project&amp;<wbr>redirect_uri=https%3A%2F%2Fds.example.com%2Faccounts%2Fads%2Flogin%2Fcallback%2Fbifrost</code></p>
</form>
<script>
const data = {a: 'ABCDEF12-3456-4789-8ABC-DEF012345678', s1: 'appsecretvalue1234567890abcdef', s2: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'q'.repeat(600) + '.' + 'r'.repeat(80)};
for (const [k, v] of Object.entries(data)) document.getElementById(k).value = v;
</script></body></html>`,
  },
  'row-headers-link-show': {
    provider: 'ado-oauth',
    url: 'https://app.vsaex.visualstudio.com/app/view',
    expected: { appId: "BBBBBBBB-1111-4222-8333-444444444444", clientSecret: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'m'.repeat(600)}.${'n'.repeat(80)}`, authorizeUrl: "https://app.vssps.visualstudio.com/oauth2/authorize?client_id=BBBBBBBB-1111-4222-8333-444444444444&response_type=Assertion&state=User1&scope=vso.code_write+vso.code_status+vso.project&redirect_uri=https://ds.example.com/accounts/ads/login/callback/bifrost" },
    html: `<!doctype html><html><body>
<table><tbody>
<tr><th scope="row">Client ID:</th><td><input readonly value="BBBBBBBB-1111-4222-8333-444444444444"></td></tr>
<tr><th scope="row">Client Secret:</th><td><span id="cs">••••••••••</span> <a href="#" id="show">Show</a></td></tr>
<tr><th scope="row">App Secret:</th><td><span id="as">••••••••••</span> <a href="#" id="show2">Show</a></td></tr>
<tr><th scope="row">Authorize URL:</th><td><a href="https://app.vssps.visualstudio.com/oauth2/authorize?client_id=BBBBBBBB-1111-4222-8333-444444444444&amp;response_type=Assertion&amp;state=User1&amp;scope=vso.code_write+vso.code_status+vso.project&amp;redirect_uri=https://ds.example.com/accounts/ads/login/callback/bifrost">https://app.vssps.visualstudio.com/oauth2/authorize?client_id=BBBB…</a></td></tr>
<tr><th scope="row">Access Token URL:</th><td><a href="https://app.vssps.visualstudio.com/oauth2/token">https://app.vssps.visualstudio.com/oauth2/token</a></td></tr>
</tbody></table>
<script>
document.getElementById('show').addEventListener('click', (e) => { e.preventDefault(); setTimeout(() => { document.getElementById('cs').textContent = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.' + 'm'.repeat(600) + '.' + 'n'.repeat(80); }, 800); });
document.getElementById('show2').addEventListener('click', (e) => { e.preventDefault(); document.getElementById('as').textContent = 'wrongwrongwrongwrongwrong'; });
</script></body></html>`,
  },
  'inline-label-value': {
    provider: 'ado-oauth',
    url: 'https://app.vsaex.visualstudio.com/app/view',
    expected: { appId: "CCCCCCCC-1111-4222-8333-444444444444", clientSecret: `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${'k'.repeat(277)}.${'l'.repeat(76)}`, authorizeUrl: "https://app.vssps.visualstudio.com/oauth2/authorize?client_id=CCCCCCCC-1111-4222-8333-444444444444&response_type=Assertion&state=User1&scope=vso.code_write vso.code_status vso.project&redirect_uri=https://ds.example.com/accounts/ads/login/callback/bifrost" },
    html: `<!doctype html><html><body>
<div>App ID: <strong>CCCCCCCC-1111-4222-8333-444444444444</strong></div>
<div>Client Secret: <textarea readonly rows="4" cols="60">eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk.llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll</textarea></div>
<div>Authorize URL: https://app.vssps.visualstudio.com/oauth2/authorize?client_id=CCCCCCCC-1111-4222-8333-444444444444&amp;response_type=Assertion&amp;state=User1&amp;scope=vso.code_write vso.code_status vso.project&amp;redirect_uri=https://ds.example.com/accounts/ads/login/callback/bifrost</div>
</body></html>`,
  },
};

shapes['presentational-decoy'] = {
  provider: 'entra',
  url: 'https://portal.azure.com/#view/z',
  expected: { appId: '5a5a5a5a-1111-4222-8333-444455556666', tenantId: '6b6b6b6b-1111-4222-8333-444455556666' },
  html: `<!doctype html><html><body>
<div><span>Application (client) ID</span><span role="presentation">00000000-dead-4bee-8f00-000000000000</span><span role="none">:</span> <span>5a5a5a5a-1111-4222-8333-444455556666</span></div>
<div><span>Directory (tenant) ID</span> <span role="presentation"><span>6b6b6b6b-1111-4222-8333-444455556666</span></span></div>
</body></html>`,
};

const registry = new ProviderRegistry();

for (const [name, shape] of Object.entries(shapes)) {
  test(`${name}: every value read exactly`, async ({ page }) => {
    await page.route('**/*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shape.html }));
    await page.goto(shape.url);
    const provider = registry.get(shape.provider)!;
    const [outcome] = await runInTrustedPageFrames(page, pageScriptCall(extractRequest(provider, 3000)), provider.trustedOrigins);
    const answer = outcome?.value as ExtractAnswer;
    for (const [key, value] of Object.entries(shape.expected)) expect(answer.values[key], key).toMatchObject({ value, masked: false });
    expect(await page.evaluate(() => (window as unknown as { __clicked?: string[] }).__clicked ?? [])).not.toContain('regenerate');
  });
}
