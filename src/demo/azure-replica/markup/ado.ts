import { configBlock, EL_HELPER, page } from './html';
import { ADO_TEXT, type Locale } from './labels';

/**
 * Azure DevOps pages (aex.dev.azure.com, app.vsaex / app.vssps.visualstudio.com): the register form, the refusal
 * Microsoft shows since new OAuth apps closed, an app's page after creation in the shapes it takes, and the list of
 * apps. Microsoft documents no stable ids or classes for these pages; what is fixed is what an admin sees: the
 * labels, the masked secrets behind "Show", the authorize URL.
 */

export const ADO_STYLE = `
  body { font-family: "Segoe UI", sans-serif; margin: 0; background: #f8f8f8; color: #201f1e; }
  .ms-Header { background: #0078d4; color: #fff; padding: 10px 20px; font-size: 14px; }
  .bolt-page { max-width: 900px; margin: 20px auto; background: #fff; padding: 24px; box-shadow: 0 1px 3px rgba(0,0,0,.2); }
  .bolt-section-title { font-weight: 600; font-size: 16px; margin: 18px 0 8px; }
  .bolt-formitem { margin: 10px 0; }
  .bolt-formitem-label { display: block; font-weight: 600; font-size: 13px; margin-bottom: 4px; }
  .bolt-textfield { border: 1px solid #8a8886; padding: 0 6px; }
  .bolt-textfield input { border: 0; width: 100%; padding: 6px 0; font-size: 14px; outline: none; }
  .scope-row { display: flex; gap: 8px; align-items: flex-start; padding: 4px 0; }
  .scope-desc { color: #605e5c; font-size: 12px; }
  .bolt-button { background: #0078d4; color: #fff; border: 0; padding: 8px 16px; margin-top: 16px; cursor: pointer; }
  .bolt-button.secondary { background: #fff; color: #201f1e; border: 1px solid #8a8886; padding: 3px 10px; margin: 0; }
  .bolt-card-row { display: flex; align-items: center; border-bottom: 1px solid #edebe9; padding: 8px 0; }
  .bolt-card-row > .k { width: 200px; font-weight: 600; font-size: 13px; }
  .bolt-card-row > .v { flex: 1; display: flex; gap: 6px; align-items: center; min-width: 0; }
  .v input { font-family: Consolas, monospace; border: 1px solid #c8c6c4; padding: 4px; width: 330px; background: #faf9f8; }
  .secret-text { font-family: Consolas, monospace; word-break: break-all; max-height: 4.5em; overflow: hidden; font-size: 11px; }
  .truncate { display: inline-block; max-width: 420px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ms-Button { border: 1px solid #8a8886; background: #fff; padding: 2px 6px; cursor: pointer; }
  .ms-Icon { font-style: normal; }
  .error { color: #a4262c; }
  table { border-collapse: collapse; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #edebe9; vertical-align: top; }
`;

export function header(demo: boolean): string {
  return `<div class="ms-Header"><span>Azure DevOps</span> <span style="float:right">admin@contoso.example</span></div>${demo ? '<div style="background:#fff4ce;padding:6px 20px;font-size:12px">Demo replica on this computer — not Azure.</div>' : ''}`;
}

/** The scopes the register form offers (caption, id, description). */
export const ADO_SCOPE_CHOICES: readonly (readonly [caption: string, id: string, description: string])[] = [
  ['Code (read)', 'vso.code', 'Grants the ability to read source code and metadata about commits, changesets, branches, and other version control artifacts.'],
  ['Code (read and write)', 'vso.code_write', 'Grants the ability to read, update, and delete source code, access metadata about commits, changesets, branches, and other version control artifacts.'],
  ['Code (read, write, and manage)', 'vso.code_manage', 'Grants the ability to read, update, and delete source code, and to manage repositories.'],
  ['Code (full)', 'vso.code_full', 'Grants full access to source code.'],
  ['Code (status)', 'vso.code_status', 'Grants the ability to read and write commit and pull request status.'],
  ['Build (read)', 'vso.build', 'Grants the ability to access build artifacts.'],
  ['Project and team (read)', 'vso.project', 'Grants the ability to read projects and teams.'],
  ['Project and team (read and write)', 'vso.project_write', 'Grants the ability to read and update projects and teams.'],
  ['User profile (read)', 'vso.profile', 'Grants the ability to read your profile.'],
  ['Work items (read)', 'vso.work', 'Grants the ability to read work items.'],
];

export interface RegisterPageOptions {
  /** Where "Create application" posts the form (the demo's replica); without it the click is only recorded. */
  submitTo?: string;
  demo?: boolean;
}

/**
 * The register form: framework-rendered after a delay, labels wired three ways (label[for], aria-labelledby with an
 * aria-hidden "*", a bare caption), ten scope boxes with one stale box ticked, and a newsletter box outside them.
 * Its state changes only through input/change events, like a controlled React form (shown in #framework-state).
 */
