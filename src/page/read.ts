import type { FieldQuery } from '../shared/page-protocol';
import { emptyReading, preferOf, readInline, readRange, type Candidate, type Reading } from './fields';
import { readColumn } from './grids';
import { isReferencedLabel, labelsOf, NEVER, type Scan } from './scan';
import { namedRevealControls } from './show';
import type { Steps } from './slices';
import { isShown } from './tree';

/** Everything the page says about one field, over every place that names it. */
export interface FieldResult extends Reading {
  /** The page shows several different values for it (several apps): none is taken. */
  ambiguous: boolean;
}

const NEVER_FIELD: FieldQuery = { key: NEVER, labels: [], kind: 'text', required: false, reveal: false, maxLength: 512 };

/** Every value shown under a "never from" label (the Secret ID column, all rows): a secret is never one of them. */
export function neverValues(scan: Scan): Set<string> {
  const values = new Set<string>();
  for (const at of labelsOf(scan, NEVER)) {
    const column = readColumn(scan, NEVER_FIELD, at);
    if (column) for (const { candidate } of column.values) values.add(candidate.value);
    else {
      const reading = readRange(scan, NEVER_FIELD, scan.flat.end[at]!, scan.flat.nodes.length, at);
      if (reading.value) values.add(reading.value.value);
    }
  }
  return values;
}

function sameValue(field: FieldQuery, a: string, b: string): boolean {
  return field.kind === 'secret' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** A grid column's answer: a secret column gives its first real value (the new secret); any other must agree. */
function columnChoice(field: FieldQuery, values: Candidate[], result: FieldResult): Candidate | null {
  const real = values.filter((c) => !c.masked && !c.concealed);
  result.masked ??= values.find((c) => c.masked) ?? null;
  result.concealed ??= values.find((c) => c.concealed) ?? null;
  if (field.kind === 'secret') {
    const prefer = preferOf(field);
    return (prefer ? real.find((c) => prefer.test(c.value)) : undefined) ?? real[0] ?? null;
  }
  const distinct = real.filter((c, i) => real.findIndex((d) => sameValue(field, c.value, d.value)) === i);
  if (distinct.length > 1) result.ambiguous = true;
  return distinct.length === 1 ? distinct[0]! : null;
}

export function* readField(scan: Scan, field: FieldQuery, never: ReadonlySet<string>): Steps<FieldResult> {
  const { flat } = scan;
  const result: FieldResult = { ...emptyReading(), ambiguous: false };
  const real: Candidate[] = [];
  const fold = (reading: Reading) => {
    if (reading.value) real.push(reading.value);
    result.masked ??= reading.masked;
    result.concealed ??= reading.concealed;
    result.reveal.push(...reading.reveal);
  };
  // Inputs and text boxes named by this field's label (aria-labelledby, aria-label, <label for>, title).
  for (const { at, owner } of scan.holders) {
    if (owner !== field.key || !isShown(flat.nodes[at] as Element)) continue;
    fold(readRange(scan, field, at, flat.end[at]!, null));
  }
  // Visible labels: a column header reads its column, any other label its region.
  for (const at of labelsOf(scan, field.key)) {
    if (isReferencedLabel(scan, at)) continue;
    const inline = scan.inline.get(at);
    if (inline !== undefined) {
      const reading = readInline(field, inline);
      if (reading.value) {
        fold(reading);
        continue;
      }
    }
    const column = readColumn(scan, field, at);
    if (column) {
      result.reveal.push(...column.reveal);
      const choice = columnChoice(
        field,
        column.values.map((v) => v.candidate).filter((c) => !never.has(c.value)),
        result,
      );
      if (choice) real.push(choice);
      continue;
    }
    fold(readRange(scan, field, flat.end[at]!, flat.nodes.length, at));
  }
  // Containers and captions named by an attribute: the value inside, else after.
  for (const { at, owner } of scan.attrLabels) {
    if (owner !== field.key) continue;
    const inside = readRange(scan, field, at + 1, flat.end[at]!, null);
    fold(inside.value || inside.masked || inside.concealed ? inside : readRange(scan, field, flat.end[at]!, flat.nodes.length, at));
  }
  const kept = real.filter((c) => !never.has(c.value));
  const prefer = preferOf(field);
  const preferred = prefer && kept.some((c) => prefer.test(c.value)) ? kept.filter((c) => prefer.test(c.value)) : kept;
  const distinct = preferred.filter((c, i) => preferred.findIndex((d) => sameValue(field, c.value, d.value)) === i);
  if (distinct.length > 1) result.ambiguous = true;
  result.value = result.ambiguous ? null : (distinct[0] ?? null);
  if (result.concealed && never.has(result.concealed.value)) result.concealed = null;
  // A Show control named for this field anywhere on the page, looked for only when the value is not read yet.
  if (field.reveal && !result.value) result.reveal.unshift(...(yield* namedRevealControls(scan, field)));
  return result;
}
