import { APP_TEXT, withTenant, type AppLocale, type AppText, type Audience } from './app-labels';
import { gridRow, type GridColumn } from './fluent';
import { escapeHtml } from './html';

/**
 * An app registration's own pages in the Azure portal, as Fluent renders them: the New registration form (a
 * ChoiceGroup of account types, the platform Dropdown whose options render in a layer only once it is opened, the
 * redirect URI), the Authentication blade (platform cards with their redirect URI inputs, the account type), and the
 * API permissions blade (a DetailsList grouped by API, with type and consent status per permission).
 */

export const AUDIENCES: readonly Audience[] = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];

export interface PortalPermission {
  /** The API's display name, as the grid's group header shows it ("Azure DevOps", "Microsoft Graph"). */
  api: string;
  scope: string;
  type: 'Delegated' | 'Application';
  description: string;
  adminConsentRequired: boolean;
  granted: boolean;
}

/** The Azure DevOps delegated permissions the portal's picker offers (value, description). */
export const AZURE_DEVOPS_SCOPES: readonly (readonly [scope: string, description: string])[] = [
  ['user_impersonation', 'Have full access to Visual Studio Team Services REST APIs'],
  ['vso.code', 'Code (read)'],
  ['vso.code_write', 'Code (read and write)'],
  ['vso.code_status', 'Code (status)'],
  ['vso.project', 'Project and team (read)'],
  ['vso.work', 'Work items (read)'],
];

/** What a new registration gets by default: Microsoft Graph's User.Read, not granted yet. */
export const DEFAULT_PERMISSION: PortalPermission = { api: 'Microsoft Graph', scope: 'User.Read', type: 'Delegated', description: 'Sign in and read user profile', adminConsentRequired: false, granted: false };

export const APP_PAGE_STYLE = `
  .ms-Label { display: block; font-weight: 600; margin: 14px 0 4px; }
  .ms-Label.is-required::after { content: " *"; color: #a4262c; padding-right: 12px; }
  .ms-TextField-field { width: 420px; padding: 4px 6px; border: 1px solid #8a8886; font: inherit; }
  .ms-TextField-description, .fxs-blade-description { color: #605e5c; font-size: 12px; margin: 2px 0 6px; max-width: 760px; }
  .ms-ChoiceField { display: flex; gap: 6px; margin: 4px 0; }
  .ms-Dropdown { display: inline-flex; justify-content: space-between; width: 220px; border: 1px solid #8a8886; padding: 4px 6px; cursor: pointer; }
  .ms-Dropdown-title.is-placeholder { color: #605e5c; }
  .ms-Dropdown-item { display: block; width: 100%; text-align: left; border: 0; background: #fff; padding: 6px 10px; cursor: pointer; }
  .ms-Dropdown-item.is-selected { background: #edebe9; }
  .redirect-row { display: flex; gap: 8px; align-items: center; }
  .ms-Card { border: 1px solid #edebe9; padding: 12px 16px; margin: 10px 0; max-width: 820px; }
  .ms-Card h4 { margin: 0 0 4px; font-size: 15px; }
  .uri-row { display: flex; gap: 6px; align-items: center; margin: 4px 0; }
  .ms-Button--primary { background: #0078d4; color: #fff; border: 1px solid #0078d4; padding: 5px 16px; }
  .ms-GroupHeader { font-weight: 600; background: #faf9f8; }
  .status-granted::before { content: "\\2714  "; color: #107c10; }
  .status-not-granted::before { content: "\\26A0  "; color: #8a6116; }
  .ms-Panel { position: fixed; top: 40px; right: 0; bottom: 0; width: 420px; background: #fff; border-left: 1px solid #c8c6c4; box-shadow: -2px 0 8px rgba(0,0,0,.15); padding: 16px; overflow: auto; }
`;

export interface AppPageOptions {
  locale?: AppLocale;
  /** The tenant's display name, as the account types and the consent status name it. */
  tenantName?: string;
}

function text(options: AppPageOptions): { t: AppText; tenant: string } {
  return { t: APP_TEXT[options.locale ?? 'en'], tenant: options.tenantName ?? 'Contoso' };
}

function choiceGroup(id: string, t: AppText, tenant: string, checked: Audience | null, labelled: string): string {
  const choices = AUDIENCES.map(
    (audience) =>
      `<div class="ms-ChoiceField"><input type="radio" class="ms-ChoiceField-input" id="${id}-${audience}" name="${id}" value="${audience}"${audience === checked ? ' checked' : ''}><label for="${id}-${audience}" class="ms-ChoiceField-field"><span class="ms-ChoiceFieldLabel">${escapeHtml(withTenant(t.choice[audience], tenant))}</span></label></div>`,
  ).join('');
  return `<div class="ms-ChoiceFieldGroup" role="radiogroup" aria-labelledby="${labelled}">${choices}</div>`;
}

