import { copyableText, detailsList, essentialsLegacy, essentialsReact, gridRow, listPages, propertyFields, reactValue, secretValueCell, type EssentialsItem, type GridOptions } from './fluent';
import { configBlock, escapeHtml, page } from './html';
import { PORTAL_TEXT, type Locale, type PortalText } from './labels';
import { APP_TEXT, type AppLocale } from './app-labels';
import { APP_PAGE_STYLE, type PortalAppSettings } from './portal-app';

/**
 * The Azure portal's app registration pages: the App registrations list, an app's Overview (Essentials), and its
 * "Certificates & secrets" blade (a Fluent DetailsList of client secrets, the new one's Value shown once).
 */

export const PORTAL_STYLE = `
  body { font-family: "Segoe UI", "Segoe UI Web (West European)", sans-serif; margin: 0; color: #323130; background: #fff; font-size: 13px; }
  .fxs-topbar { background: #1b1a19; color: #fff; padding: 8px 16px; }
  .fxs-blade { padding: 16px 24px; }
  .fxs-blade-title { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
  .fxc-essentials-content { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 32px; max-width: 1000px; }
  .fxc-essentials-item { display: flex; padding: 3px 0; }
  .fxc-essentials-label-container { display: flex; width: 230px; color: #605e5c; }
  .fxc-essentials-label-separator { margin: 0 6px 0 2px; }
  .fxc-essentials-expander { border: 0; background: none; font-weight: 600; padding: 0 0 8px; }
  .fxc-copyable-text { display: inline-flex; gap: 4px; align-items: center; }
  [class^="essentialsGrid-"] { display: grid; grid-template-columns: 1fr 1fr; gap: 6px 32px; }
  [class^="essentialsItem-"] { display: flex; } [class^="essentialsLabel-"] { width: 230px; color: #605e5c; }
  .ms-Button { border: 0; background: none; cursor: pointer; padding: 0 4px; }
  .ms-Icon { font-style: normal; font-family: "FabricMDL2Icons", sans-serif; }
  .ms-DetailsHeader, .ms-DetailsRow { display: flex; border-bottom: 1px solid #edebe9; min-height: 32px; align-items: center; }
  .ms-DetailsHeader-cell, .ms-DetailsRow-cell, .ms-DetailsHeader-cellIsCheck, .ms-DetailsRow-cellCheck { padding: 6px 8px; overflow: hidden; }
  .ms-DetailsHeader-cellName { font-weight: 600; }
  .ms-DetailsRow-fields { display: flex; }
  .ms-Check-checkHost { width: 18px; height: 18px; border-radius: 50%; border: 1px solid #8a8886; }
  .ms-Check .ms-Icon { display: none; }
  .secretValue-162 { font-family: Consolas, monospace; }
  .ms-Shimmer-container { height: 32px; margin: 6px 0; background: linear-gradient(90deg, #f3f2f1, #edebe9, #f3f2f1); }
  .fxs-toast { position: fixed; right: 16px; top: 48px; background: #fff; border: 1px solid #c8c6c4; box-shadow: 0 2px 8px rgba(0,0,0,.2); padding: 12px; }
  .ms-Callout { position: absolute; background: #fff; border: 1px solid #c8c6c4; padding: 4px 8px; font-size: 12px; }
  .fxs-theme-dark body, body.fxs-theme-dark { background: #1b1a19; color: #f3f2f1; }
  .fxs-theme-dark .fxc-essentials-label-container, .fxs-theme-dark [class^="essentialsLabel-"] { color: #c8c6c4; }
  .fxs-theme-dark .fxs-topbar { background: #000; }
  .fxs-theme-dark a { color: #69b0d7; }
${APP_PAGE_STYLE}
`;

export interface PortalApp extends PortalAppSettings {
  appId: string;
  objectId: string;
  createdOn: string;
}

export type EssentialsShape = 'classic' | 'react' | 'property';

