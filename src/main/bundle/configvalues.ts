import { AppError } from '../../shared/errors';

/**
 * KOTS ConfigValues (kots.io/v1beta1) as `kubectl kots set config --config-file` reads it. Written in one fixed
 * block layout where every scalar is a double-quoted string with everything outside printable ASCII escaped, so
 * no value can change the document's structure whatever it contains. The reader accepts exactly that layout.
 */

export type ConfigValueField = 'value' | 'valuePlaintext';

export interface ConfigValuesDoc {
  name: string;
  values: Array<{ item: string; field: ConfigValueField; value: string }>;
}

/** A YAML double-quoted scalar: JSON escapes plus \u/\U for everything that is not printable ASCII. */
export function quoteYaml(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

function unquoteYaml(quoted: string): string | null {
  if (!/^"(?:[\x20-\x21\x23-\x5b\x5d-\x7e]|\\["\\]|\\u[0-9a-f]{4}|\\U[0-9a-f]{8})*"$/.test(quoted)) return null;
  return quoted.slice(1, -1).replace(/\\(["\\]|u[0-9a-f]{4}|U[0-9a-f]{8})/g, (_match, escape: string) =>
    escape.length === 1 ? escape : String.fromCodePoint(parseInt(escape.slice(1), 16)),
  );
}

export function writeConfigValues(doc: ConfigValuesDoc): string {
  const lines = ['apiVersion: kots.io/v1beta1', 'kind: ConfigValues', 'metadata:', `  name: ${quoteYaml(doc.name)}`, 'spec:', '  values:'];
  for (const { item, field, value } of doc.values) lines.push(`    ${quoteYaml(item)}:`, `      ${field}: ${quoteYaml(value)}`);
  return `${lines.join('\n')}\n`;
}

function malformed(file: string, detail: string): AppError {
  return new AppError('BUNDLE_INVALID', `${file} is not a ConfigValues file this app wrote: ${detail}.`, 'Export a new bundle.');
}

export function parseConfigValues(text: string, file: string): ConfigValuesDoc {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw malformed(file, 'it does not end with a line break');
  const head = ['apiVersion: kots.io/v1beta1', 'kind: ConfigValues', 'metadata:'];
  for (let i = 0; i < head.length; i++) if (lines[i] !== head[i]) throw malformed(file, `line ${i + 1} should be "${head[i]}"`);
  const nameMatch = /^ {2}name: (.*)$/.exec(lines[3] ?? '');
  const name = nameMatch ? unquoteYaml(nameMatch[1]!) : null;
  if (name === null) throw malformed(file, 'metadata.name is missing');
  if (lines[4] !== 'spec:' || lines[5] !== '  values:') throw malformed(file, 'spec.values is missing');
  const values: ConfigValuesDoc['values'] = [];
  const seen = new Set<string>();
  for (let i = 6; i < lines.length; i += 2) {
    const keyMatch = /^ {4}(".*"):$/.exec(lines[i] ?? '');
    const valueMatch = /^ {6}(value|valuePlaintext): (".*")$/.exec(lines[i + 1] ?? '');
    const item = keyMatch ? unquoteYaml(keyMatch[1]!) : null;
    const value = valueMatch ? unquoteYaml(valueMatch[2]!) : null;
    if (item === null || value === null || !valueMatch) throw malformed(file, `line ${i + 1} is not an item`);
    if (seen.has(item)) throw malformed(file, `item "${item}" appears twice`);
    seen.add(item);
    values.push({ item, field: valueMatch[1] as ConfigValueField, value });
  }
  return { name, values };
}
