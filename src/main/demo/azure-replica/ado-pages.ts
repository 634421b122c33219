import { configBlock, EL_HELPER, page } from './html';

/**
 * The demo's Azure DevOps pages, derived from the test replicas in test/fixtures/registration/: a framework-rendered
 * register form (label-driven, no stable ids), the app page after creation (secrets revealed only by "Show", fetched
 * from the server then), and the "Applications and services" list. Values come from the replica server.
 */

const ADO_STYLE = `
  body { font-family: "Segoe UI", sans-serif; margin: 0; background: #f8f8f8; color: #201f1e; }
  .ms-Header { background: #0078d4; color: #fff; padding: 10px 20px; font-size: 14px; }
  .demo-note { background: #fff4ce; color: #323130; padding: 6px 20px; font-size: 12px; }
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
  .error { color: #a4262c; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #edebe9; }
`;

const HEADER = `<div class="ms-Header"><span>Azure DevOps</span> <span style="float:right">admin@demo.example</span></div>
<div class="demo-note">Demo replica on this computer — not Azure.</div>`;

export const ADO_SCOPE_CHOICES: readonly (readonly [caption: string, id: string, description: string])[] = [
  ['Code (read)', 'vso.code', 'Grants the ability to read source code and metadata about commits, changesets, branches, and other version control artifacts.'],
  ['Code (read and write)', 'vso.code_write', 'Grants the ability to read, update, and delete source code, access metadata about commits, changesets, branches, and other version control artifacts.'],
  ['Code (read, write, and manage)', 'vso.code_manage', 'Grants the ability to read, update, and delete source code, and to manage repositories.'],
  ['Code (status)', 'vso.code_status', 'Grants the ability to read and write commit and pull request status.'],
  ['Build (read)', 'vso.build', 'Grants the ability to access build artifacts.'],
  ['Project and team (read)', 'vso.project', 'Grants the ability to read projects and teams.'],
  ['Project and team (read and write)', 'vso.project_write', 'Grants the ability to read and update projects and teams.'],
  ['Work items (read)', 'vso.work', 'Grants the ability to read work items.'],
];

/** The register form. "Create application" posts the form state to the replica, which answers with the app page's URL. */
export function adoRegisterPage(): string {
  return page(
    'Register Application - Azure DevOps Services',
    ADO_STYLE,
    `${HEADER}
<div class="bolt-page" id="app"><div class="loading">Loading…</div></div>
${configBlock({ scopes: ADO_SCOPE_CHOICES })}
<script>
(() => {${EL_HELPER}
  // A tiny "framework": state changes only through input/change events, like a controlled React form.
  const state = { fields: {}, scopes: {} };
  let seq = 0;
  const textField = (caption, key, wiring) => {
    const id = '__bolt-textfield-input-' + (++seq);
    const labelId = '__bolt-label-' + seq;
    const input = el('input', { type: 'text', autocomplete: 'off', id, oninput: (e) => { state.fields[key] = e.target.value; } });
    let label;
    if (wiring === 'for') label = el('label', { class: 'bolt-formitem-label', for: id }, caption);
    else if (wiring === 'labelledby') { label = el('div', { class: 'bolt-formitem-label', id: labelId }, el('span', {}, caption), el('span', { 'aria-hidden': 'true' }, ' *')); input.setAttribute('aria-labelledby', labelId); }
    else label = el('div', { class: 'bolt-formitem-label' }, caption);
    return el('div', { class: 'bolt-formitem' }, label, el('div', { class: 'bolt-textfield' }, input));
  };
  const scopeRow = ([caption, id, description], index) => {
    const boxId = 'scope-' + index;
    const box = el('input', { type: 'checkbox', id: boxId, onchange: (e) => { state.scopes[id] = e.target.checked; } });
    return el('div', { class: 'scope-row' }, box, el('label', { for: boxId }, el('span', { class: 'scope-name' }, caption), el('br'), el('span', { class: 'scope-desc' }, description)));
  };
  const message = el('div', { class: 'error', role: 'alert' });
  const submit = el('button', { type: 'button', class: 'bolt-button', onclick: async () => {
    submit.disabled = true;
    message.textContent = '';
    try {
      const response = await fetch('/app/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(state) });
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
      textField('Authorization callback URL', 'redirectUrl', 'labelledby'),
      el('div', { class: 'bolt-section-title' }, 'Authorized scopes'),
      el('div', { class: 'scope-desc' }, 'Scopes cannot be changed after the application is created.'),
      el('fieldset', { style: 'border:0;padding:0', role: 'group', 'aria-label': 'Authorized scopes' }, ...config.scopes.map(scopeRow)),
      message,
      submit,
    );
  }, 150);
})();
</script>`,
  );
}