function essentialsItems(app: PortalApp, tenantId: string, locale: Locale, shape: EssentialsShape, credentialsHref: string): EssentialsItem[] {
  const t: PortalText = PORTAL_TEXT[locale];
  const id = (value: string) => (shape === 'react' ? reactValue(value, t.copy) : shape === 'classic' ? copyableText(value, t.copy) : `<span>${escapeHtml(value)}</span>`);
  return [
    { label: t.displayName, value: `<a href="#">${escapeHtml(app.displayName)}</a>` },
    { label: t.clientCredentials, value: `<a href="${escapeHtml(credentialsHref)}">0 certificate, 1 secret</a>` },
    { label: t.appId, value: id(app.appId) },
    { label: t.redirectUris, value: `<a href="#">${app.web.length} web, ${app.spa?.length ?? 0} spa, 0 public client</a>` },
    { label: t.objectId, value: id(app.objectId) },
    { label: t.appIdUri, value: '<a href="#">Add an Application ID URI</a>' },
    { label: t.tenantId, value: id(tenantId) },
    { label: t.accountTypes, value: `<a href="#">${escapeHtml(APP_TEXT[appLocale(locale)].short[app.signInAudience])}</a>` },
  ];
}

/** The app pages' language for a portal locale (English where the replica has no app-page captions). */
export function appLocale(locale: Locale): AppLocale {
  return locale in APP_TEXT ? (locale as AppLocale) : 'en';
}

export interface OverviewOptions {
  locale?: Locale;
  shape?: EssentialsShape;
  /** The panel inside an open shadow root (a web-component host), the tenant id slotted in from the light DOM. */
  shadow?: boolean;
  /** Where "Client credentials" links (the app's Certificates & secrets blade). */
  credentialsHref?: string;
}

/** An app's Overview blade content: its title and the Essentials panel in one of the portal's three shapes. */
export function overviewBlade(app: PortalApp, tenantId: string, options: OverviewOptions = {}): string {
  const t = PORTAL_TEXT[options.locale ?? 'en'];
  const shape = options.shape ?? 'classic';
  const items = essentialsItems(app, tenantId, options.locale ?? 'en', shape, options.credentialsHref ?? '#');
  if (options.shadow) items[6] = { ...items[6]!, value: '<slot name="tenant"></slot>' };
  const built = shape === 'classic' ? essentialsLegacy(items, t.essentials) : shape === 'react' ? essentialsReact(items, t.essentials) : propertyFields(items, t.essentials);
  const panel = options.shadow
    ? `<fxs-essentials-host><template shadowrootmode="open"><style>.fxc-essentials-content{display:grid;grid-template-columns:1fr 1fr;gap:4px 32px}.fxc-essentials-item{display:flex}.fxc-essentials-label-container{display:flex;width:230px}</style>${built}</template><span slot="tenant">${copyableText(tenantId, t.copy)}</span></fxs-essentials-host>`
    : built;
  return `<h2 class="fxs-blade-title">${escapeHtml(app.displayName)} <span style="font-weight:normal;font-size:14px">| ${escapeHtml(t.overview)}</span></h2>
<p class="fxs-blade-description">Welcome to the new and improved App registrations. To get started, copy the ${escapeHtml(t.appId)} and the ${escapeHtml(t.tenantId)} into your application.</p>
${panel}`;
}

/** The App registrations list: a DetailsList with one Application (client) ID per row. */
export function appListBlade(apps: readonly PortalApp[], options: { locale?: Locale; appHref?: (app: PortalApp) => string; newHref?: string } = {}): string {
  const t = PORTAL_TEXT[options.locale ?? 'en'];
  const grid: GridOptions = {
    id: 'apps',
    label: t.appRegistrations,
    checkbox: false,
    columns: [
      { key: 'displayName', name: t.displayName, width: 260, sortable: true },
      { key: 'appId', name: t.appId, width: 300, sortable: true },
      { key: 'createdOn', name: t.createdOn, width: 140, sortable: true },
    ],
    rows: apps.map((app) => ({
      displayName: `<a href="${escapeHtml(options.appHref?.(app) ?? '#')}">${escapeHtml(app.displayName)}</a>`,
      appId: `<span>${escapeHtml(app.appId)}</span>`,
      createdOn: escapeHtml(app.createdOn),
    })),
  };
  return `<h2 class="fxs-blade-title">${escapeHtml(t.appRegistrations)}</h2>
<div class="fxs-commandbar" role="toolbar"><a href="${escapeHtml(options.newHref ?? '#')}">${escapeHtml(t.newRegistration)}</a></div>
${detailsList(grid)}`;
}

