import { configBlock, EL_HELPER, page } from './html';

/**
 * The demo's Azure portal pages, derived from test/fixtures/registration/entra-*.html: a hash-routed portal (the
 * app registrations list, "+ New registration", an app's Overview, its "Certificates & secrets" blade) whose secrets blade is an iframe from
 * a second origin, as in the real portal. Moving between blades loads the document again, so each blade's frames are
 * read from a fresh load.
 */

const PORTAL_STYLE = `
  body { font-family: "Segoe UI", sans-serif; margin: 0; color: #323130; }
  .fxs-topbar { background: #1b1a19; color: #fff; padding: 8px 16px; }
  .demo-note { background: #fff4ce; padding: 6px 16px; font-size: 12px; }
  .layout { display: flex; }
  nav { width: 200px; padding: 16px; border-right: 1px solid #edebe9; font-size: 13px; }
  nav a { display: block; padding: 4px 0; }
  nav a[aria-current=page] { font-weight: 600; }
  .fxs-blade { padding: 16px 24px; flex: 1; }
  .ext-essentials { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 32px; max-width: 1000px; }
  .ext-essentials-item { display: flex; }
  .ext-essentials-label { width: 220px; color: #605e5c; font-size: 13px; }
  .ext-essentials-value { font-size: 13px; }
  .azc-copy { border: 0; background: none; cursor: pointer; }
  iframe { border: 1px solid #edebe9; width: 100%; height: 320px; margin-top: 12px; }
  table { border-collapse: collapse; } th, td { text-align: left; padding: 6px 12px 6px 0; border-bottom: 1px solid #edebe9; font-size: 13px; }
`;

export interface PortalApp {
  displayName: string;
  appId: string;
  objectId: string;
  createdOn: string;
  redirectUris: number;
}

