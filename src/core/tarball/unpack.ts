/**
 * Safe unpacking: a tarball from anyone (a publish, a download) becomes `PackageFiles` only if every
 * entry is a plain file or folder under `package/` and every limit holds. Otherwise it throws and
 * returns nothing, so no caller ever writes part of a hostile archive.
 */
import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { RegistryError } from '../errors.js';
import { type PackageLimits, resolveLimits } from '../limits.js';
import type { PackageFiles } from '../package-files.js';
import {
  byteLength,
  describeUnsafePath,
  PACKAGE_ROOT,
  PathRegistry,
  pathProblem,
  reportedPath,
  type UnsafeReason,
  unsafeTarball,
} from './paths.js';
import { BLOCK_SIZE, readTar, type TarEntry } from './tar.js';

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Unpacks a gzipped tar into package-relative paths (the `package/` folder stripped).
 *
 * Throws `PAYLOAD_TOO_LARGE` when the compressed bytes exceed `maxTarballBytes`, `TARBALL_INVALID`
 * when they are not a well-formed gzipped tar, and `TARBALL_UNSAFE` with `details: { reason, path }`
 * (reasons in `UNSAFE_REASONS`) for anything that is well-formed but dangerous. Folder entries are
 * accepted and skipped, but count towards `maxFiles` (which bounds the work an archive can cause).
 * The files' bytes are views into one decompressed buffer, not copies.
 */
export function unpackTarball(bytes: Uint8Array, limits: Partial<PackageLimits> = {}): PackageFiles {
  const resolved = resolveLimits(limits);
  if (bytes.length > resolved.maxTarballBytes) {
    throw new RegistryError(
      'PAYLOAD_TOO_LARGE',
      `The tarball is ${bytes.length} bytes; the limit is ${resolved.maxTarballBytes}`,
      { details: { size: bytes.length, limit: resolved.maxTarballBytes } },
    );
  }
  const tar = gunzip(bytes, resolved);

  const files: PackageFiles = new Map();
  const registry = new PathRegistry();
  let entries = 0;
  let total = 0;
  for (const entry of readTar(tar)) {
    entries++;
    if (entries > resolved.maxFiles) {
      throw unsafeTarball(
        'TOO_MANY_FILES',
        `The tarball has more than ${resolved.maxFiles} entries`,
        entry.path,
        resolved.maxFiles,
      );
    }
    const path = packagePath(entry, resolved);
    refuseSpecialEntry(entry);
    if (entry.type === 'directory') {
      // The root folder itself needs no record; other folders still take part in collision checks.
      if (path !== undefined) check(registry.addFolder(path), entry);
      continue;
    }
    if (path === undefined) {
      throw unsafeTarball('OUTSIDE_ROOT', 'A file is named like the package root folder', entry.path);
    }
    if (entry.size > resolved.maxFileBytes) {
      throw unsafeTarball(
        'TOO_LARGE',
        `${path} is ${entry.size} bytes; the limit is ${resolved.maxFileBytes}`,
        entry.path,
        resolved.maxFileBytes,
      );
    }
    total += entry.size;
    if (total > resolved.maxUnpackedBytes) {
      throw unsafeTarball(
        'TOO_LARGE',
        `The files add up to more than ${resolved.maxUnpackedBytes} bytes`,
        entry.path,
        resolved.maxUnpackedBytes,
      );
    }
    check(registry.addFile(path), entry);
    files.set(path, entry.data);
  }
  return files;
}

/**
 * How far the decompressed tar may exceed `maxUnpackedBytes`: per entry a header, a possible PAX
 * header holding the path, and block padding; then the end blocks and GNU tar's record padding.
 */
function tarOverhead(limits: PackageLimits): number {
  const perEntry = BLOCK_SIZE * 4 + Math.ceil((limits.maxPathLength + 64) / BLOCK_SIZE) * BLOCK_SIZE;
  return (limits.maxFiles + 2) * perEntry + 20 * BLOCK_SIZE;
}

function gunzip(bytes: Uint8Array, limits: PackageLimits): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new RegistryError('TARBALL_INVALID', 'The tarball is not gzip-compressed', {
      hint: 'Create tarballs with `patternhub pack`.',
    });
  }
  // Bounded by what one Buffer can hold, so an "unlimited" configuration still gets a valid cap.
  const maxOutputLength = Math.min(limits.maxUnpackedBytes + tarOverhead(limits), bufferConstants.MAX_LENGTH);
  try {
    // zlib stops as soon as the output passes the cap, so a gzip bomb costs at most the cap.
    const out = gunzipSync(bytes, { maxOutputLength });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw unsafeTarball(
        'TOO_LARGE',
        `The tarball unpacks to more than ${limits.maxUnpackedBytes} bytes`,
        undefined,
        limits.maxUnpackedBytes,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegistryError('TARBALL_INVALID', `The tarball is not valid gzip: ${reason}`, { cause: error });
  }
}

/**
 * The entry's path inside the package (without `package/`), or undefined for the root folder.
 * Checks run from encoding to structure, so each archive gets one stable reason.
 */
function packagePath(entry: TarEntry, limits: PackageLimits): string | undefined {
  let name: string;
  try {
    name = strictDecoder.decode(entry.rawPath);
  } catch {
    throw unsafeTarball('INVALID_UTF8', 'An entry name is not valid UTF-8', entry.path);
  }
  // Folders are often written with a trailing slash; it is not an empty segment.
  if (entry.type === 'directory' && name.endsWith('/')) name = name.slice(0, -1);
  const problem = pathProblem(name);
  if (problem) throw unsafeTarball(problem, describeUnsafePath(problem, entry.path), entry.path);

  if (name === PACKAGE_ROOT) return undefined;
  if (!name.startsWith(`${PACKAGE_ROOT}/`)) {
    throw unsafeTarball(
      'OUTSIDE_ROOT',
      `${reportedPath(entry.path)} is outside the ${PACKAGE_ROOT}/ folder`,
      entry.path,
    );
  }
  const path = name.slice(PACKAGE_ROOT.length + 1);
  if (byteLength(path) > limits.maxPathLength) {
    throw unsafeTarball(
      'INVALID_PATH',
      `A path is longer than ${limits.maxPathLength} bytes`,
      entry.path,
      limits.maxPathLength,
    );
  }
  return path;
}

function refuseSpecialEntry(entry: TarEntry): void {
  switch (entry.type) {
    case 'file':
    case 'directory':
      return;
    case 'symlink':
    case 'hardlink':
      throw unsafeTarball(
        'LINK',
        `${reportedPath(entry.path)} is a ${entry.type} to ${reportedPath(entry.linkname)}`,
        entry.path,
      );
    case 'character-device':
    case 'block-device':
    case 'fifo':
      throw unsafeTarball('DEVICE', `${reportedPath(entry.path)} is a ${entry.type}`, entry.path);
    case 'unsupported':
      throw unsafeTarball(
        'UNSUPPORTED_ENTRY',
        `${reportedPath(entry.path)} has the unsupported tar entry type "${entry.typeflag}"`,
        entry.path,
      );
  }
}

function check(reason: UnsafeReason | undefined, entry: TarEntry): void {
  if (reason) throw unsafeTarball(reason, describeUnsafePath(reason, entry.path), entry.path);
}
