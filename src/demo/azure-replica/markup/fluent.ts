import { copyButton, escapeHtml, fluentIcon } from './html';

/**
 * Fluent UI markup as the Azure portal renders it: the DetailsList grid and the Essentials panel in its three live
 * shapes. Cell contents are HTML the caller built (escaped values).
 */

export interface GridColumn {
  key: string;
  name: string;
  width: number;
  /** Clickable header (sorting): the title is a role=button span, as Fluent renders it. */
  sortable?: boolean;
  /** An info icon with a tooltip after the name (the Value column's "shown only after creation"). */
  tooltip?: string;
}

export interface GridOptions {
  id: string;
  label: string;
  columns: readonly GridColumn[];
  /** Each row: column key → cell HTML. */
  rows: readonly Record<string, string>[];
  /** A leading selection-checkbox column (shifts every aria-colindex by one). */
  checkbox?: boolean;
  /** Rows rendered per ms-List page (virtualised lists render pages as they come into view). */
  pageSize?: number;
  /** Pages after the first are left empty (spacer only), to be filled by the page's own script later. */
  lateFrom?: number;
}

function checkCell(header: boolean, colindex: number): string {
  const inner = `<div role="checkbox" aria-checked="false" aria-label="${header ? 'Toggle selection for all items' : 'Select row'}" data-is-focusable="true" data-selection-toggle="true" class="ms-DetailsRow-check ms-Check-checkHost root-131"><div class="ms-Check root-133">${fluentIcon('CircleRing', 0xea3a)}${fluentIcon('StatusCircleCheckmark', 0xf13e)}</div></div>`;
  return header
    ? `<div role="columnheader" aria-colindex="${colindex}" class="ms-DetailsHeader-cellIsCheck cellIsCheck-120" data-automationid="DetailsHeaderCellCheck">${inner}</div>`
    : `<div role="gridcell" aria-colindex="${colindex}" class="ms-DetailsRow-cellCheck cellCheck-140" data-automationid="DetailsRowCheck">${inner}</div>`;
}

function headerCell(grid: string, column: GridColumn, colindex: number): string {
  const nameId = `${grid}-${column.key}-name`;
  const tooltip = column.tooltip
    ? ` <span class="ms-TooltipHost root-150" role="none"><span id="${grid}-${column.key}-tip" hidden>${escapeHtml(column.tooltip)}</span><i data-icon-name="Info" aria-hidden="true" class="ms-Icon" title="${escapeHtml(column.tooltip)}">${String.fromCodePoint(0xe946)}</i></span>`
    : '';
  return `<div role="columnheader" aria-colindex="${colindex}" aria-sort="none" class="ms-DetailsHeader-cell cell-121" data-is-draggable="false" draggable="false" data-automationid="ColumnsHeaderColumn" data-item-key="${escapeHtml(column.key)}" style="width:${column.width}px"><span id="${grid}-${column.key}" aria-labelledby="${nameId}" class="ms-DetailsHeader-cellTitle cellTitle-122" data-is-focusable="${column.sortable ? 'true' : 'false'}"${column.sortable ? ' role="button"' : ''}><span id="${nameId}" class="ms-DetailsHeader-cellName cellName-123">${escapeHtml(column.name)}</span>${tooltip}</span></div>`;
}

/** One DetailsRow: the check cell, then the fields wrapper (role=presentation) holding the gridcells. */
export function gridRow(options: Pick<GridOptions, 'columns' | 'checkbox'>, row: Record<string, string>, index: number): string {
  const offset = options.checkbox ? 1 : 0;
  const cells = options.columns
    .map((column, i) => `<div role="gridcell" aria-colindex="${i + 1 + offset}" class="ms-DetailsRow-cell cell-141" data-automationid="DetailsRowCell" data-automation-key="${escapeHtml(column.key)}" style="width:${column.width}px">${row[column.key] ?? ''}</div>`)
    .join('');
  return `<div class="ms-List-cell" data-list-index="${index}" data-automationid="ListCell"><div role="row" aria-rowindex="${index + 2}" class="ms-FocusZone ms-DetailsRow root-139" data-is-focusable="true" data-selection-index="${index}" data-item-index="${index}" aria-selected="false" data-automationid="DetailsRow">${options.checkbox ? checkCell(false, 1) : ''}<div class="ms-DetailsRow-fields fields-142" data-automationid="DetailsRowFields" role="presentation">${cells}</div></div></div>`;
}

/** An ms-List page: rendered rows, or (virtualised, not yet in view) an empty spacer of the same height. */
export function listPage(options: Pick<GridOptions, 'columns' | 'checkbox'>, pageIndex: number, rows: readonly Record<string, string>[], first: number, late = false): string {
  const content = late ? '' : rows.map((row, i) => gridRow(options, row, first + i)).join('');
  return `<div class="ms-List-page" role="presentation" data-page-key="page-${pageIndex}"${late ? ` data-late-page="${pageIndex}" style="height:${rows.length * 43}px"` : ''}>${content}</div>`;
}

/** The grid's rows as ms-List pages of `pageSize` rows; `late(index)` leaves a page as an empty spacer. */
export function listPages(options: GridOptions, late: (index: number) => boolean = () => false): string[] {
  const size = options.pageSize ?? 10;
  const pages: string[] = [];
  for (let start = 0, index = 0; start < options.rows.length; start += size, index++) pages.push(listPage(options, index, options.rows.slice(start, start + size), start, late(index)));
  return pages;
}