export interface SecretRow {
  description: string;
  expires: string;
  /** The first characters the portal keeps visible of an older secret. */
  hint: string;
  secretId: string;
  /** The full Value: only right after the secret was created. */
  value?: string;
}

export interface SecretsBladeOptions {
  locale?: Locale;
  /**
   * '+ New client secret' → panel → 'Add': the new row is fetched from `addUrl` (the demo's replica, POST) or, without
   * it, made from `newSecret` after `addDelayMs`.
   */
  addUrl?: string;
  appId?: string;
  newSecret?: SecretRow;
  addDelayMs?: number;
  autoAdd?: boolean;
  /** Rows render late: a shimmer first, then each ms-List page after `lateMs` (virtualised, out of view at first). */
  lateMs?: number;
  pageSize?: number;
  /** The admin just copied the new Value: a "Copied" callout by the button and the portal's toast. */
  copied?: boolean;
  demo?: boolean;
}

function secretGrid(rows: readonly SecretRow[], t: PortalText, options: SecretsBladeOptions): GridOptions {
  return {
    id: 'secrets',
    label: t.clientSecrets,
    checkbox: true,
    pageSize: options.pageSize ?? 10,
    ...(options.lateMs !== undefined ? { lateFrom: 0 } : {}),
    columns: [
      { key: 'description', name: t.description, width: 180 },
      { key: 'expires', name: t.expires, width: 110 },
      { key: 'value', name: t.value, width: 330, tooltip: t.valueTooltip },
      { key: 'secretId', name: t.secretId, width: 300 },
    ],
    rows: rows.map((row) => secretCells(row, t)),
  };
}

export function secretCells(row: SecretRow, t: PortalText): Record<string, string> {
  return {
    description: escapeHtml(row.description),
    expires: escapeHtml(row.expires),
    value: secretValueCell(row.value ?? `${row.hint}${'*'.repeat(34)}`, t.copy),
    secretId: secretValueCell(row.secretId, t.copy),
  };
}

