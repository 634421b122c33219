import { AppError } from '../../shared/errors';
import { printable } from '../../shared/printable';

/**
 * A deliberately small POSIX ustar writer and reader: regular files in one top-level folder, nothing else.
 * The reader never touches the disk; it refuses every entry type other than files and that folder, any absolute
 * or `..` path, duplicates, bad header checksums, and archives above `maxBytes` (the caller checks the file size
 * before reading it, see `readBundleBytes`).
 */

const BLOCK = 512;

export interface TarFile {
  name: string;
  data: Buffer;
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new AppError('INTERNAL', 'A tar field is too long.', 'This is a bug in the app; report it.');
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  const text = value.toString(8).padStart(length - 1, '0');
  if (text.length > length - 1) throw new AppError('INTERNAL', 'A tar number is too large.', 'This is a bug in the app; report it.');
  writeString(header, offset, length, `${text}\0`);
}

export interface HeaderFields {
  name: string;
  size: number;
  mode: number;
  mtime: number;
  /** '0' file, '5' directory; tests write other types to check the reader refuses them. */
  type: string;
  linkName?: string;
}

export function tarHeader(fields: HeaderFields): Buffer {
  const header = Buffer.alloc(BLOCK);
  writeString(header, 0, 100, fields.name);
  writeOctal(header, 100, 8, fields.mode);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, fields.size);
  writeOctal(header, 136, 12, fields.mtime);
  header.fill(0x20, 148, 156);
  writeString(header, 156, 1, fields.type);
  writeString(header, 157, 100, fields.linkName ?? '');
  writeString(header, 257, 6, 'ustar\0');
  writeString(header, 263, 2, '00');
  writeString(header, 265, 32, 'root');
  writeString(header, 297, 32, 'root');
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** One folder `folder/` holding `files`, in the given order; owner root, files 0644, folder 0755. */
export function writeTar(folder: string, files: readonly TarFile[], mtime: Date): Buffer {
  const seconds = Math.floor(mtime.getTime() / 1000);
  const parts: Buffer[] = [tarHeader({ name: `${folder}/`, size: 0, mode: 0o755, mtime: seconds, type: '5' })];
  for (const file of files) {
    parts.push(tarHeader({ name: `${folder}/${file.name}`, size: file.data.length, mode: 0o644, mtime: seconds, type: '0' }), padded(file.data));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function refuse(detail: string): AppError {
  return new AppError('BUNDLE_INVALID', `This is not a usable bundle: ${detail}.`, 'Use the .tar file exactly as `ads-setup bundle export` wrote it; if it was copied, copy it again.');
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(block: Buffer, offset: number, length: number, what: string): number {
  const text = readString(block, offset, length).trim();
  if (!/^[0-7]{1,11}$/.test(text)) throw refuse(`a tar header has an invalid ${what}`);
  return parseInt(text, 8);
}

function describeType(type: string): string {
  switch (type) {
    case '1':
      return 'a hard link';
    case '2':
      return 'a symbolic link';
    case '3':
    case '4':
      return 'a device';
    case '6':
      return 'a FIFO';
    case 'x':
    case 'g':
      return 'a pax extended header';
    case 'L':
    case 'K':
      return 'a GNU long-name entry';
    default:
      return `an entry of type "${type}"`;
  }
}

/** A single safe path segment: no separators, no dot names, printable ASCII only. */
function safeSegment(segment: string): boolean {
  return /^[A-Za-z0-9._-]{1,100}$/.test(segment) && segment !== '.' && segment !== '..';
}

export interface ParsedTar {
  folder: string;
  files: Map<string, Buffer>;
}

/**
 * Parses an archive made by `writeTar`: exactly one folder and regular files directly inside it. `expected` lists
 * the only file names allowed; missing ones are the caller's to judge.
 */
export function readTar(archive: Buffer, options: { expected: readonly string[]; maxBytes: number }): ParsedTar {
  if (archive.length > options.maxBytes) throw tooLarge(archive.length, options.maxBytes);
  if (archive.length === 0 || archive.length % BLOCK !== 0) throw refuse('its size is not a whole number of tar blocks');
  let folder: string | undefined;
  const files = new Map<string, Buffer>();
  let offset = 0;
  let ended = false;
  while (offset < archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) {
      ended = true;
      offset += BLOCK;
      continue;
    }
    if (ended) throw refuse('there is data after the end of the archive');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    if (readOctal(block, 148, 8, 'checksum') !== sum) throw refuse('a tar header is damaged (checksum mismatch)');
    if (readString(block, 257, 6) !== 'ustar') throw refuse('it is not a ustar archive');
    const prefix = readString(block, 345, 155);
    const rawName = readString(block, 0, 100);
    const name = prefix ? `${prefix}/${rawName}` : rawName;
    const type = readString(block, 156, 1) || '0';
    const size = readOctal(block, 124, 12, 'size');
    if (type !== '0' && type !== '5') throw refuse(`"${shown(name)}" is ${describeType(type)}; a bundle holds only plain files`);
    if (name.startsWith('/')) throw refuse(`"${shown(name)}" is an absolute path`);
    const segments = name.replace(/\/$/, '').split('/');
    if (segments.some((segment) => segment === '..')) throw refuse(`"${shown(name)}" points outside the bundle folder`);
    if (!segments.every(safeSegment)) throw refuse(`"${shown(name)}" is not a plain bundle file name`);
    const dataStart = offset + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw refuse(`"${shown(name)}" is cut short`);
    if (type === '5') {
      if (segments.length !== 1 || size !== 0) throw refuse(`"${shown(name)}" is an unexpected folder`);
      if (folder !== undefined) throw refuse('it holds more than one folder');
      if (files.size > 0) throw refuse('files come before their folder');
      folder = segments[0]!;
    } else {
      if (segments.length !== 2) throw refuse(`"${shown(name)}" is not directly inside the bundle folder`);
      const [top = '', file = ''] = segments;
      if (folder === undefined) folder = top;
      if (top !== folder) throw refuse('it holds more than one folder');
      if (!options.expected.includes(file)) throw refuse(`it holds an unexpected file "${shown(file)}"`);
      if (files.has(file)) throw refuse(`"${shown(file)}" appears twice`);
      files.set(file, Buffer.from(archive.subarray(dataStart, dataEnd)));
    }
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (!ended) throw refuse('the archive has no end marker (it may be truncated)');
  if (folder === undefined) throw refuse('the archive is empty');
  return { folder, files };
}

/** Names echoed in messages come from an untrusted archive: shown inert, and short. */
const shown = (name: string): string => printable(name, { max: 80 });

export function tooLarge(size: number, maxBytes: number): AppError {
  return new AppError(
    'BUNDLE_TOO_LARGE',
    `The file is ${size} bytes; a bundle is at most ${maxBytes} bytes, so it was not read.`,
    'Check that you picked the bundle .tar written by `ads-setup bundle export`.',
  );
}
