import { ADO_STYLE, header, type AdoAppValues } from './ado';
import { configBlock, copyButton, escapeHtml, fluentIcon, page } from './html';
import { ADO_TEXT, type Locale } from './labels';

/**
 * The Azure DevOps app page in the other shapes it takes (other builds of the page, other layouts): each shows the
 * same values — App ID, App Secret, Client Secret, Authorize URL — with different markup traits.
 */

export type FullAdoAppValues = AdoAppValues & { appSecret: string; clientSecret: string };

/** A long value broken for wrapping: `<wbr>` every `size` characters, a zero-width space once. */
function withBreaks(value: string, size: number): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += size) parts.push(escapeHtml(value.slice(i, i + size)));
  return parts.join('<wbr>').replace('.', '.&#8203;');
}

/** The Authorize URL broken at each parameter, as a long-URL display does: `<wbr>` before every `&`, a soft hyphen. */
function urlWithBreaks(url: string): string {
  return url
    .split('&')
    .map((part) => escapeHtml(part))
    .join('&amp;<wbr>')
    .replace('/oauth2/', '/oauth2/<wbr>')
    .replace('visualstudio', 'visual&shy;studio');
}

/** The URL with its redirect_uri percent-encoded (as some pages print it). */
export function withEncodedRedirect(url: string): string {
  return url.replace(/redirect_uri=([^&]*)/, (_all, uri: string) => `redirect_uri=${encodeURIComponent(decodeURIComponent(uri))}`);
}

/**
 * An app page in another build of the portal: the Authorize URL is plain text broken by `<wbr>` and line breaks (no
 * link), the secrets are in the DOM but drawn concealed by `-webkit-text-security` until their "Show".
 */
export function adoAppPageWrapped(app: FullAdoAppValues, options: { locale?: Locale } = {}): string {
  const t = ADO_TEXT[options.locale ?? 'en'];
  const secret = (id: string, label: string, value: string) =>
    `<div class="bolt-card-row"><div class="k">${escapeHtml(label)}</div><div class="v"><span class="secret-text concealed" id="${id}">${withBreaks(value, 64)}</span> <button type="button" class="bolt-button secondary" data-toggle="${id}">${escapeHtml(t.show)}</button></div></div>`;
  return page({
    title: 'Application - Azure DevOps Services',
    style: `${ADO_STYLE} .concealed { -webkit-text-security: disc; } .url { font-family: Consolas, monospace; font-size: 12px; max-width: 520px; }`,
    body: `${header(false)}
<div class="bolt-page"><h1>${escapeHtml(app.appName)}</h1>
  <div class="bolt-card-row"><div class="k">${escapeHtml(t.appId)}</div><div class="v"><span class="mono">${escapeHtml(app.appId)}</span>${copyButton(t.copy)}</div></div>
  ${secret('app-secret', t.appSecret, app.appSecret)}
  ${secret('client-secret', t.clientSecret, app.clientSecret)}
  <div class="bolt-card-row"><div class="k">${escapeHtml(t.authorizeUrl)}</div><div class="v"><div class="url">${urlWithBreaks(app.authorizeUrl)}</div>${copyButton(t.copy)}</div></div>
  <div class="bolt-card-row"><div class="k">${escapeHtml(t.tokenUrl)}</div><div class="v"><div class="url" style="white-space:pre-line">
        ${escapeHtml(app.tokenUrl)}
      </div></div></div>
  <div class="bolt-card-row"><div class="k">${escapeHtml(t.callbackUrl)}</div><div class="v"><span>${escapeHtml(app.callback)}</span></div></div>
</div>
<script>
  for (const button of document.querySelectorAll('[data-toggle]')) {
    button.addEventListener('click', () => {
      const target = document.getElementById(button.dataset.toggle);
      const hidden = target.classList.toggle('concealed');
      button.textContent = hidden ? ${JSON.stringify(t.show)} : ${JSON.stringify(t.hide)};
    });
  }
</script>`,
  });
}

