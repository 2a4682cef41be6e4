/**
 * StackStorm interoperability: a pack in, Patternhub packages out (`importPack`), and back
 * (`exportPack`). Pure: files in, files out; the CLI reads folders, git history and the registry.
 */
export { type ExportOptions, exportPack, type PackExport } from './export-pack.js';
export {
  type ImportedPackage,
  type ImportOptions,
  importPack,
  type KeptFile,
  type KeptKind,
  PACK_FILE,
  type PackImport,
} from './import-pack.js';
export { memberNameOf, PACK_REF, PATTERNS_SUFFIX, packageNameOfPack, packOfPackageName } from './names.js';
export { type MemberOrigin, type PackOrigin, packOriginOf } from './pack-origin.js';
export { type ImportedValidation, validateImport } from './validate-import.js';
export { parsePackYaml, stringifyPackYaml } from './yaml-1-1.js';