export function detailsList(options: GridOptions): string {
  const offset = options.checkbox ? 1 : 0;
  const header = `${options.checkbox ? checkCell(true, 1) : ''}${options.columns.map((column, i) => headerCell(options.id, column, i + 1 + offset)).join('')}`;
  const pages = listPages(options, (index) => options.lateFrom !== undefined && index >= options.lateFrom);
  return `<div class="ms-DetailsList is-horizontalConstrained root-117" data-automationid="DetailsList" data-is-scrollable="false"><div role="grid" aria-label="${escapeHtml(options.label)}" aria-rowcount="${options.rows.length + 1}" aria-colcount="${options.columns.length + offset}" class="ms-FocusZone css-118" data-focuszone-id="FocusZone${options.id}"><div role="presentation" class="ms-DetailsList-headerWrapper"><div role="row" aria-rowindex="1" class="ms-FocusZone ms-DetailsHeader root-119" data-automationid="DetailsHeader">${header}</div></div><div role="presentation" class="ms-DetailsList-contentWrapper"><div class="ms-SelectionZone" role="presentation"><div class="ms-FocusZone" role="presentation"><div role="presentation" class="ms-List root-124"><div role="presentation" class="ms-List-surface" id="${options.id}-surface">${pages.join('')}</div></div></div></div></div></div></div>`;
}

/** A secret's Value cell: the value (or its masked form) and a copy button. */
export function secretValueCell(value: string, copy = 'Copy to clipboard'): string {
  return `<div class="valueCell-161"><span class="secretValue-162" title="${escapeHtml(value)}">${escapeHtml(value)}</span>${copyButton(copy)}</div>`;
}

export interface EssentialsItem {
  label: string;
  /** Escaped HTML of the value (text, a link, a copyable id). */
  value: string;
}

/**
 * The classic (Knockout) Essentials panel: label container, an aria-hidden ":" separator, the value wrapper whose
 * value is labelled by the label (aria-labelledby) and holds a copyable text with its copy button.
 */
export function essentialsLegacy(items: readonly EssentialsItem[], label: string, idPrefix = 'ess'): string {
  const half = Math.ceil(items.length / 2);
  const column = (list: readonly EssentialsItem[], offset: number) =>
    `<div class="fxc-essentials-column">${list
      .map((item, i) => {
        const id = `${idPrefix}-label-${offset + i}`;
        return `<div class="fxc-essentials-item"><div class="fxc-essentials-label-container"><label class="fxc-essentials-label" id="${id}" title="${escapeHtml(item.label)}">${escapeHtml(item.label)}</label><div class="fxc-essentials-label-separator" aria-hidden="true">:</div></div><div class="fxc-essentials-value-wrapper"><div class="fxc-essentials-value fxs-portal-text" aria-labelledby="${id}">${item.value}</div></div></div>`;
      })
      .join('')}</div>`;
  return `<div class="fxc-essentials fxc-essentials-columns" role="group" aria-label="${escapeHtml(label)}"><div class="fxc-essentials-header"><button type="button" class="fxc-essentials-expander" aria-expanded="true">${escapeHtml(label)}</button></div><div class="fxc-essentials-content">${column(items.slice(0, half), 0)}${column(items.slice(half), half)}</div></div>`;
}

/** A copyable id in the classic panel: the text and a copy button (the portal's CopyableLabel). */
export function copyableText(value: string, copy = 'Copy to clipboard'): string {
  return `<div class="fxc-copyable-text azc-copyableLabel"><span class="fxc-copyable-text-value msportalfx-text-primary">${escapeHtml(value)}</span>${copyButton(copy)}</div>`;
}

/**
 * The React Essentials panel (portal redesign): generated class names with a per-render suffix, the value with a
 * hidden second copy for assistive technology, its full text in `title`, and an icon-font copy button.
 */
export function essentialsReact(items: readonly EssentialsItem[], label: string, seed = 400): string {
  return `<section class="essentials-${seed}" aria-label="${escapeHtml(label)}"><h2 class="essentialsTitle-${seed + 1}">${escapeHtml(label)}</h2><div class="essentialsGrid-${seed + 2}">${items
    .map((item, i) => {
      const n = seed + 10 + i * 3;
      return `<div class="essentialsItem-${n}"><div class="essentialsLabel-${n + 1}">${escapeHtml(item.label)}</div><div class="essentialsValue-${n + 2}">${item.value}</div></div>`;
    })
    .join('')}</div></section>`;
}

/** A value in the React panel: visible text (full value in title), its hidden twin and a copy glyph button. */
export function reactValue(value: string, copy = 'Copy to clipboard'): string {
  return `<span class="valueText-501" title="${escapeHtml(value)}">${escapeHtml(value)}</span><span hidden>${escapeHtml(value)}</span><button type="button" class="ms-Button ms-Button--icon copy-502" aria-label="${escapeHtml(copy)}">${fluentIcon('Copy', 0xe8c8)}</button>`;
}

/** Fluent PropertyField pairs: a label element with a React useId() id, the value labelled by it (not siblings). */
export function propertyFields(items: readonly EssentialsItem[], label: string): string {
  const labels = items.map((item, i) => `<div class="propertyLabel-601" id="PropertyField${i + 3}fui-r${(i + 10).toString(36)}-label">${escapeHtml(item.label)}</div>`);
  const values = items.map((item, i) => `<div class="propertyValue-602" aria-labelledby="PropertyField${i + 3}fui-r${(i + 10).toString(36)}-label">${item.value}</div>`);
  // Labels in one column, values in the other: reading order alone does not pair them.
  return `<div class="fui-Accordion" role="region" aria-label="${escapeHtml(label)}"><div class="propertyGrid-600" style="display:grid;grid-template-columns:260px 1fr;grid-auto-flow:column;grid-template-rows:repeat(${items.length},auto)">${labels.join('')}${values.join('')}</div></div>`;
}