/**
 * A localised app page with untidy labels: extra spaces, non-breaking spaces and tabs, upper-cased by CSS; inputs
 * labelled by aria-labelledby whose values are set as `.value` from a JSON data island (no value attribute); icon-only
 * Show buttons named by aria-label/title; an info glyph beside a label and, next to the App ID label, a visually
 * hidden tooltip holding a decoy GUID.
 */
export function adoAppPageUntidy(app: FullAdoAppValues, options: { locale?: Locale; decoyId?: string } = {}): string {
  const t = ADO_TEXT[options.locale ?? 'de'];
  const untidy = (label: string) => `\n\t  ${escapeHtml(label).replace(/ /g, '\u00a0 ')}\u00a0:\t `;
  const eye = (label: string, target: string) =>
    `<button type="button" class="ms-Button ms-Button--icon" aria-label="${escapeHtml(`${label} ${t.show.toLowerCase()}`)}" title="${escapeHtml(t.show)}" data-reveal="${target}">${fluentIcon('View', 0xe890)}</button>`;
  const secretField = (id: string, label: string) =>
    `<div class="field"><div class="field-label" id="${id}-label">${untidy(label)}<span class="info">ⓘ</span></div><div class="field-value"><input type="password" id="${id}" class="bolt-textfield-input" readonly aria-labelledby="${id}-label">${eye(label, id)}</div></div>`;
  return page({
    title: 'Anwendung – Azure DevOps Services',
    lang: options.locale ?? 'de',
    style: `${ADO_STYLE}
  .field { display: grid; grid-template-columns: 240px 1fr; gap: 8px; padding: 8px 0; border-bottom: 1px solid #edebe9; }
  .field-label { text-transform: uppercase; letter-spacing: .04em; font-size: 12px; font-weight: 600; white-space: pre; }
  .field-value input { font-family: Consolas, monospace; width: 360px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; }`,
    body: `${header(false)}
<div class="bolt-page"><h1>${escapeHtml(app.appName)}</h1>
  <div class="field"><div class="field-label">${untidy(t.appId)}</div><span class="visually-hidden">${escapeHtml(options.decoyId ?? '00000000-1111-4222-8333-444444444444')}</span><div class="field-value"><span class="mono">${escapeHtml(app.appId)}</span>${copyButton(t.copy)}</div></div>
  ${secretField('app-secret', t.appSecret)}
  ${secretField('client-secret', t.clientSecret)}
  <div class="field"><div class="field-label" id="authorize-label">${untidy(t.authorizeUrl)}</div><div class="field-value"><input type="text" id="authorize" readonly aria-labelledby="authorize-label"></div></div>
  <div class="field"><div class="field-label" id="token-label">${untidy(t.tokenUrl)}</div><div class="field-value"><input type="text" id="token" readonly aria-labelledby="token-label"></div></div>
</div>
${configBlock({ 'app-secret': app.appSecret, 'client-secret': app.clientSecret, authorize: app.authorizeUrl, token: app.tokenUrl }, 'app-data')}
<script>
  const data = JSON.parse(document.getElementById('app-data').textContent);
  for (const [id, value] of Object.entries(data)) document.getElementById(id).value = value;
  for (const button of document.querySelectorAll('[data-reveal]')) {
    button.addEventListener('click', () => {
      const input = document.getElementById(button.dataset.reveal);
      input.type = input.type === 'password' ? 'text' : 'password';
    });
  }
</script>`,
  });
}

