/**
 * Deterministic packing: the same files always give the same bytes, hence the same integrity,
 * whatever order they were listed in and whichever machine packs them.
 */
import { constants, gzipSync } from 'node:zlib';
import { RegistryError } from '../errors.js';
import type { PackageFiles } from '../package-files.js';
import {
  compareCodePoints,
  describeUnsafePath,
  PACKAGE_ROOT,
  PathRegistry,
  pathProblem,
  type UnsafeDetails,
} from './paths.js';
import { writeTar } from './tar.js';

/**
 * The mtime of every entry: 1985-10-26T08:15:00Z, in seconds. npm uses the same constant, so tools
 * that treat mtime 0 as "missing" (and zip, which cannot store dates before 1980) behave.
 */
export const PACK_MTIME = Date.UTC(1985, 9, 26, 8, 15, 0) / 1000;

/** Permission bits of every file. Executable bits are not kept: runners call scripts explicitly. */
export const PACK_FILE_MODE = 0o644;

/** Fixed so the compressed bytes do not depend on a caller's or zlib's default. */
export const PACK_GZIP_LEVEL = 9;

// RFC 1952 "Unix". zlib writes its build platform here (3 on Linux, 19 on macOS, 10 on Windows),
// which would make the same files hash differently per OS.
const GZIP_OS_UNIX = 3;

/**
 * The uncompressed tar of a package: one regular file per path, under `package/`, in code-point
 * order, with a fixed mtime, mode 0644, uid/gid 0 and empty owner names; no directory entries.
 * Throws `INVALID_PACKAGE` (details `{ reason, path }`) for a path that unpacking would refuse.
 */
export function packTar(files: PackageFiles): Uint8Array {
  const paths = [...files.keys()].sort(compareCodePoints);
  checkPaths(paths);
  return writeTar(
    paths.map((path) => ({ path: `${PACKAGE_ROOT}/${path}`, data: files.get(path)! })),
    { mode: PACK_FILE_MODE, mtime: PACK_MTIME },
  );
}

/**
 * The package as a gzipped tar (`.tgz`), byte-for-byte reproducible: see `packTar` for the archive;
 * gzip uses a fixed level, no file name, mtime 0 and the Unix OS byte.
 *
 * The deflate stream comes from the zlib bundled with Node; the same files pack identically on every
 * machine running that zlib, but a Node upgrade that changes zlib may change the compressed bytes.
 */
export function packFiles(files: PackageFiles): Uint8Array {
  const gz = gzipSync(packTar(files), { level: PACK_GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY });
  // Header (RFC 1952): bytes 4-7 are the mtime, byte 9 the OS. No FHCRC flag is set, so rewriting
  // them needs no checksum update.
  gz.fill(0, 4, 8);
  gz[9] = GZIP_OS_UNIX;
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

function checkPaths(paths: string[]): void {
  const registry = new PathRegistry();
  for (const path of paths) {
    const reason = pathProblem(path) ?? registry.addFile(path);
    if (reason) {
      throw new RegistryError('INVALID_PACKAGE', `Cannot pack: ${describeUnsafePath(reason, path)}`, {
        details: { reason, path } satisfies UnsafeDetails,
      });
    }
  }
}
