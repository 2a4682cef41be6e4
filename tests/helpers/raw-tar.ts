/**
 * A raw tar builder for tests: writes any header, however wrong, so the reader's refusals can be
 * tested one by one. Deliberately independent of `src/core/tarball/tar.ts`, so a bug there cannot
 * hide itself in both the archive and its reading.
 */
import { createGzip, gzipSync } from 'node:zlib';

const encoder = new TextEncoder();

export interface RawHeader {
  /** The name field (bytes allow invalid UTF-8); up to 100 bytes. */
  name: string | Uint8Array;
  /** The ustar prefix field; up to 155 bytes. */
  prefix?: string | Uint8Array;
  /** The type flag character; default `'0'` (regular file). */
  type?: string;
  mode?: number;
  /** The size field; default the data's length. */
  size?: number;
  linkname?: string;
  /** `ustar` (POSIX, default), `gnu` (`ustar  \0`) or `v7` (no magic). */
  magic?: 'ustar' | 'gnu' | 'v7';
  /** Overrides the computed checksum, to corrupt it. */
  checksum?: number;
  /** Raw bytes written at an offset before the checksum is computed, to corrupt a field validly. */
  patch?: { offset: number; bytes: string };
}

function bytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? encoder.encode(value) : value;
}

function octal(block: Uint8Array, offset: number, length: number, value: number): void {
  block.set(encoder.encode(value.toString(8).padStart(length - 1, '0')), offset);
}

/** One 512-byte header block. */
export function rawHeader(header: RawHeader): Uint8Array {
  const block = new Uint8Array(512);
  block.set(bytes(header.name).subarray(0, 100), 0);
  octal(block, 100, 8, header.mode ?? 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, header.size ?? 0);
  octal(block, 136, 12, 0);
  block[156] = (header.type ?? '0').charCodeAt(0);
  if (header.linkname) block.set(encoder.encode(header.linkname), 157);
  const magic = header.magic ?? 'ustar';
  if (magic === 'ustar') block.set(encoder.encode('ustar\u000000'), 257);
  if (magic === 'gnu') block.set(encoder.encode('ustar  \u0000'), 257);
  if (header.prefix) block.set(bytes(header.prefix), 345);
  if (header.patch) block.set(encoder.encode(header.patch.bytes), header.patch.offset);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  octal(block, 148, 7, header.checksum ?? sum);
  block[155] = 32;
  return block;
}

/** A header followed by its data, padded to whole blocks. */
export function rawEntry(header: RawHeader, data: string | Uint8Array = new Uint8Array(0)): Uint8Array {
  const content = bytes(data);
  return concat([
    rawHeader({ ...header, size: header.size ?? content.length }),
    content,
    pad(content.length),
  ]);
}

/** A regular file entry. */
export function rawFile(name: string | Uint8Array, data: string | Uint8Array = ''): Uint8Array {
  return rawEntry({ name }, data);
}

/** A PAX extended header (`x`, or `g` for global) carrying the given records. */
export function rawPax(records: Record<string, string | Uint8Array>, type: 'x' | 'g' = 'x'): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = encoder.encode(` ${key}=`).length + bytes(value).length + 1;
    let length = body + 1;
    while (String(length).length + body !== length) length = String(length).length + body;
    parts.push(encoder.encode(`${length} ${key}=`), bytes(value), encoder.encode('\n'));
  }
  return rawEntry({ name: 'PaxHeader', type }, concat(parts));
}

/** A GNU long name (`L`) or long link name (`K`) header. */
export function rawGnuLong(name: string | Uint8Array, type: 'L' | 'K' = 'L'): Uint8Array {
  return rawEntry({ name: '././@LongLink', type, magic: 'gnu' }, concat([bytes(name), new Uint8Array(1)]));
}

/** Entries followed by the end-of-archive blocks. */
export function rawTar(...entries: Uint8Array[]): Uint8Array {
  return concat([...entries, new Uint8Array(1024)]);
}

/** `rawTar`, gzipped. */
export function rawTgz(...entries: Uint8Array[]): Uint8Array {
  return gzipSync(rawTar(...entries));
}

/**
 * A gzip bomb: one regular file of `size` zero bytes, compressed as a stream so the test never
 * holds the inflated bytes (200 MB compresses to about 200 KB).
 */
export async function gzipBomb(name: string, size: number): Promise<Uint8Array> {
  const gz = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gz.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  const write = async (chunk: Uint8Array) => {
    if (!gz.write(chunk)) await new Promise((resolve) => gz.once('drain', resolve));
  };
  await write(rawHeader({ name, size }));
  const zeros = new Uint8Array(1 << 20);
  let left = size;
  while (left > 0) {
    const n = Math.min(left, zeros.length);
    await write(zeros.subarray(0, n));
    left -= n;
  }
  await write(pad(size));
  await write(new Uint8Array(1024));
  gz.end();
  await done;
  return Buffer.concat(chunks);
}

function pad(length: number): Uint8Array {
  return new Uint8Array((512 - (length % 512)) % 512);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
