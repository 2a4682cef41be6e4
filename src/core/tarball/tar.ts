/**
 * A minimal tar codec over bytes in memory. The writer emits POSIX ustar (regular files only), with a
 * PAX `path` record when a name does not fit the ustar name and prefix fields. The reader accepts
 * ustar, GNU long names (`L`, `K`) and PAX headers (`x`, `g`), which covers what npm, GNU tar, bsdtar
 * and node-tar write. It reports every entry type and leaves the safety policy to `unpack.ts`.
 */
import { RegistryError } from '../errors.js';

export const BLOCK_SIZE = 512;

const NAME_LENGTH = 100;
const PREFIX_LENGTH = 155;
// 11 octal digits: the largest size, mode or mtime a ustar numeric field holds.
const MAX_OCTAL_11 = 0o77777777777;

/** What an entry is; `unsupported` covers GNU sparse files, volume labels and other exotic types. */
export type TarEntryType =
  | 'file'
  | 'directory'
  | 'symlink'
  | 'hardlink'
  | 'character-device'
  | 'block-device'
  | 'fifo'
  | 'unsupported';

/** One entry of an archive as read, after any PAX or GNU long-name headers have been applied. */
export interface TarEntry {
  /** The name, decoded leniently (invalid UTF-8 becomes U+FFFD): for messages and lookups. */
  path: string;
  /** The name's bytes as stored, so a caller can insist on valid UTF-8. */
  rawPath: Uint8Array;
  type: TarEntryType;
  /** The raw type flag (`'0'`, `'5'`, `'S'`…), for diagnostics of `unsupported` entries. */
  typeflag: string;
  size: number;
  mode: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  /** Target of a symlink or hard link; empty for other entries. */
  linkname: string;
  /** The entry's content: a view into the archive, not a copy. */
  data: Uint8Array;
}

/** One regular file to write. */
export interface TarWriteEntry {
  path: string;
  data: Uint8Array;
}

export interface TarWriteOptions {
  /** Permission bits of every file. Default 0o644. */
  mode?: number;
  /** Modification time of every file, seconds since the epoch. Default 0. */
  mtime?: number;
}

const encoder = new TextEncoder();
const USTAR_MAGIC = [...encoder.encode('ustar\u0000')];
const lenientDecoder = new TextDecoder('utf-8', { fatal: false });

function invalid(message: string, details?: Record<string, unknown>): RegistryError {
  return new RegistryError('TARBALL_INVALID', `Malformed tar archive: ${message}`, { details });
}

// ---------------------------------------------------------------------------------------------------
// Writer

/**
 * Writes regular files as a ustar archive, in the order given, ending with the two zero blocks.
 * Owner is uid/gid 0 with empty user and group names, so the output depends only on the input.
 */
export function writeTar(entries: Iterable<TarWriteEntry>, options: TarWriteOptions = {}): Uint8Array {
  const mode = options.mode ?? 0o644;
  const mtime = options.mtime ?? 0;
  const chunks: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.data.length > MAX_OCTAL_11) {
      throw new RegistryError('PAYLOAD_TOO_LARGE', `${entry.path} is too large for a tar entry`);
    }
    const pathBytes = encoder.encode(entry.path);
    let split = splitUstarName(pathBytes);
    if (!split) {
      // Neither field pair holds the name: a PAX header carries it, and the ustar name is a stand-in
      // that readers without PAX support still extract somewhere harmless.
      const pax = paxRecord('path', pathBytes);
      chunks.push(
        header({ name: encoder.encode('PaxHeader'), mode, mtime, size: pax.length, typeflag: 'x' }),
      );
      chunks.push(pax, padding(pax.length));
      split = { name: truncateUtf8(pathBytes, NAME_LENGTH), prefix: new Uint8Array(0) };
    }
    chunks.push(header({ ...split, mode, mtime, size: entry.data.length, typeflag: '0' }));
    chunks.push(entry.data, padding(entry.data.length));
  }
  chunks.push(new Uint8Array(BLOCK_SIZE * 2));
  return concat(chunks);
}

interface HeaderFields {
  name: Uint8Array;
  prefix?: Uint8Array;
  mode: number;
  mtime: number;
  size: number;
  typeflag: string;
}

function header(fields: HeaderFields): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  block.set(fields.name, 0);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block[156] = fields.typeflag.charCodeAt(0);
  block.set(USTAR_MAGIC, 257);
  block.set(encoder.encode('00'), 263);
  // uname and gname stay empty: no machine's account names leak into the archive.
  writeOctal(block, 329, 8, 0); // devmajor
  writeOctal(block, 337, 8, 0); // devminor
  if (fields.prefix) block.set(fields.prefix, 345);
  const sum = checksum(block);
  writeOctal(block, 148, 7, sum);
  block[155] = 0x20; // the conventional "NUL, space" terminator of the checksum field
  return block;
}