export interface RegisterBladeOptions extends AppPageOptions {
  /** Where "Register" posts (the demo's replica); the portal shell's script sends it. */
  postUrl?: string;
}

/**
 * "Register an application". The platform is a Fluent Dropdown: a combobox that shows "Select a platform" until one
 * is chosen; its options exist only while it is open (see DROPDOWN_SCRIPT). The form is never sent by the page
 * script: the admin presses "Register".
 */
export function registerAppBlade(options: RegisterBladeOptions = {}): string {
  const { t, tenant } = text(options);
  return `<h2 class="fxs-blade-title">${escapeHtml(t.registerTitle)}</h2>
<form class="register-form" onsubmit="return false" aria-label="${escapeHtml(t.registerTitle)}">
  <label for="reg-name" class="ms-Label is-required">${escapeHtml(t.name)}</label>
  <p class="ms-TextField-description">${escapeHtml(t.nameHelp)}</p>
  <input id="reg-name" name="name" class="ms-TextField-field" type="text" aria-required="true">
  <label id="acct-label" class="ms-Label">${escapeHtml(t.accountTypes)}</label>
  <p class="ms-TextField-description" id="acct-help">${escapeHtml(t.whoCanUse)}</p>
  ${choiceGroup('acct', t, tenant, 'AzureADMyOrg', 'acct-label')}
  <label id="redirect-label" class="ms-Label">${escapeHtml(t.redirectUriOptional)}</label>
  <p class="ms-TextField-description">${escapeHtml(t.redirectUriHelp)}</p>
  <div class="redirect-row">
    <div id="platform" class="ms-Dropdown" role="combobox" tabindex="0" aria-haspopup="listbox" aria-expanded="false" aria-labelledby="redirect-label platform-title" data-options="${escapeHtml(JSON.stringify([['web', t.platforms.web], ['spa', t.platforms.spa], ['publicClient', t.platforms.publicClient]]))}"><span id="platform-title" class="ms-Dropdown-title is-placeholder">${escapeHtml(t.selectPlatform)}</span><span class="ms-Dropdown-caretDownWrapper" aria-hidden="true">&#x2304;</span></div>
    <input id="reg-redirect" name="redirect" class="ms-TextField-field" type="text" aria-labelledby="redirect-label" placeholder="e.g. https://example.com/auth">
  </div>
  <div role="alert" class="error" style="color:#a4262c"></div>
  <button type="button" class="ms-Button ms-Button--primary" data-action="register"${options.postUrl ? ` data-url="${escapeHtml(options.postUrl)}"` : ''}>${escapeHtml(t.register)}</button>
</form>`;
}

/**
 * The Dropdown's behaviour, as Fluent renders it: a click on the combobox opens a Callout in a layer at the end of
 * the body (role=listbox, one role=option button per platform); a click on an option shows it in the combobox and
 * closes the layer. Used by the demo's portal shell and by the test pages.
 */
export const DROPDOWN_SCRIPT = `<script>
(() => {
  const close = (box) => { document.getElementById(box.id + '-layer')?.remove(); box.setAttribute('aria-expanded', 'false'); box.removeAttribute('aria-controls'); };
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const option = target?.closest('[role=option][data-for]');
    if (option) {
      const box = document.getElementById(option.dataset.for);
      const title = box.querySelector('.ms-Dropdown-title');
      title.textContent = option.textContent;
      title.classList.remove('is-placeholder');
      box.dataset.value = option.dataset.value;
      close(box);
      return;
    }
    const box = target?.closest('.ms-Dropdown[role=combobox]');
    if (!box) return;
    if (box.getAttribute('aria-expanded') === 'true') return close(box);
    const rect = box.getBoundingClientRect();
    const layer = document.createElement('div');
    layer.className = 'ms-Layer';
    layer.id = box.id + '-layer';
    layer.innerHTML = '<div class="ms-Callout ms-Dropdown-callout" style="position:absolute;background:#fff;border:1px solid #c8c6c4;left:' + (rect.left + window.scrollX) + 'px;top:' + (rect.bottom + window.scrollY) + 'px;width:' + rect.width + 'px"><div role="listbox" id="' + box.id + '-list"></div></div>';
    const list = layer.querySelector('[role=listbox]');
    for (const [value, label] of JSON.parse(box.dataset.options)) {
      const item = document.createElement('button');
      item.type = 'button';
      item.className = 'ms-Dropdown-item' + (box.dataset.value === value ? ' is-selected' : '');
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(box.dataset.value === value));
      item.dataset.for = box.id;
      item.dataset.value = value;
      item.innerHTML = '<span class="ms-Dropdown-optionText"></span>';
      item.firstChild.textContent = label;
      list.append(item);
    }
    document.body.append(layer);
    box.setAttribute('aria-expanded', 'true');
    box.setAttribute('aria-controls', list.id);
  });
})();
</script>`;

