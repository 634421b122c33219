import type { FieldQuery } from '../shared/page-protocol';
import { readRange, type Candidate } from './fields';
import type { Scan } from './scan';
import type { Flat } from './tree';

/**
 * Grids and tables read by column: a label that is a column header (`role=columnheader`, a `<th>` of a header row,
 * or a cell of a row of labels) names the values in its column. Fluent's DetailsList nests cells in presentation
 * wrappers, adds a checkbox column, keys cells by `data-automation-key` (the header by `data-item-key`) and numbers
 * them by `aria-colindex`, and renders rows late (virtualised pages): all of that is followed here, and a late row is
 * read by the next scan. A label beside its value in its own row (a property grid) is read as any label is.
 */

const CELL_ROLES = new Set(['gridcell', 'cell', 'columnheader', 'rowheader']);
const GRID_ROLES = new Set(['grid', 'treegrid', 'table']);

function isCell(element: Element): boolean {
  return CELL_ROLES.has(element.getAttribute('role') ?? '') || element.tagName === 'TD' || element.tagName === 'TH';
}

function isRow(element: Element): boolean {
  return element.getAttribute('role') === 'row' || element.tagName === 'TR';
}

function isGrid(element: Element): boolean {
  return GRID_ROLES.has(element.getAttribute('role') ?? '') || element.tagName === 'TABLE';
}

function isHeaderCell(element: Element): boolean {
  return element.getAttribute('role') === 'columnheader' || element.tagName === 'TH';
}

/** The nearest composed ancestor (or self) at flat index `at` matching `test`, as a flat index; -1 if none. */
function ancestor(flat: Flat, at: number, test: (element: Element) => boolean, stop?: (element: Element) => boolean): number {
  for (let up = at; up >= 0; up = flat.parent[up]!) {
    const node = flat.nodes[up]!;
    if (node instanceof Element) {
      if (test(node)) return up;
      if (stop?.(node)) return -1;
    }
  }
  return -1;
}

/** Elements in the flat range of `outer` whose nearest `kind` ancestor is `outer` itself (no nested grids or rows). */
function ownDescendants(flat: Flat, outer: number, test: (element: Element) => boolean, container: (element: Element) => boolean): number[] {
  const found: number[] = [];
  for (let i = outer + 1; i < flat.end[outer]!; i++) {
    const node = flat.nodes[i]!;
    if (!(node instanceof Element) || !test(node)) continue;
    if (ancestor(flat, flat.parent[i]!, container) === outer) found.push(i);
  }
  return found;
}

export interface ColumnValue {
  candidate: Candidate;
  row: number;
}

export interface Column {
  /** Every row's reading of the column, in row order (masked ones included). */
  values: ColumnValue[];
  reveal: HTMLElement[];
}

/** Does the cell hold a label (of any field, or a neighbour's caption)? */
function holdsLabel(scan: Scan, cell: number): boolean {
  const end = scan.flat.end[cell]!;
  for (const at of scan.labelAt.keys()) if (at >= cell && at < end) return true;
  return false;
}

/**
 * The header cell, its row and that row's cells when `label` names a column: it is in a column header (a
 * `role=columnheader`, a `<th>` of a row of them), or in a row drawn with plain cells that holds only labels ("App ID |
 * Client Secret" above a row of values). A label beside a value in its own row (a property grid, "th | td") is not.
 */
function columnHeader(scan: Scan, label: number): { header: number; headerRow: number; headerCells: number[] } | null {
  const { flat } = scan;
  const header = ancestor(flat, label, isCell, (e) => isRow(e) || isGrid(e));
  if (header < 0) return null;
  const headerRow = ancestor(flat, header, isRow, isGrid);
  if (headerRow < 0) return null;
  const headerCells = ownDescendants(flat, headerRow, isCell, isRow);
  if (headerCells.every((c) => isHeaderCell(flat.nodes[c] as Element))) return { header, headerRow, headerCells };
  // A row of labels: every cell a label, or empty (a selection checkbox), and at least two labels.
  const labelled = headerCells.filter((c) => holdsLabel(scan, c));
  const rest = headerCells.filter((c) => !labelled.includes(c));
  if (labelled.length >= 2 && rest.every((c) => (flat.nodes[c]!.textContent ?? '').trim() === '')) return { header, headerRow, headerCells };
  return null;
}

