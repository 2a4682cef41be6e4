/**
 * Tarballs: deterministic packing, safe unpacking, integrity, and the choice of files to pack.
 * Pure: bytes in, bytes out; the CLI and the server do the I/O.
 */

export {
  computeIntegrity,
  hexToIntegrity,
  integrityToHex,
  isIntegrity,
  verifyIntegrity,
} from './integrity.js';
export { PACK_FILE_MODE, PACK_GZIP_LEVEL, PACK_MTIME, packFiles, packTar } from './pack.js';
export { PACKAGE_ROOT, UNSAFE_REASONS, type UnsafeDetails, type UnsafeReason } from './paths.js';
export { type SelectOptions, selectPackageFiles } from './select.js';
export {
  readTar,
  type TarEntry,
  type TarEntryType,
  type TarWriteEntry,
  type TarWriteOptions,
  writeTar,
} from './tar.js';
export { unpackTarball } from './unpack.js';