export function adoRegisterPage(options: RegisterPageOptions = {}): string {
  return page({
    title: 'Register Application - Azure DevOps Services',
    style: `${ADO_STYLE} #framework-state { font-size: 11px; color: #605e5c; white-space: pre-wrap; }`,
    body: `${header(options.demo === true)}
<div class="bolt-page" id="app"><div class="loading">Loading…</div></div>
${configBlock({ scopes: ADO_SCOPE_CHOICES, submitTo: options.submitTo ?? null })}
<script>
(() => {${EL_HELPER}
  const state = { fields: {}, scopes: {}, submitted: false };
  const render = () => { const out = document.getElementById('framework-state'); if (out) out.textContent = JSON.stringify(state); };
  let seq = 0;
  const textField = (caption, key, wiring) => {
    const id = '__bolt-textfield-input-' + (++seq);
    const labelId = '__bolt-label-' + seq;
    const input = el('input', { type: 'text', autocomplete: 'off', id, oninput: (e) => { state.fields[key] = e.target.value; render(); } });
    let label;
    if (wiring === 'for') label = el('label', { class: 'bolt-formitem-label', for: id }, caption);
    else if (wiring === 'labelledby') { label = el('div', { class: 'bolt-formitem-label', id: labelId }, el('span', {}, caption), el('span', { 'aria-hidden': 'true' }, ' *')); input.setAttribute('aria-labelledby', labelId); }
    else label = el('div', { class: 'bolt-formitem-label' }, caption);
    return el('div', { class: 'bolt-formitem' }, label, el('div', { class: 'bolt-textfield' }, input));
  };
  const scopeRow = ([caption, id, description], index) => {
    const boxId = 'scope-' + index;
    const box = el('input', { type: 'checkbox', id: boxId, onchange: (e) => { state.scopes[id] = e.target.checked; render(); } });
    if (id === 'vso.work') { box.checked = true; state.scopes[id] = true; }
    return el('div', { class: 'scope-row' }, box, el('label', { for: boxId }, el('span', { class: 'scope-name' }, caption), el('br'), el('span', { class: 'scope-desc' }, description)));
  };
  const message = el('div', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'button', class: 'bolt-button', onclick: async () => {
    state.submitted = true;
    render();
    if (!config.submitTo) return;
    submit.disabled = true;
    message.textContent = '';
    try {
      const response = await fetch(config.submitTo, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) });
      const answer = await response.json();
      if (response.ok && typeof answer.next === 'string') { window.location.assign(answer.next); return; }
      message.textContent = answer.error || 'The application could not be created.';
    } catch { message.textContent = 'The application could not be created.'; }
    submit.disabled = false;
  } }, 'Create application');
  setTimeout(() => {
    document.getElementById('app').replaceChildren(
      el('h1', {}, 'Register Application'),
      el('div', { class: 'bolt-section-title' }, 'Company information'),
      textField('Company name', 'companyName', 'labelledby'),
      textField('Company website', 'companyWebsite', 'for'),
      textField('Terms of service URL', 'tos', 'for'),
      textField('Privacy statement URL', 'privacy', 'for'),
      el('div', { class: 'bolt-section-title' }, 'Application information'),
      textField('Application name', 'appName', 'bare'),
      textField('Application website', 'appUrl', 'for'),
      textField('Authorization  callback URL', 'redirectUrl', 'labelledby'),
      el('div', { class: 'bolt-section-title' }, 'Authorized scopes'),
      el('div', { class: 'scope-desc' }, 'Scopes cannot be changed after the application is created.'),
      el('fieldset', { style: 'border:0;padding:0', role: 'group', 'aria-label': 'Authorized scopes' }, ...config.scopes.map(scopeRow)),
      el('div', { class: 'scope-desc' }, el('input', { type: 'checkbox', id: 'newsletter', checked: 'checked' }), el('label', { for: 'newsletter' }, ' Send me product news')),
      message,
      submit,
      el('pre', { id: 'framework-state' }),
    );
    render();
  }, 150);
})();
</script>`,
  });
}

/** The register page since Microsoft stopped accepting new Azure DevOps OAuth apps (no exact wording is published). */
export function adoRefusedPage(): string {
  return page({
    title: 'Register Application - Azure DevOps Services',
    style: `${ADO_STYLE} .bolt-messagebar{background:#fff4ce;padding:12px;border-left:4px solid #797775}`,
    body: `${header(false)}
<div class="bolt-page">
  <h1>Register Application</h1>
  <div class="bolt-messagebar" role="status"><span>Azure DevOps OAuth is deprecated and is no longer accepting new app registrations. Use Microsoft Entra ID OAuth for new applications.</span> <a href="https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/entra-oauth">Learn more</a></div>
</div>`,
  });
}

export interface AdoAppValues {
  appName: string;
  appId: string;
  authorizeUrl: string;
  tokenUrl: string;
  callback: string;
  scopes: string;
  /** The secrets, when the page carries them itself; without them "Show" asks `secretUrl` (the demo's replica). */
  appSecret?: string;
  clientSecret?: string;
}