/** Zero-padded octal digits filling the field but its last byte, which stays NUL. */
function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new RangeError(`${value} does not fit a ${length}-byte tar field`);
  block.set(encoder.encode(digits), offset);
}

/** Splits a name over the ustar `prefix` and `name` fields, or undefined when it cannot fit. */
function splitUstarName(path: Uint8Array): { name: Uint8Array; prefix: Uint8Array } | undefined {
  if (path.length <= NAME_LENGTH) return { name: path, prefix: new Uint8Array(0) };
  // The split happens at a slash that is dropped: name gets the longest tail that fits.
  for (
    let slash = path.length - NAME_LENGTH - 1;
    slash <= PREFIX_LENGTH && slash < path.length - 1;
    slash++
  ) {
    if (slash > 0 && path[slash] === 0x2f) {
      return { name: path.subarray(slash + 1), prefix: path.subarray(0, slash) };
    }
  }
  return undefined;
}

/** A PAX record, `"<length> <key>=<value>\n"`, whose decimal length counts its own digits. */
function paxRecord(key: string, value: Uint8Array): Uint8Array {
  const body = encoder.encode(` ${key}=`).length + value.length + 1;
  let length = body + 1;
  while (String(length).length + body !== length) length = String(length).length + body;
  const record = new Uint8Array(length);
  const head = encoder.encode(`${length} ${key}=`);
  record.set(head, 0);
  record.set(value, head.length);
  record[length - 1] = 0x0a;
  return record;
}