/** The portal shell: routes on `#view/...` (the real portal's address shape) and renders the blade it names. */
export function portalPage(config: { tenantId: string; apps: readonly PortalApp[]; bladeOrigin: string }): string {
  return page(
    'Microsoft Azure',
    PORTAL_STYLE,
    `<div class="fxs-topbar">Microsoft Azure</div>
<div class="demo-note">Demo replica on this computer — not Azure.</div>
<div class="layout"><nav id="menu" aria-label="App registration menu"></nav><section class="fxs-blade" id="blade-host"></section></div>
${configBlock(config)}
<script>
(() => {${EL_HELPER}
  const BASE = '#view/Microsoft_AAD_RegisteredApps/';
  const listUrl = BASE + 'ApplicationsListBlade';
  const appUrl = (blade, appId) => BASE + 'ApplicationMenuBlade/~/' + blade + '/appId/' + encodeURIComponent(appId);
  // A blade change is a fresh document load (hash change, then reload).
  const go = (hash) => (event) => { event.preventDefault(); window.location.hash = hash; window.location.reload(); };
  const link = (text, hash, current) => el('a', { href: hash, onclick: go(hash), ...(current ? { 'aria-current': 'page' } : {}) }, text);
  const route = /ApplicationMenuBlade\\/~\\/(Overview|Credentials)\\/appId\\/([^/?#]+)/.exec(window.location.hash);
  const host = document.getElementById('blade-host');
  const menu = document.getElementById('menu');
  if (/CreateApplicationBlade/.test(window.location.hash)) {
    menu.replaceChildren(link('App registrations', listUrl, false));
    const field = (id, caption, input) => el('div', { style: 'margin:10px 0' }, el('label', { for: id, style: 'display:block;font-weight:600' }, caption), input);
    const name = el('input', { id: 'reg-name', type: 'text', style: 'width:360px' });
    const single = el('input', { id: 'acct-single', type: 'radio', name: 'acct', checked: 'checked' });
    const multi = el('input', { id: 'acct-multi', type: 'radio', name: 'acct' });
    const redirect = el('input', { id: 'reg-redirect', type: 'text', style: 'width:360px', placeholder: 'e.g. https://example.com/auth' });
    const message = el('div', { role: 'alert', style: 'color:#a4262c' });
    const register = el('button', { type: 'button', onclick: async () => {
      register.disabled = true;
      message.textContent = '';
      const response = await fetch('/api/applications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: name.value, redirectUri: redirect.value, multiTenant: multi.checked }) });
      const answer = await response.json().catch(() => ({}));
      register.disabled = false;
      if (!response.ok || typeof answer.appId !== 'string') { message.textContent = answer.error || 'The application could not be registered.'; return; }
      window.location.hash = appUrl('Overview', answer.appId);
      window.location.reload();
    } }, 'Register');
    host.replaceChildren(
      el('h2', {}, 'Register an application'),
      field('reg-name', 'Name', name),
      el('fieldset', { style: 'border:0;padding:0' }, el('legend', { style: 'font-weight:600' }, 'Supported account types'),
        el('div', {}, single, el('label', { for: 'acct-single' }, ' Accounts in this organizational directory only (Single tenant)')),
        el('div', {}, multi, el('label', { for: 'acct-multi' }, ' Accounts in any organizational directory (Multitenant)'))),
      field('reg-redirect', 'Redirect URI (Web)', redirect),
      message,
      register,
    );
    return;
  }
  const app = route ? config.apps.find((a) => a.appId === decodeURIComponent(route[2])) : undefined;
  if (!app) {
    menu.replaceChildren(link('App registrations', listUrl, true));
    host.replaceChildren(
      el('h2', {}, 'App registrations'),
      el('p', {}, link('+ New registration', BASE + 'CreateApplicationBlade', false)),
      el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Display name'), el('th', {}, 'Created on'))),
        el('tbody', {}, ...config.apps.map((a) => el('tr', {}, el('td', {}, link(a.displayName, appUrl('Overview', a.appId))), el('td', {}, a.createdOn))))),
    );
    return;
  }
  const blade = route[1];
  menu.replaceChildren(
    link('App registrations', listUrl, false),
    link('Overview', appUrl('Overview', app.appId), blade === 'Overview'),
    link('Certificates & secrets', appUrl('Credentials', app.appId), blade === 'Credentials'),
  );
  const essentials = (label, ...value) => el('div', { class: 'ext-essentials-item', role: 'listitem' }, el('div', { class: 'ext-essentials-label' }, label), el('div', { class: 'ext-essentials-value' }, ...value));
  const copy = () => el('button', { class: 'azc-copy', title: 'Copy to clipboard', 'aria-label': 'Copy to clipboard' }, '⧉');
  if (blade === 'Overview') {
    host.replaceChildren(
      el('h2', {}, app.displayName, ' ', el('span', { style: 'font-weight:normal;font-size:14px' }, 'App registration')),
      el('div', { class: 'ext-essentials', role: 'list', 'aria-label': 'Essentials' },
        essentials('Display name', el('a', { href: appUrl('Overview', app.appId) }, app.displayName)),
        essentials('Client credentials', link('Add a certificate or secret', appUrl('Credentials', app.appId))),
        essentials(el('span', {}, 'Application (client) ID'), el('span', {}, app.appId), copy()),
        essentials('Redirect URIs', el('span', {}, app.redirectUris + ' web, 0 spa, 0 public client')),
        essentials('Object ID', el('span', {}, app.objectId), copy()),
        essentials('Application ID URI', el('span', {}, 'Add an Application ID URI')),
        essentials('Directory (tenant)\\u00a0ID', el('span', {}, config.tenantId), copy()),
        essentials('Supported account types', el('span', {}, 'My organization only')),
      ),
    );
  } else {
    host.replaceChildren(
      el('h2', {}, app.displayName, ' | Certificates & secrets'),
      el('iframe', { id: 'blade', title: 'Certificates & secrets', src: config.bladeOrigin + '/Microsoft_AAD_RegisteredApps/secrets.html?appId=' + encodeURIComponent(app.appId) }),
    );
  }
})();
</script>`,
  );
}

export interface SecretRow {
  description: string;
  expires: string;
  hint: string;
  secretId: string;
}

