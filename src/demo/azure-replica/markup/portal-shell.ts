import { configBlock, escapeHtml, page } from './html';
import { PORTAL_STYLE } from './portal';

/**
 * The demo's portal shell: a hash-routed single page (`#view/Microsoft_AAD_RegisteredApps/...`, the real portal's
 * address shape). The shell asks the replica for the blade its route names and shows it; the blade markup comes
 * from the same builders as the test fixtures (portal.ts). Moving between blades loads the document again.
 */
export function portalShellPage(bladeUrl: string): string {
  return page({
    title: 'Microsoft Azure',
    style: `${PORTAL_STYLE}
  .layout { display: flex; } nav { width: 200px; padding: 16px; border-right: 1px solid #edebe9; }
  nav a { display: block; padding: 4px 0; } nav a[aria-current=page] { font-weight: 600; } .fxs-blade { flex: 1; }
  iframe { border: 1px solid #edebe9; width: 100%; height: 340px; margin-top: 12px; }`,
    body: `<div class="fxs-topbar">Microsoft Azure</div>
<div style="background:#fff4ce;padding:6px 16px;font-size:12px">Demo replica on this computer — not Azure.</div>
<div class="layout"><nav id="menu" aria-label="App registration menu"></nav><section class="fxs-blade" id="blade-host" aria-busy="true"></section></div>
${configBlock({ bladeUrl })}
<script>
(() => {
  const config = JSON.parse(document.getElementById('replica-config').textContent);
  const host = document.getElementById('blade-host');
  const menu = document.getElementById('menu');
  // A blade change is a fresh document load, as the admin would see after a reload.
  window.addEventListener('hashchange', () => window.location.reload());
  fetch(config.bladeUrl + '?route=' + encodeURIComponent(window.location.hash))
    .then((response) => response.json())
    .then((blade) => {
      document.title = blade.title + ' - Microsoft Azure';
      menu.replaceChildren(...blade.menu.map((item) => {
        const link = document.createElement('a');
        link.href = item.href;
        link.textContent = item.text;
        if (item.current) link.setAttribute('aria-current', 'page');
        return link;
      }));
      host.innerHTML = blade.html;
      host.removeAttribute('aria-busy');
    });
  // The registration form (a blade of this document): posts to the replica, then opens the new app's Overview.
  host.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-action=register]') : null;
    if (!button) return;
    const form = button.closest('form');
    const message = form.querySelector('[role=alert]');
    button.disabled = true;
    message.textContent = '';
    const body = { displayName: form.elements.namedItem('name').value, redirectUri: form.elements.namedItem('redirect').value, multiTenant: form.querySelector('#acct-multi').checked };
    const response = await fetch(button.dataset.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    button.disabled = false;
    if (!response.ok || typeof answer.next !== 'string') { message.textContent = answer.error || 'The application could not be registered.'; return; }
    window.location.hash = answer.next;
  });
})();
</script>`,
  });
}

/** The "Register an application" blade. */
export function registerAppBlade(postUrl: string): string {
  return `<h2 class="fxs-blade-title">Register an application</h2>
<form onsubmit="return false">
  <div style="margin:10px 0"><label for="reg-name" style="display:block;font-weight:600">Name</label><input id="reg-name" name="name" type="text" style="width:360px"></div>
  <fieldset style="border:0;padding:0"><legend style="font-weight:600">Supported account types</legend>
    <div><input id="acct-single" type="radio" name="acct" checked><label for="acct-single"> Accounts in this organizational directory only (Single tenant)</label></div>
    <div><input id="acct-multi" type="radio" name="acct"><label for="acct-multi"> Accounts in any organizational directory (Multitenant)</label></div>
  </fieldset>
  <div style="margin:10px 0"><label for="reg-redirect" style="display:block;font-weight:600">Redirect URI (Web)</label><input id="reg-redirect" name="redirect" type="text" style="width:360px" placeholder="e.g. https://example.com/auth"></div>
  <div role="alert" style="color:#a4262c"></div>
  <button type="button" data-action="register" data-url="${escapeHtml(postUrl)}">Register</button>
</form>`;
}