export interface AdoAppOptions {
  locale?: Locale;
  /** The demo's endpoint that answers a secret after "Show" (GET ?clientId=…&kind=app|client). */
  secretUrl?: string;
  /** How long a revealed secret takes to arrive (the real page fetches it). */
  revealDelayMs?: number;
  /** The caption of the Authorize URL row (a changed page). */
  authorizeLabel?: string;
  demo?: boolean;
}

/**
 * The app page in its usual shape: label/value rows rendered by script, App ID in a read-only input, each secret
 * masked until its own "Show" (then fetched, arriving later), the Authorize URL as a truncated link, copy buttons.
 */
export function adoAppPage(app: AdoAppValues, options: AdoAppOptions = {}): string {
  const text = ADO_TEXT[options.locale ?? 'en'];
  const config = { ...app, text: { ...text, authorizeUrl: options.authorizeLabel ?? text.authorizeUrl }, secretUrl: options.secretUrl ?? null, revealDelayMs: options.revealDelayMs ?? 400 };
  return page({
    title: 'Application - Azure DevOps Services',
    lang: options.locale ?? 'en',
    style: ADO_STYLE,
    body: `${header(options.demo === true)}
<div class="bolt-page"><h1 id="title"></h1><div id="rows"></div></div>
${configBlock(config)}
<script>
(() => {${EL_HELPER}
  const t = config.text;
  const copyButton = () => el('button', { class: 'bolt-button secondary', title: t.copy, 'aria-label': t.copy }, el('span', { class: 'fabric-icon ms-Icon--Copy', 'aria-hidden': 'true' }));
  const row = (key, ...value) => el('div', { class: 'bolt-card-row' }, el('div', { class: 'k' }, key), el('div', { class: 'v' }, ...value));
  const fetchSecret = async (kind) => {
    if (!config.secretUrl) return new Promise((resolve) => setTimeout(() => resolve(kind === 'app' ? config.appSecret : config.clientSecret), config.revealDelayMs));
    const response = await fetch(config.secretUrl + '?clientId=' + encodeURIComponent(config.appId) + '&kind=' + kind);
    return (await response.json()).value;
  };
  const secretRow = (key, kind) => {
    const holder = el('span', { class: 'secret-text' }, '••••••••••••••••');
    const button = el('button', { class: 'bolt-button secondary', onclick: async () => {
      if (button.textContent === t.show) {
        button.textContent = t.hide;
        const value = await fetchSecret(kind);
        if (button.textContent === t.hide) holder.replaceChildren(el('span', { class: 'secret-value' }, value));
      } else { button.textContent = t.show; holder.replaceChildren('••••••••••••••••'); }
    } }, t.show);
    return row(key, holder, button, copyButton());
  };
  document.getElementById('title').textContent = config.appName;
  const shown = config.authorizeUrl.length > 70 ? config.authorizeUrl.slice(0, 68) + '…' : config.authorizeUrl;
  document.getElementById('rows').replaceChildren(
    row(t.appId, el('input', { type: 'text', readonly: 'readonly', value: config.appId, 'aria-readonly': 'true' }), copyButton()),
    secretRow(t.appSecret, 'app'),
    secretRow(t.clientSecret, 'client'),
    row(t.authorizeUrl, el('a', { class: 'truncate', href: config.authorizeUrl, target: '_blank' }, shown), copyButton()),
    row(t.tokenUrl, el('a', { class: 'truncate', href: config.tokenUrl }, config.tokenUrl)),
    row(t.callbackUrl, el('span', {}, config.callback)),
    row(t.scopes, el('span', {}, config.scopes)),
  );
})();
</script>`,
  });
}

/** "Applications and services": every app, each linking to its page, and a link to register one. */
export function adoAppListPage(apps: readonly { appName: string; url: string; createdOn: string }[], registerUrl: string, demo = false): string {
  return page({
    title: 'Applications and services - Azure DevOps Services',
    style: ADO_STYLE,
    body: `${header(demo)}
<div class="bolt-page"><h1>Applications and services</h1><div id="list"></div><p><a id="register" href="#">Create new application</a></p></div>
${configBlock({ apps, registerUrl })}
<script>
(() => {${EL_HELPER}
  document.getElementById('register').setAttribute('href', config.registerUrl);
  document.getElementById('list').replaceChildren(config.apps.length === 0
    ? el('p', {}, 'You have not registered any applications.')
    : el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Name'), el('th', {}, 'Created'))),
        el('tbody', {}, ...config.apps.map((app) => el('tr', {}, el('td', {}, el('a', { href: app.url }, app.appName)), el('td', {}, app.createdOn))))));
})();
</script>`,
  });
}

export function notFoundPage(): string {
  return page({ title: 'Not found', style: ADO_STYLE, body: `${header(true)}<div class="bolt-page"><h1>Page not found</h1><p>This demo replica has no such page.</p></div>` });
}