/** The "Certificates & secrets" blade (framed by the portal): existing secrets masked; a new one's Value shown once. */
export function secretsBladePage(config: { appId: string; rows: readonly SecretRow[] }): string {
  return page(
    'Certificates & secrets',
    `body { font-family: "Segoe UI", sans-serif; margin: 8px 16px; color: #323130; font-size: 13px; }
  .ms-DetailsList [role=row] { display: flex; border-bottom: 1px solid #edebe9; }
  .ms-DetailsList [role=columnheader], .ms-DetailsList [role=gridcell] { width: 220px; padding: 6px 8px; overflow: hidden; }
  .ms-DetailsList [role=columnheader] { font-weight: 600; }
  .value-cell { font-family: Consolas, monospace; }
  .ms-Button { border: 1px solid #8a8886; background: #fff; padding: 3px 10px; }
  .note { background: #fff4ce; padding: 6px; }
  /* Drawn by CSS, not a text node: a glyph in the header would be read as the Value of an empty grid (see report). */
  .info-icon::after { content: "\\24D8"; }`,
    `<div role="tablist"><button role="tab" aria-selected="false">Certificates (0)</button> <button role="tab" aria-selected="true" id="secrets-tab">Client secrets</button></div>
<p>A secret string that the application uses to prove its identity when requesting a token. Also can be referred to as application password.</p>
<button class="ms-Button" id="new-secret" type="button">+ New client secret</button>
<div id="panel" hidden>
  <label for="desc">Description</label> <input id="desc" value="DeepSource">
  <label for="expires">Expires</label> <select id="expires"><option value="180">180 days (6 months)</option><option value="365">365 days (12 months)</option><option value="730">730 days (24 months)</option></select>
  <button class="ms-Button" id="add" type="button">Add</button>
</div>
<p class="note" id="once" hidden>Copy the new client secret value. You won't be able to retrieve it after you leave this page.</p>
<div class="ms-DetailsList" role="grid" aria-colcount="4">
  <div role="rowgroup">
    <div role="row">
      <div role="columnheader" aria-colindex="1"><span class="ms-DetailsHeader-cellName">Description</span></div>
      <div role="columnheader" aria-colindex="2"><span class="ms-DetailsHeader-cellName">Expires</span></div>
      <div role="columnheader" aria-colindex="3"><span class="ms-DetailsHeader-cellName">Value</span> <span class="info-icon" role="img" aria-label="Client secret values cannot be viewed, except for immediately after creation." title="Client secret values cannot be viewed, except for immediately after creation."></span></div>
      <div role="columnheader" aria-colindex="4"><span class="ms-DetailsHeader-cellName">Secret ID</span></div>
    </div>
  </div>
  <div role="rowgroup" id="rows"></div>
</div>
${configBlock(config)}
<script>
(() => {${EL_HELPER}
  const cell = (index, ...children) => el('div', { role: 'gridcell', 'aria-colindex': String(index) }, ...children);
  const copy = () => el('button', { class: 'ms-Button', title: 'Copy to clipboard', 'aria-label': 'Copy to clipboard' }, '⧉');
  const row = (r, value) => el('div', { role: 'row' },
    cell(1, r.description), cell(2, r.expires),
    cell(3, el('span', { class: 'value-cell' }, value ?? (r.hint + '*'.repeat(34))), ' ', copy()),
    cell(4, el('span', {}, r.secretId), ' ', copy()));
  const rows = document.getElementById('rows');
  const count = () => { document.getElementById('secrets-tab').textContent = 'Client secrets (' + rows.children.length + ')'; };
  rows.replaceChildren(...config.rows.map((r) => row(r)));
  count();
  document.getElementById('new-secret').addEventListener('click', () => { document.getElementById('panel').hidden = false; });
  const add = document.getElementById('add');
  add.addEventListener('click', async () => {
    add.disabled = true;
    const body = { appId: config.appId, description: document.getElementById('desc').value, days: Number(document.getElementById('expires').value) };
    const response = await fetch('/api/secrets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    add.disabled = false;
    if (!response.ok) return;
    const answer = await response.json();
    rows.prepend(row(answer.row, answer.value));
    count();
    document.getElementById('panel').hidden = true;
    document.getElementById('once').hidden = false;
  });
})();
</script>`,
  );
}