export interface AdoAppView {
  appName: string;
  appId: string;
  authorizeUrl: string;
  tokenUrl: string;
  callback: string;
  scopes: string;
}

/** The app page: App ID, App Secret and Client Secret behind "Show" (fetched only then), the Authorize URL. */
export function adoAppPage(app: AdoAppView): string {
  return page(
    'Application - Azure DevOps Services',
    ADO_STYLE,
    `${HEADER}
<div class="bolt-page"><h1 id="title"></h1><div id="rows"></div></div>
${configBlock(app)}
<script>
(() => {${EL_HELPER}
  const copyButton = () => el('button', { class: 'bolt-button secondary', title: 'Copy to clipboard', 'aria-label': 'Copy to clipboard' }, '⧉');
  const row = (key, ...value) => el('div', { class: 'bolt-card-row' }, el('div', { class: 'k' }, key), el('div', { class: 'v' }, ...value));
  const secretRow = (key, kind) => {
    const holder = el('span', { class: 'secret-text' }, '••••••••••••••••');
    const button = el('button', { class: 'bolt-button secondary', onclick: async () => {
      if (button.textContent === 'Show') {
        button.textContent = 'Hide';
        const response = await fetch('/app/secret?clientId=' + encodeURIComponent(config.appId) + '&kind=' + kind);
        const answer = await response.json();
        if (button.textContent === 'Hide') holder.replaceChildren(el('span', { class: 'secret-value' }, answer.value));
      } else { button.textContent = 'Show'; holder.replaceChildren('••••••••••••••••'); }
    } }, 'Show');
    return row(key, holder, button, copyButton());
  };
  document.getElementById('title').textContent = config.appName;
  const authorizeText = config.authorizeUrl.length > 70 ? config.authorizeUrl.slice(0, 68) + '…' : config.authorizeUrl;
  document.getElementById('rows').replaceChildren(
    row('App ID', el('input', { type: 'text', readonly: 'readonly', value: config.appId, 'aria-readonly': 'true' }), copyButton()),
    secretRow('App Secret', 'app'),
    secretRow('Client Secret', 'client'),
    row('Authorize URL', el('a', { class: 'truncate', href: config.authorizeUrl, target: '_blank' }, authorizeText), copyButton()),
    row('Access token URL', el('a', { class: 'truncate', href: config.tokenUrl }, config.tokenUrl)),
    row('Authorization callback URL', el('span', {}, config.callback)),
    row('Authorized scopes', el('span', {}, config.scopes)),
  );
})();
</script>`,
  );
}

/** "Applications and services": every app of this demo run, each linking to its page; and a link to register one. */
export function adoAppListPage(apps: readonly { appName: string; url: string; createdOn: string }[], registerUrl: string): string {
  return page(
    'Applications and services - Azure DevOps Services',
    ADO_STYLE,
    `${HEADER}
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
  );
}

export function notFoundPage(): string {
  return page('Not found', ADO_STYLE, `${HEADER}<div class="bolt-page"><h1>Page not found</h1><p>This demo replica has no such page.</p></div>`);
}
