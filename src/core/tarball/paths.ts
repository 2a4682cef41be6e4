/**
 * Path rules shared by packing and unpacking, so we never write a tarball we would refuse to read.
 */
import { RegistryError } from '../errors.js';

/**
 * Why a tarball is unsafe: `details.reason` of a `TARBALL_UNSAFE` error. Stable strings; scripts and
 * tests match on them, so they are never renamed.
 */
export const UNSAFE_REASONS = [
  'ABSOLUTE_PATH',
  'PATH_TRAVERSAL',
  'INVALID_PATH',
  'INVALID_UTF8',
  'OUTSIDE_ROOT',
  'LINK',
  'DEVICE',
  'UNSUPPORTED_ENTRY',
  'DUPLICATE_ENTRY',
  'CASE_COLLISION',
  'PATH_CONFLICT',
  'TOO_MANY_FILES',
  'TOO_LARGE',
  'WINDOWS_UNSAFE',
] as const;

export type UnsafeReason = (typeof UNSAFE_REASONS)[number];

/** `details` of a `TARBALL_UNSAFE` error (and of `INVALID_PACKAGE` when packing refuses a path). */
export interface UnsafeDetails {
  reason: UnsafeReason;
  /** The entry's name as written in the archive, when the problem belongs to one entry. */
  path?: string;
  /** The limit that was exceeded, for the size and count reasons. */
  limit?: number;
}

/** The folder every entry of a tarball lives under, as in npm tarballs. */
export const PACKAGE_ROOT = 'package';

// A hostile name can be megabytes long; errors travel to logs and HTTP responses, so cap it.
const MAX_REPORTED_PATH = 2048;

/** Shortens a name for an error message or `details`. */
export function reportedPath(path: string): string {
  return path.length > MAX_REPORTED_PATH ? `${path.slice(0, MAX_REPORTED_PATH)}…` : path;
}

/** What is wrong with a path, per reason: the one wording packing and unpacking share. */
const PATH_REASON_TEXT: Partial<Record<UnsafeReason, string>> = {
  ABSOLUTE_PATH: 'is an absolute path (paths in a package are relative)',
  PATH_TRAVERSAL: 'climbs out of its folder with ".."',
  INVALID_PATH: 'has control characters, backslashes, or empty or "." segments',
  DUPLICATE_ENTRY: 'appears twice',
  CASE_COLLISION: 'differs from another entry only in case or Unicode normalisation',
  PATH_CONFLICT: 'is used both as a file and as a folder',
};

/** `"path" is …`: a path refused for `reason`, in words. */
export function describeUnsafePath(reason: UnsafeReason, path: string): string {
  return `${JSON.stringify(reportedPath(path))} ${PATH_REASON_TEXT[reason] ?? `is unsafe (${reason})`}`;
}

/** A `TARBALL_UNSAFE` error with its stable reason. */
export function unsafeTarball(
  reason: UnsafeReason,
  message: string,
  path?: string,
  limit?: number,
): RegistryError {
  const details: UnsafeDetails = { reason };
  if (path !== undefined) details.path = reportedPath(path);
  if (limit !== undefined) details.limit = limit;
  return new RegistryError('TARBALL_UNSAFE', message, { details });
}

// C0 controls, DEL and C1 controls: invisible in listings, and a NUL truncates names in C APIs.
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f-\u009f\\]/;
// `C:` would be absolute (or drive-relative) once a Windows client writes the file.
const DRIVE_LETTER = /^[A-Za-z]:/;

// Bidirectional controls (U+202E turns `exe.txt` into what reads as `txt.exe`) and marks.
const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// What Windows cannot store, or stores as another name: `<>:"|?*` (a colon names a stream), a
// segment ending in a dot or space (`a.txt.` is `a.txt`), and the device names, with any extension.
const WINDOWS_CHARACTER = /[<>:"|?*]/;
const WINDOWS_DEVICE =
  /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\$|conout\$)(\..*)?$/i;

/** Why a segment cannot be a file or folder name on Windows, or undefined. */
function windowsProblem(segment: string): boolean {
  return WINDOWS_CHARACTER.test(segment) || /[. ]$/.test(segment) || WINDOWS_DEVICE.test(segment);
}

/**
 * The first problem with a `/`-separated name, or undefined when it is a clean relative path:
 * no control characters, bidirectional controls or backslashes, not absolute, no `..`, no empty
 * or `.` segments, and nothing Windows would refuse or store under another name.
 */
export function pathProblem(name: string): UnsafeReason | undefined {
  if (CONTROL_OR_BACKSLASH.test(name) || BIDI_CONTROL.test(name)) return 'INVALID_PATH';
  if (name.startsWith('/') || DRIVE_LETTER.test(name)) return 'ABSOLUTE_PATH';
  const segments = name.split('/');
  if (segments.includes('..')) return 'PATH_TRAVERSAL';
  // Empty and `.` segments give one file several spellings, which would dodge the duplicate check.
  if (segments.some((segment) => segment === '' || segment === '.')) return 'INVALID_PATH';
  if (segments.some(windowsProblem)) return 'WINDOWS_UNSAFE';
  return undefined;
}

const encoder = new TextEncoder();

/** Length in UTF-8 bytes: what `maxPathLength` counts, the same on every platform. */
export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * The key two names share when a case-insensitive or normalising file system (macOS, Windows) would
 * store them as one file.
 */
export function foldPath(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** Code-point order (the order of the UTF-8 bytes), unlike `<` which compares UTF-16 code units. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (an astral code point) sort after every other BMP unit in code-point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The files and folders a set of paths makes, compared as a case-insensitive file system would:
 * finds exact duplicates, case or normalisation collisions, and a name used as both file and folder.
 */
export class PathRegistry {
  private readonly files = new Map<string, string>();
  private readonly folders = new Map<string, string>();

  /** Records a file; returns why it cannot coexist with what is already recorded, if it cannot. */
  addFile(path: string): UnsafeReason | undefined {
    const key = foldPath(path);
    const file = this.files.get(key);
    if (file !== undefined) return file === path ? 'DUPLICATE_ENTRY' : 'CASE_COLLISION';
    if (this.folders.has(key)) return 'PATH_CONFLICT';
    const problem = this.addParents(path);
    if (problem) return problem;
    this.files.set(key, path);
    return undefined;
  }

  /** Records a folder (an explicit directory entry); a repeated identical folder is fine. */
  addFolder(path: string): UnsafeReason | undefined {
    const key = foldPath(path);
    if (this.files.has(key)) return 'PATH_CONFLICT';
    return this.addParents(path) ?? this.addOneFolder(path, key);
  }

  private addParents(path: string): UnsafeReason | undefined {
    let slash = path.indexOf('/');
    while (slash !== -1) {
      const parent = path.slice(0, slash);
      const key = foldPath(parent);
      if (this.files.has(key)) return 'PATH_CONFLICT';
      const problem = this.addOneFolder(parent, key);
      if (problem) return problem;
      slash = path.indexOf('/', slash + 1);
    }
    return undefined;
  }

  private addOneFolder(path: string, key: string): UnsafeReason | undefined {
    const known = this.folders.get(key);
    if (known === undefined) this.folders.set(key, path);
    else if (known !== path) return 'CASE_COLLISION';
    return undefined;
  }
}