/** The "Certificates & secrets" blade (its own document: the portal frames it from the blade host). */
export function secretsBladePage(rows: readonly SecretRow[], options: SecretsBladeOptions = {}): string {
  const locale = options.locale ?? 'en';
  const t = PORTAL_TEXT[locale];
  const grid = secretGrid(rows, t, options);
  const script = {
    addUrl: options.addUrl ?? null,
    appId: options.appId ?? null,
    addDelayMs: options.addDelayMs ?? 300,
    autoAdd: options.autoAdd === true,
    lateMs: options.lateMs ?? null,
    late: options.lateMs !== undefined ? listPages(grid) : null,
  };
  return page({
    title: t.credentials,
    lang: locale,
    dir: locale === 'he' ? 'rtl' : 'ltr',
    style: `${PORTAL_STYLE} body { margin: 8px 16px; }`,
    body: `${options.demo ? '<div style="background:#fff4ce;padding:4px;font-size:12px">Demo replica on this computer — not Azure.</div>' : ''}
<div role="tablist"><button role="tab" aria-selected="false">${escapeHtml(t.certificates)} (0)</button> <button role="tab" aria-selected="true" id="secrets-tab">${escapeHtml(t.clientSecrets)} (${rows.length})</button></div>
<p>A secret string that the application uses to prove its identity when requesting a token. Also can be referred to as application password.</p>
<button class="ms-Button" id="new-secret" type="button">${escapeHtml(t.newSecret)}</button>
<div id="panel" hidden>
  <label for="desc">${escapeHtml(t.description)}</label> <input id="desc" value="DeepSource">
  <label for="expires">${escapeHtml(t.expires)}</label> <select id="expires"><option value="180">180 days (6 months)</option><option value="365">365 days (12 months)</option><option value="730">730 days (24 months)</option></select>
  <button class="ms-Button" id="add" type="button">${escapeHtml(t.add)}</button>
</div>
<p class="note" id="once" hidden>Copy the new client secret value. You won't be able to retrieve it after you leave this page.</p>
${options.lateMs !== undefined ? '<div class="ms-Shimmer-container" aria-busy="true"></div><div class="ms-Shimmer-container" aria-busy="true"></div>' : ''}
${detailsList(grid)}
${options.newSecret ? `<template id="new-row">${newSecretRow(options.newSecret, locale)}</template>` : ''}
${options.copied ? `<div class="ms-Layer"><div class="ms-Callout" role="tooltip" style="left:600px;top:160px">${escapeHtml(t.copied)}</div></div><div class="fxs-toast" role="alert"><div class="fxs-toast-title">${escapeHtml(t.copied)}</div><div>${escapeHtml(t.copy)}: ${escapeHtml(t.value)}</div></div>` : ''}
${configBlock(script)}
<script>
(() => {
  const config = JSON.parse(document.getElementById('replica-config').textContent);
  const surface = document.getElementById('secrets-surface');
  const tab = document.getElementById('secrets-tab');
  const count = () => { tab.textContent = tab.textContent.replace(/\\(\\d+\\)/, '(' + surface.querySelectorAll('[role=row]').length + ')'); };
  // Virtualised rows: each ms-List page fills in later, as when it scrolls into view.
  if (config.late) {
    config.late.forEach((html, index) => setTimeout(() => {
      const spacer = surface.querySelector('[data-late-page="' + index + '"]');
      if (spacer) spacer.outerHTML = html;
      document.querySelectorAll('.ms-Shimmer-container').forEach((shimmer) => shimmer.remove());
    }, config.lateMs * (index + 1)));
  }
  const addRow = (html) => {
    let first = surface.querySelector('.ms-List-page');
    if (!first) { first = document.createElement('div'); first.className = 'ms-List-page'; first.setAttribute('role', 'presentation'); surface.append(first); }
    const template = document.createElement('template');
    template.innerHTML = html;
    first.prepend(template.content);
    count();
    document.getElementById('panel').hidden = true;
    document.getElementById('once').hidden = false;
  };
  document.getElementById('new-secret').addEventListener('click', () => { document.getElementById('panel').hidden = false; });
  const add = document.getElementById('add');
  const create = async () => {
    if (config.addUrl) {
      add.disabled = true;
      const body = { appId: config.appId, description: document.getElementById('desc').value, days: Number(document.getElementById('expires').value) };
      const response = await fetch(config.addUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      add.disabled = false;
      if (response.ok) addRow((await response.json()).rowHtml);
      return;
    }
    const template = document.getElementById('new-row');
    if (template) setTimeout(() => addRow(template.innerHTML), config.addDelayMs);
  };
  add.addEventListener('click', create);
  if (config.autoAdd) create();
})();
</script>`,
  });
}

/** The markup of a new secret's row, as the blade inserts it at the top of the grid (its Value shown once). */
export function newSecretRow(row: SecretRow, locale: Locale = 'en'): string {
  const t = PORTAL_TEXT[locale];
  return gridRow(secretGrid([], t, {}), secretCells(row, t), 0);
}

/** A top-level portal document around blade content: the top bar, theme, language and writing direction. */
export function portalDocument(title: string, blade: string, options: { locale?: Locale; dark?: boolean; demo?: boolean; extra?: string } = {}): string {
  const locale = options.locale ?? 'en';
  return page({
    title: `${title} - Microsoft Azure`,
    lang: locale,
    dir: locale === 'he' ? 'rtl' : 'ltr',
    style: PORTAL_STYLE,
    ...(options.dark ? { htmlClass: 'fxs-theme-dark fxs-mode-dark' } : {}),
    body: `<div class="fxs-topbar">Microsoft Azure</div>${options.demo ? '<div style="background:#fff4ce;padding:6px 16px;font-size:12px">Demo replica on this computer — not Azure.</div>' : ''}
<section class="fxs-blade" aria-label="${escapeHtml(title)}">${blade}</section>${options.extra ?? ''}`,
  });
}