export interface PortalAppSettings {
  displayName: string;
  signInAudience: Audience;
  /** Redirect URIs by platform, exactly as registered. */
  web: readonly string[];
  spa?: readonly string[];
  permissions: readonly PortalPermission[];
}

function uriList(id: string, t: AppText, uris: readonly string[]): string {
  const rows = uris
    .map((uri, i) => `<div class="uri-row" role="listitem"><input class="ms-TextField-field" type="text" id="${id}-${i}" aria-label="${escapeHtml(t.redirectUris)} ${i + 1}" value="${escapeHtml(uri)}"><button type="button" class="ms-Button ms-Button--icon" aria-label="Delete">&#x1F5D1;</button></div>`)
    .join('');
  return `<label class="ms-Label" id="${id}-label">${escapeHtml(t.redirectUris)}</label><p class="ms-TextField-description">${escapeHtml(t.redirectUrisHelp)}</p><div role="list" aria-labelledby="${id}-label">${rows}</div><a href="#" class="add-uri">${escapeHtml(t.addUri)}</a>`;
}

/** The Authentication blade: one card per platform with its redirect URIs, then the account type. */
export function authenticationBlade(app: PortalAppSettings, options: AppPageOptions = {}): string {
  const { t, tenant } = text(options);
  const web = `<div class="ms-Card" role="group" aria-labelledby="web-title"><h4 id="web-title">${escapeHtml(t.platforms.web)}</h4>${uriList('web', t, app.web)}
<label class="ms-Label" for="logout">${escapeHtml(t.logoutUrl)}</label><input id="logout" class="ms-TextField-field" type="text" placeholder="e.g. https://example.com/logout">
<h5>${escapeHtml(t.implicit)}</h5><div><input type="checkbox" id="implicit-access"><label for="implicit-access"> Access tokens (used for implicit flows)</label></div><div><input type="checkbox" id="implicit-id"><label for="implicit-id"> ID tokens (used for implicit and hybrid flows)</label></div></div>`;
  const spa = app.spa && app.spa.length > 0 ? `<div class="ms-Card" role="group" aria-labelledby="spa-title"><h4 id="spa-title">${escapeHtml(t.platforms.spa)}</h4>${uriList('spa', t, app.spa)}</div>` : '';
  return `<h2 class="fxs-blade-title">${escapeHtml(app.displayName)} | ${escapeHtml(t.authentication)}</h2>
<section aria-labelledby="platforms-title"><h3 id="platforms-title">${escapeHtml(t.platformConfigurations)}</h3>
<button type="button" class="ms-Button">${escapeHtml(t.addPlatform)}</button>
${app.web.length > 0 ? web : ''}${spa}</section>
<section aria-labelledby="accounts-title"><h3 id="accounts-title">${escapeHtml(t.accountTypes)}</h3>
<label class="ms-Label" id="auth-acct-label">${escapeHtml(t.whoCanUse)}</label>
${choiceGroup('auth-acct', t, tenant, app.signInAudience, 'auth-acct-label')}</section>
<div class="fxs-commandbar"><button type="button" class="ms-Button ms-Button--primary" disabled>${escapeHtml(t.save)}</button></div>`;
}

const PERMISSION_COLUMNS = (t: AppText): GridColumn[] => [
  { key: 'name', name: t.columns.name, width: 240 },
  { key: 'type', name: t.columns.type, width: 100 },
  { key: 'description', name: t.columns.description, width: 260 },
  { key: 'adminConsent', name: t.columns.adminConsent, width: 160 },
  { key: 'status', name: t.columns.status, width: 200 },
];