/** A server-rendered details table: `<th>` labels with colons and odd case, secrets in password inputs ("Show", "Reveal"). */
export function adoAppPageTable(app: FullAdoAppValues): string {
  const secret = (label: string, value: string, button: string) =>
    `<tr><th>${label}</th><td><input type="password" value="${escapeHtml(value)}" readonly> <button type="button" onclick="this.previousElementSibling.type = this.previousElementSibling.type === 'password' ? 'text' : 'password'">${button}</button></td></tr>`;
  return page({
    title: 'Application details',
    style: 'body{font-family:sans-serif}th{text-align:left;padding:6px 12px 6px 0;vertical-align:top}td{padding:6px 0}',
    body: `<h2>${escapeHtml(app.appName)}</h2>
<table>
  <tr><th>Application  id:</th><td><code>${escapeHtml(app.appId)}</code></td></tr>
  ${secret('APP SECRET:', app.appSecret, 'Show')}
  ${secret('Client secret:', app.clientSecret, 'Reveal')}
  <tr><th>Authorize URL:</th><td><input type="text" readonly value="${escapeHtml(app.authorizeUrl)}" size="80"></td></tr>
  <tr><th>Access token URL:</th><td>${escapeHtml(app.tokenUrl)}</td></tr>
</table>`,
  });
}

/**
 * A definition list: `<dt>`/`<dd>` pairs, an info button whose aria-describedby tooltip (visible) holds an example
 * GUID, the secret in a read-only input revealed by a "Show secret" checkbox, the Authorize URL in a read-only
 * textarea with its redirect_uri percent-encoded.
 */
export function adoAppPageDefinitions(app: FullAdoAppValues): string {
  return page({
    title: 'My application',
    style: `${ADO_STYLE} dl { display: grid; grid-template-columns: 200px 1fr; gap: 8px 16px; } dt { font-weight: 600; } .callout { display: block; background: #323130; color: #fff; font-size: 11px; padding: 4px 6px; width: max-content; } textarea { width: 520px; font-family: Consolas, monospace; }`,
    body: `${header(false)}
<div class="bolt-page"><h1>${escapeHtml(app.appName)}</h1>
<dl>
  <dt>App ID <button type="button" class="ms-Button" aria-label="More information" aria-describedby="app-id-tip">ⓘ</button><span id="app-id-tip" class="callout">Example: 11111111-2222-4333-8444-555555555555</span></dt>
  <dd><span>${escapeHtml(app.appId)}</span></dd>
  <dt>App Secret</dt>
  <dd><input type="password" readonly value="${escapeHtml(app.appSecret)}"></dd>
  <dt>Client Secret</dt>
  <dd><input type="password" id="client-secret" readonly value="${escapeHtml(app.clientSecret)}"> <label><input type="checkbox" onchange="document.getElementById('client-secret').type = this.checked ? 'text' : 'password'"> Show secret</label></dd>
  <dt>Authorize URL</dt>
  <dd><textarea readonly rows="3">${escapeHtml(withEncodedRedirect(app.authorizeUrl))}</textarea></dd>
  <dt>Access token URL</dt>
  <dd>${escapeHtml(app.tokenUrl)}</dd>
</dl></div>`,
  });
}

/** A profile page listing several apps with their values: a page about more than one app. */
export function adoAppsOverviewPage(apps: readonly FullAdoAppValues[]): string {
  const t = ADO_TEXT.en;
  const card = (app: (typeof apps)[number]) => `<section class="app-card" aria-label="${escapeHtml(app.appName)}"><h2>${escapeHtml(app.appName)}</h2>
  <div class="bolt-card-row"><div class="k">${t.appId}</div><div class="v"><span>${escapeHtml(app.appId)}</span></div></div>
  <div class="bolt-card-row"><div class="k">${t.clientSecret}</div><div class="v"><span class="secret-text">${escapeHtml(app.clientSecret)}</span></div></div>
  <div class="bolt-card-row"><div class="k">${t.authorizeUrl}</div><div class="v"><a class="truncate" href="${escapeHtml(app.authorizeUrl)}">${escapeHtml(app.authorizeUrl)}</a></div></div></section>`;
  return page({ title: 'Applications and services - Azure DevOps Services', style: ADO_STYLE, body: `${header(false)}<div class="bolt-page"><h1>Applications and services</h1>${apps.map(card).join('\n')}</div>` });
}