/** Where a header cell sits, to find its cell in each row (see matchCell). */
function placeOf(flat: Flat, header: number, headerCells: readonly number[]): HeaderPlace {
  const headerElement = flat.nodes[header] as Element;
  return {
    itemKey: headerElement.getAttribute('data-item-key'),
    colIndex: Number(headerElement.getAttribute('aria-colindex')),
    position: headerCells.indexOf(header),
    headerCount: headerCells.length,
    headerMin: Math.min(...headerCells.map((c) => Number((flat.nodes[c] as Element).getAttribute('aria-colindex')) || Infinity)),
  };
}

/** The grid's data rows (not its header row, nor rows of header cells only), each with its cells. */
function dataRows(flat: Flat, grid: number, headerRow: number): { row: number; cells: number[] }[] {
  const rows: { row: number; cells: number[] }[] = [];
  for (const row of ownDescendants(flat, grid, isRow, isGrid)) {
    if (row === headerRow) continue;
    const cells = ownDescendants(flat, row, isCell, isRow);
    if (cells.length === 0 || cells.every((c) => isHeaderCell(flat.nodes[c] as Element))) continue;
    rows.push({ row, cells });
  }
  return rows;
}

/** The column header that holds `label`, with its row, its row's cells and the grid around it (null: not in one). */
function headerInGrid(scan: Scan, label: number) {
  const found = columnHeader(scan, label);
  if (!found) return null;
  const grid = ancestor(scan.flat, found.header, isGrid);
  return grid < 0 ? null : { ...found, grid };
}

/** The column a header label names, or null when the label is not a column header (a row header, a caption). */
export function readColumn(scan: Scan, field: FieldQuery, label: number): Column | null {
  const { flat } = scan;
  const found = headerInGrid(scan, label);
  if (!found) return null;
  const { header, headerRow, headerCells, grid } = found;
  const place = placeOf(flat, header, headerCells);
  const column: Column = { values: [], reveal: [] };
  for (const { row, cells } of dataRows(flat, grid, headerRow)) {
    const cell = matchCell(flat, cells, place);
    if (cell === undefined) continue;
    const reading = readRange(scan, field, cell + 1, flat.end[cell]!, null);
    column.reveal.push(...reading.reveal);
    const candidate = reading.value ?? reading.concealed ?? reading.masked;
    if (candidate) column.values.push({ candidate, row });
  }
  return column;
}

/**
 * A grid read as a table: `label` must be in a column header; every other owner is looked for among that header
 * row's cells. Each data row comes with its cell under each header found (by owner), in row order.
 */
export function gridTable(scan: Scan, label: number, owners: readonly string[]): { row: number; cells: Partial<Record<string, number>> }[] | null {
  const { flat } = scan;
  const found = headerInGrid(scan, label);
  if (!found) return null;
  const { headerRow, headerCells, grid } = found;
  const places = new Map<string, HeaderPlace>();
  for (const owner of owners) {
    const cell = headerCells.find((c) => [...scan.labelAt].some(([at, who]) => who === owner && at >= c && at < flat.end[c]!));
    if (cell !== undefined) places.set(owner, placeOf(flat, cell, headerCells));
  }
  return dataRows(flat, grid, headerRow).map(({ row, cells }) => ({ row, cells: Object.fromEntries([...places].map(([owner, place]) => [owner, matchCell(flat, cells, place)])) }));
}

interface HeaderPlace {
  itemKey: string | null;
  colIndex: number;
  position: number;
  headerCount: number;
  headerMin: number;
}

/** The row's cell under the header: by key, then by aria-colindex (allowing a 0- vs 1-based row), then by position. */
function matchCell(flat: Flat, cells: number[], place: HeaderPlace): number | undefined {
  const attr = (cell: number, name: string) => (flat.nodes[cell] as Element).getAttribute(name);
  if (place.itemKey) {
    const keyed = cells.find((c) => attr(c, 'data-automation-key') === place.itemKey);
    if (keyed !== undefined) return keyed;
  }
  if (place.colIndex > 0 && cells.some((c) => attr(c, 'aria-colindex') !== null)) {
    const exact = cells.find((c) => Number(attr(c, 'aria-colindex')) === place.colIndex);
    if (exact !== undefined) return exact;
    const rowMin = Math.min(...cells.map((c) => Number(attr(c, 'aria-colindex'))));
    if (Number.isFinite(place.headerMin) && Number.isFinite(rowMin)) {
      const shifted = cells.find((c) => Number(attr(c, 'aria-colindex')) - rowMin === place.colIndex - place.headerMin);
      if (shifted !== undefined) return shifted;
    }
    return undefined;
  }
  // Without keys or indexes: by position, aligned from the right when a row lacks the leading checkbox cell.
  if (cells.length === place.headerCount) return cells[place.position];
  const offset = place.headerCount - cells.length;
  return place.position - offset >= 0 ? cells[place.position - offset] : undefined;
}