/** At most `max` bytes of UTF-8, cut before a continuation byte so the result stays valid UTF-8. */
function truncateUtf8(bytes: Uint8Array, max: number): Uint8Array {
  if (bytes.length <= max) return bytes;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

function padding(length: number): Uint8Array {
  return new Uint8Array((BLOCK_SIZE - (length % BLOCK_SIZE)) % BLOCK_SIZE);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Reader

/** PAX records by key. Only path, linkpath and size matter here; mtime, uid, comments are ignored. */
type PaxFields = Map<string, Uint8Array>;

/** Headers that describe the next entry rather than being one. */
const META_TYPES = new Set(['x', 'g', 'L', 'K']);

/**
 * Reads the entries of a tar archive, lazily, so a caller can stop at the first entry it refuses.
 * Throws `TARBALL_INVALID` for a bad checksum, a bad number, a truncated entry, a malformed PAX
 * header, or a missing end-of-archive block. Bytes after the end-of-archive block are ignored.
 */
export function* readTar(bytes: Uint8Array): Generator<TarEntry, void, undefined> {
  let offset = 0;
  const global: PaxFields = new Map();
  let local: PaxFields = new Map();
  let longPath: Uint8Array | undefined;
  let longLink: Uint8Array | undefined;
  let pendingMeta = false;

  for (;;) {
    if (offset + BLOCK_SIZE > bytes.length) {
      throw invalid('the archive ends without an end-of-archive block', { offset });
    }
    const block = bytes.subarray(offset, offset + BLOCK_SIZE);
    if (isZeroBlock(block)) {
      if (pendingMeta) throw invalid('an extended header is not followed by an entry', { offset });
      return;
    }
    verifyChecksum(block, offset);

    const typeflag = block[156] === 0 ? '0' : String.fromCharCode(block[156]!);
    const isMeta = META_TYPES.has(typeflag);
    const headerSize = parseNumber(block, 124, 12, 'size', offset);
    // A PAX size describes the entry the extended header precedes, never another extended header.
    const paxSize = isMeta ? undefined : (nonEmpty(local.get('size')) ?? nonEmpty(global.get('size')));
    const size = paxSize === undefined ? headerSize : parsePaxNumber(paxSize, 'size', offset);
    const dataStart = offset + BLOCK_SIZE;
    const dataEnd = dataStart + size;
    if (dataEnd > bytes.length) throw invalid('an entry is cut short', { offset, size });
    const data = bytes.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;

    switch (typeflag) {
      case 'x':
        for (const [key, value] of parsePax(data, dataStart)) local.set(key, value);
        pendingMeta = true;
        continue;
      case 'g':
        for (const [key, value] of parsePax(data, dataStart)) global.set(key, value);
        continue;
      case 'L':
        longPath = untilNul(data);
        pendingMeta = true;
        continue;
      case 'K':
        longLink = untilNul(data);
        pendingMeta = true;
        continue;
    }

    // An empty PAX value means "unset": fall back to the next source, as POSIX says.
    const rawPath =
      nonEmpty(local.get('path')) ?? nonEmpty(global.get('path')) ?? longPath ?? ustarName(block);
    const rawLink =
      nonEmpty(local.get('linkpath')) ??
      nonEmpty(global.get('linkpath')) ??
      longLink ??
      field(block, 157, 100);
    local = new Map();
    longPath = undefined;
    longLink = undefined;
    pendingMeta = false;

    const path = lenientDecoder.decode(rawPath);
    let type = entryType(typeflag);
    // Pre-POSIX archives mark directories only by a trailing slash.
    if (type === 'file' && path.endsWith('/') && typeflag !== '7') type = 'directory';
    yield {
      path,
      rawPath,
      type,
      typeflag,
      size,
      mode: parseNumber(block, 100, 8, 'mode', offset),
      mtime: parseNumber(block, 136, 12, 'mtime', offset),
      linkname: lenientDecoder.decode(rawLink),
      data,
    };
  }
}

function entryType(typeflag: string): TarEntryType {
  switch (typeflag) {
    case '0':
    case '7': // contiguous file: a regular file everywhere but on a few 1980s systems
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'character-device';
    case '4':
      return 'block-device';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    default:
      return 'unsupported';
  }
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** Sum of the header's bytes with the checksum field read as spaces. */
function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

function verifyChecksum(block: Uint8Array, offset: number): void {
  const stored = parseNumber(block, 148, 8, 'checksum', offset);
  if (stored === checksum(block)) return;
  // Some historic writers summed signed bytes; accept that too, as GNU tar does.
  let signed = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    signed += byte > 127 ? byte - 256 : byte;
  }
  if (stored !== signed) throw invalid('a header checksum does not match', { offset });
}

/**
 * A numeric header field: octal digits, optionally padded with spaces or NULs, or GNU base-256
 * (first byte's high bit set) for values too large for octal.
 */
function parseNumber(block: Uint8Array, start: number, length: number, what: string, offset: number): number {
  const first = block[start]!;
  if (first & 0x80) {
    if (first === 0xff) throw invalid(`the ${what} field is negative`, { offset });
    let value = first & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    if (!Number.isSafeInteger(value)) throw invalid(`the ${what} field is too large`, { offset });
    return value;
  }
  let i = start;
  const end = start + length;
  while (i < end && block[i] === 0x20) i++;
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const byte = block[i]!;
    if (byte === 0 || byte === 0x20) break;
    if (byte < 0x30 || byte > 0x37) throw invalid(`the ${what} field is not an octal number`, { offset });
    value = value * 8 + (byte - 0x30);
    digits++;
  }
  for (; i < end; i++) {
    if (block[i] !== 0 && block[i] !== 0x20) {
      throw invalid(`the ${what} field is not an octal number`, { offset });
    }
  }
  if (digits === 0 && what === 'checksum') throw invalid('a header has no checksum', { offset });
  return value;
}

function parsePaxNumber(value: Uint8Array, what: string, offset: number): number {
  const text = lenientDecoder.decode(value);
  if (!/^[0-9]{1,16}$/.test(text)) throw invalid(`the PAX ${what} is not a decimal number`, { offset });
  const number = Number(text);
  if (!Number.isSafeInteger(number)) throw invalid(`the PAX ${what} is too large`, { offset });
  return number;
}

/** Records of a PAX extended header: `"<length> <key>=<value>\n"`, values kept as raw bytes. */
function parsePax(data: Uint8Array, offset: number): PaxFields {
  const fields: PaxFields = new Map();
  let i = 0;
  while (i < data.length) {
    // Some writers pad the header's data with NULs after the last record.
    if (data[i] === 0) break;
    let length = 0;
    let j = i;
    while (j < data.length && data[j]! >= 0x30 && data[j]! <= 0x39 && j - i < 16) {
      length = length * 10 + (data[j]! - 0x30);
      j++;
    }
    const end = i + length;
    if (j === i || data[j] !== 0x20 || end > data.length || end <= j + 1 || data[end - 1] !== 0x0a) {
      throw invalid('a PAX header record is malformed', { offset: offset + i });
    }
    const record = data.subarray(j + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw invalid('a PAX header record has no key', { offset: offset + i });
    fields.set(lenientDecoder.decode(record.subarray(0, equals)), record.subarray(equals + 1));
    i = end;
  }
  return fields;
}

function ustarName(block: Uint8Array): Uint8Array {
  const name = field(block, 0, NAME_LENGTH);
  // Only POSIX ustar ("ustar\0") has a prefix field; GNU tar ("ustar  \0") keeps other data there.
  if (!USTAR_MAGIC.every((byte, i) => block[257 + i] === byte)) return name;
  const prefix = field(block, 345, PREFIX_LENGTH);
  if (prefix.length === 0) return name;
  const joined = new Uint8Array(prefix.length + 1 + name.length);
  joined.set(prefix, 0);
  joined[prefix.length] = 0x2f;
  joined.set(name, prefix.length + 1);
  return joined;
}

/** A NUL-terminated (or full-width) string field. */
function field(block: Uint8Array, start: number, length: number): Uint8Array {
  return untilNul(block.subarray(start, start + length));
}

function untilNul(bytes: Uint8Array): Uint8Array {
  const nul = bytes.indexOf(0);
  return nul === -1 ? bytes : bytes.subarray(0, nul);
}

function nonEmpty(value: Uint8Array | undefined): Uint8Array | undefined {
  return value && value.length > 0 ? value : undefined;
}