export interface GridPageOptions {
  locale?: Locale;
  /** The label cell's role: a row header (the ARIA pattern for a property grid) or a plain grid cell. */
  labelCell?: 'rowheader' | 'gridcell';
  /** A header row naming the columns (its names are no labels: "Property", "Value"). */
  header?: readonly string[];
  /**
   * Where a secret's Show control sits: in the value cell after the masked value (default), in the label cell
   * before it (an eye icon beside the caption), or in a third "actions" cell after it.
   */
  show?: 'value' | 'label' | 'actions';
  /** The Authorize URL: a link whose text is cut (default), or cut text beside an icon-only "open" link. */
  link?: 'cut' | 'icon';
}

/**
 * The app page as a property grid: `role=grid` rows of a label cell and a value cell (keyboard-navigable, cells
 * numbered by aria-colindex), the App ID as text with a copy button, each secret masked until its own Show (the
 * value arrives a moment later), and the Authorize URL cut (no ellipsis character: the CSS draws it), whole only in a
 * link's `href`.
 */
export function adoAppPageGrid(app: FullAdoAppValues, options: GridPageOptions = {}): string {
  const t = ADO_TEXT[options.locale ?? 'en'];
  const labelRole = options.labelCell ?? 'rowheader';
  let rowIndex = options.header ? 1 : 0;
  const show = options.show ?? 'value';
  const cell = (index: number, content: string) => `<div role="gridcell" aria-colindex="${index}" class="bolt-table-cell"><div class="bolt-table-cell-content flex-row">${content}</div></div>`;
  const row = (label: string, value: string, reveal = '') =>
    `<div role="row" aria-rowindex="${++rowIndex}" tabindex="-1" class="bolt-table-row"><div role="${labelRole}" aria-colindex="1" class="bolt-table-cell bolt-table-cell-label"><span class="bolt-table-cell-content">${escapeHtml(label)}</span>${show === 'label' ? reveal : ''}</div>${cell(2, `${value}${show === 'value' ? reveal : ''}`)}${show === 'actions' ? cell(3, reveal) : ''}</div>`;
  const masked = (id: string) => `<span class="secret-text" id="${id}">••••••••••••••••</span>`;
  const eye = (id: string) =>
    show === 'value'
      ? `<button type="button" class="bolt-button secondary" data-reveal="${id}">${escapeHtml(t.show)}</button>`
      : `<button type="button" class="ms-Button ms-Button--icon" aria-label="${escapeHtml(t.show)}" title="${escapeHtml(t.show)}" data-reveal="${id}">${fluentIcon('RedEye', 0xe7b3)}</button>`;
  const cut = escapeHtml(app.authorizeUrl.slice(0, 56));
  const authorize =
    options.link === 'icon'
      ? `<span class="cut">${cut}</span><a href="${escapeHtml(app.authorizeUrl)}" target="_blank" title="${escapeHtml(t.open)}" aria-label="${escapeHtml(t.open)}">${fluentIcon('OpenInNewWindow', 0xe8a7)}</a>`
      : `<a class="cut" href="${escapeHtml(app.authorizeUrl)}" target="_blank">${cut}</a>`;
  const headerRow = options.header
    ? `<div role="rowgroup" class="bolt-table-header"><div role="row" aria-rowindex="1">${options.header.map((name, i) => `<div role="columnheader" aria-colindex="${i + 1}" class="bolt-table-header-cell">${escapeHtml(name)}</div>`).join('')}</div></div>`
    : '';
  return page({
    title: `${app.appName} - Azure DevOps Services`,
    lang: options.locale ?? 'en',
    ...(options.locale === 'he' ? { dir: 'rtl' as const } : {}),
    style: `${ADO_STYLE} .bolt-table { display: table; width: 100%; } .bolt-table-row, .bolt-table-header > [role=row] { display: table-row; }
  .bolt-table-cell, .bolt-table-header-cell { display: table-cell; padding: 8px; border-bottom: 1px solid #edebe9; vertical-align: middle; }
  .bolt-table-cell-label { font-weight: 600; width: 220px; } .flex-row { display: flex; gap: 6px; align-items: center; }
  .cut { display: inline-block; max-width: 360px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }`,
    body: `${header(false)}
<div class="bolt-page"><h1>${escapeHtml(app.appName)}</h1>
<div role="grid" class="bolt-table" aria-label="${escapeHtml(app.appName)}" aria-readonly="true" aria-colcount="${show === 'actions' ? 3 : 2}" aria-rowcount="${6 + (options.header ? 1 : 0)}">${headerRow}<div role="rowgroup">
  ${row(t.appId, `<span class="mono">${escapeHtml(app.appId)}</span>${copyButton(t.copy)}`)}
  ${row(t.appSecret, masked('app-secret'), eye('app-secret'))}
  ${row(t.clientSecret, masked('client-secret'), eye('client-secret'))}
  ${row(t.authorizeUrl, `${authorize}${copyButton(t.copy)}`)}
  ${row(t.tokenUrl, `<span>${escapeHtml(app.tokenUrl)}</span>`)}
  ${row(t.callbackUrl, `<span>${escapeHtml(app.callback)}</span>`)}
</div></div></div>
${configBlock({ 'app-secret': app.appSecret, 'client-secret': app.clientSecret, hide: t.hide })}
<script>
  const config = JSON.parse(document.getElementById('replica-config').textContent);
  for (const button of document.querySelectorAll('[data-reveal]')) {
    button.addEventListener('click', () => {
      const holder = document.getElementById(button.dataset.reveal);
      if (!button.querySelector('i')) button.textContent = config.hide;
      button.setAttribute('aria-pressed', 'true');
      setTimeout(() => { holder.textContent = config[button.dataset.reveal]; }, 150);
    });
  }
</script>`,
  });
}