/** A DetailsList grouped by API: a group header row ("Azure DevOps (3)") above the API's permission rows. */
function permissionGrid(permissions: readonly PortalPermission[], t: AppText, tenant: string): string {
  const columns = PERMISSION_COLUMNS(t);
  const header = columns
    .map((column, i) => `<div role="columnheader" aria-colindex="${i + 1}" class="ms-DetailsHeader-cell" data-item-key="${column.key}" style="width:${column.width}px"><span class="ms-DetailsHeader-cellTitle"><span class="ms-DetailsHeader-cellName">${escapeHtml(column.name)}</span></span></div>`)
    .join('');
  const apis = [...new Set(permissions.map((p) => p.api))];
  let index = 0;
  const groups = apis.map((api, g) => {
    const own = permissions.filter((p) => p.api === api);
    const groupHeader = `<div class="ms-List-cell"><div role="row" aria-level="1" aria-expanded="true" class="ms-GroupHeader" data-group-index="${g}"><div role="gridcell" aria-colspan="${columns.length}" class="ms-GroupHeader-groupHeaderContainer"><button type="button" class="ms-GroupHeader-expand" aria-label="Collapse group">&#x2303;</button><div class="ms-GroupHeader-title"><span>${escapeHtml(api)}</span><span class="ms-GroupHeader-headerCount"> (${own.length})</span></div></div></div></div>`;
    const rows = own.map((p) => {
      const status = p.granted ? `<span class="status-granted">${escapeHtml(withTenant(t.granted, tenant))}</span>` : `<span class="status-not-granted">${escapeHtml(withTenant(t.notGranted, tenant))}</span>`;
      return gridRow({ columns, checkbox: false }, { name: `<a href="#">${escapeHtml(p.scope)}</a>`, type: escapeHtml(p.type === 'Delegated' ? t.delegated : t.application), description: escapeHtml(p.description), adminConsent: escapeHtml(p.adminConsentRequired ? t.yes : t.no), status }, index++);
    });
    return `<div class="ms-GroupedList-group">${groupHeader}${rows.join('')}</div>`;
  });
  return `<div class="ms-DetailsList" data-automationid="DetailsList"><div role="grid" aria-label="${escapeHtml(t.configuredPermissions)}" aria-rowcount="${permissions.length + apis.length + 1}" aria-colcount="${columns.length}"><div role="presentation" class="ms-DetailsList-headerWrapper"><div role="row" aria-rowindex="1" class="ms-DetailsHeader">${header}</div></div><div role="presentation" class="ms-DetailsList-contentWrapper"><div class="ms-GroupedList" role="presentation">${groups.join('')}</div></div></div></div>`;
}

export interface PermissionsBladeOptions extends AppPageOptions {
  /** The demo: "+ Add a permission" opens the picker panel, "Grant admin consent" asks and posts (portal shell script). */
  actions?: { addUrl: string; consentUrl: string; appId: string };
}

/** The API permissions blade: the configured permissions, grouped by API, with "+ Add a permission" and consent. */
export function apiPermissionsBlade(app: PortalAppSettings, options: PermissionsBladeOptions = {}): string {
  const { t, tenant } = text(options);
  const actions = options.actions;
  const data = actions ? ` data-add-url="${escapeHtml(actions.addUrl)}" data-consent-url="${escapeHtml(actions.consentUrl)}" data-app-id="${escapeHtml(actions.appId)}"` : '';
  const panel = actions
    ? `<div class="ms-Panel" role="dialog" aria-labelledby="picker-title" id="permission-picker" hidden><h3 id="picker-title">${escapeHtml(t.requestPermissions)}</h3>
<div role="tablist"><button role="tab" type="button" aria-selected="true" data-action="tab-microsoft">Microsoft APIs</button> <button role="tab" type="button" aria-selected="false" data-action="tab-organization">${escapeHtml(t.myOrganizationApis)}</button></div>
<ul class="api-list" id="microsoft-apis"><li><button type="button" class="ms-Button">Microsoft Graph</button></li></ul>
<div id="organization-apis" hidden><input type="search" aria-label="Search APIs" placeholder="Start typing a name or Application ID"><ul class="api-list"><li><button type="button" class="ms-Button" data-action="choose-api" data-api="Azure DevOps">Azure DevOps</button></li></ul></div>
<div id="permission-type" hidden><p>Azure DevOps — What type of permissions does your application require?</p><button type="button" class="ms-Button" data-action="choose-delegated">${escapeHtml(t.delegatedChoice)}</button> <button type="button" class="ms-Button" disabled>Application permissions</button></div>
<div id="scope-choice" hidden><fieldset><legend>${escapeHtml(t.delegatedChoice)}</legend>${AZURE_DEVOPS_SCOPES.map(([scope, description]) => `<div><input type="checkbox" id="scope-${escapeHtml(scope)}" value="${escapeHtml(scope)}" data-description="${escapeHtml(description)}"><label for="scope-${escapeHtml(scope)}"> ${escapeHtml(scope)} — ${escapeHtml(description)}</label></div>`).join('')}</fieldset>
<button type="button" class="ms-Button ms-Button--primary" data-action="add-permissions">${escapeHtml(t.addPermissions)}</button></div></div>`
    : '';
  return `<h2 class="fxs-blade-title">${escapeHtml(app.displayName)} | ${escapeHtml(t.apiPermissions)}</h2>
<section class="permissions"${data}><h3>${escapeHtml(t.configuredPermissions)}</h3><p class="fxs-blade-description">${escapeHtml(t.permissionsIntro)}</p>
<div class="fxs-commandbar" role="toolbar"><button type="button" class="ms-Button" data-action="open-picker">${escapeHtml(t.addPermission)}</button> <button type="button" class="ms-Button" data-action="grant-consent">&#x2714; ${escapeHtml(withTenant(t.grantConsent, tenant))}</button></div>
${permissionGrid(app.permissions, t, tenant)}</section>${panel}`;
}
