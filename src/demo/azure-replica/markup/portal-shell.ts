import { configBlock, page } from './html';
import { PORTAL_STYLE } from './portal';
import { DROPDOWN_SCRIPT } from './portal-app';

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
  const post = async (url, body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { ok: response.ok, answer: await response.json().catch(() => ({})) };
  };
  // The permission picker's search narrows the list of APIs as the admin types.
  host.addEventListener('input', (event) => {
    const search = event.target instanceof HTMLInputElement && event.target.type === 'search' ? event.target : null;
    if (!search) return;
    for (const item of search.parentElement.querySelectorAll('li')) item.hidden = !item.textContent.toLowerCase().includes(search.value.trim().toLowerCase());
  });
  // Blade actions (this document's blades are markup only): New registration's "Register", and the API permissions
  // blade's picker ("+ Add a permission" → Azure DevOps → Delegated → "Add permissions") and admin consent.
  host.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-action]') : null;
    if (!button) return;
    const action = button.dataset.action;
    const section = host.querySelector('.permissions');
    if (action === 'register') {
      const form = button.closest('form');
      const message = form.querySelector('[role=alert]');
      button.disabled = true;
      message.textContent = '';
      const chosen = form.querySelector('input[name=acct]:checked');
      const body = { displayName: form.elements.namedItem('name').value, redirectUri: form.elements.namedItem('redirect').value, platform: form.querySelector('#platform').dataset.value || '', signInAudience: chosen ? chosen.value : '' };
      const { ok, answer } = await post(button.dataset.url, body);
      button.disabled = false;
      if (!ok || typeof answer.next !== 'string') { message.textContent = answer.error || 'The application could not be registered.'; return; }
      window.location.hash = answer.next;
    } else if (action === 'open-picker') {
      document.getElementById('permission-picker').hidden = false;
    } else if (action === 'tab-organization' || action === 'tab-microsoft') {
      const organization = action === 'tab-organization';
      document.getElementById('organization-apis').hidden = !organization;
      document.getElementById('microsoft-apis').hidden = organization;
      for (const tab of document.querySelectorAll('#permission-picker [role=tab]')) tab.setAttribute('aria-selected', String(tab === button));
    } else if (action === 'choose-api') {
      document.getElementById('permission-type').hidden = false;
    } else if (action === 'choose-delegated') {
      document.getElementById('scope-choice').hidden = false;
    } else if (action === 'add-permissions') {
      const scopes = Array.from(document.querySelectorAll('#scope-choice input:checked')).map((box) => box.value);
      const { ok } = await post(section.dataset.addUrl, { appId: section.dataset.appId, scopes });
      if (ok) window.location.reload();
    } else if (action === 'grant-consent') {
      const bar = document.createElement('div');
      bar.className = 'fxs-confirm';
      bar.setAttribute('role', 'alertdialog');
      bar.setAttribute('aria-label', 'Grant admin consent confirmation.');
      bar.innerHTML = '<p>Grant admin consent confirmation.</p><p>Do you want to grant consent for the requested permissions for all accounts? This will update any existing admin consent records this application already has to match what is listed below.</p><button type="button" class="ms-Button ms-Button--primary" data-action="consent-yes">Yes</button> <button type="button" class="ms-Button" data-action="consent-no">No</button>';
      section.prepend(bar);
    } else if (action === 'consent-yes') {
      const { ok } = await post(section.dataset.consentUrl, { appId: section.dataset.appId });
      if (ok) window.location.reload();
    } else if (action === 'consent-no') {
      button.closest('.fxs-confirm').remove();
    }
  });
})();
</script>
${DROPDOWN_SCRIPT}`,
  });
}