/**
 * The app's values across one `role=grid` row of plain cells, under a row of their captions (also plain grid cells,
 * no column headers): App ID, Client Secret (shown), Authorize URL (a link whose text is cut).
 */
export function adoAppPageGridColumns(app: FullAdoAppValues, options: { locale?: Locale } = {}): string {
  const t = ADO_TEXT[options.locale ?? 'en'];
  const cells = (list: readonly string[], index: number) =>
    `<div role="row" aria-rowindex="${index}">${list.map((content, i) => `<div role="gridcell" aria-colindex="${i + 1}" class="bolt-table-cell">${content}</div>`).join('')}</div>`;
  return page({
    title: `${app.appName} - Azure DevOps Services`,
    lang: options.locale ?? 'en',
    style: `${ADO_STYLE} .bolt-table { display: grid; grid-template-columns: 320px 1fr 260px; gap: 4px 12px; } [role=row] { display: contents; }
  .bolt-table-cell { min-width: 0; overflow: hidden; } .caption { font-weight: 600; } .cut { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }`,
    body: `${header(false)}
<div class="bolt-page"><h1>${escapeHtml(app.appName)}</h1>
<div role="grid" class="bolt-table" aria-label="${escapeHtml(app.appName)}" aria-readonly="true" aria-rowcount="2" aria-colcount="3">
  ${cells([t.appId, t.clientSecret, t.authorizeUrl].map((c) => `<span class="caption">${escapeHtml(c)}</span>`), 1)}
  ${cells([`<span class="mono">${escapeHtml(app.appId)}</span>`, `<span class="secret-text">${escapeHtml(app.clientSecret)}</span>`, `<a class="cut" href="${escapeHtml(app.authorizeUrl)}">${escapeHtml(app.authorizeUrl.slice(0, 40))}</a>`], 2)}
</div></div>`,
  });
}
