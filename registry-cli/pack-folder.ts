import { RegistryError } from '../src/core/errors.js';
import { declaredDependencies } from '../src/core/package-files.js';
import { computeIntegrity, packFiles } from '../src/core/tarball/index.js';
import type { Manifest, ValidationIssue } from '../src/core/types.js';
import { validatePackage } from '../src/core/validate/index.js';
import { installedContents, readPackageFolder } from './package-folder.js';

export interface PackedFolder {
  manifest: Manifest;
  tarball: Uint8Array;
  integrity: string;
  files: Array<{ path: string; size: number }>;
  warnings: ValidationIssue[];
}

/** Validates a package folder (refusing it when invalid) and packs it deterministically. */
export function packFolder(dir: string): PackedFolder {
  const folder = readPackageFolder(dir);
  const declared = declaredDependencies(folder.manifest);
  const installed = installedContents(folder.dir, Object.keys(declared));
  const result = validatePackage(folder.files, { dependencies: (name) => installed.get(name) });
  if (!result.ok || !result.manifest) {
    const errors = result.issues.filter((issue) => issue.severity === 'error');
    throw new RegistryError(
      'INVALID_PACKAGE',
      `${folder.dir} is not a valid package (${errors.length} error${errors.length === 1 ? '' : 's'})`,
      {
        details: { issues: result.issues },
        hint: 'Run `patternhub validate` for the details.',
      },
    );
  }
  const tarball = packFiles(folder.files);
  return {
    manifest: result.manifest,
    tarball,
    integrity: computeIntegrity(tarball),
    files: [...folder.files.entries()].map(([path, bytes]) => ({ path, size: bytes.byteLength })),
    warnings: result.issues.filter((issue) => issue.severity === 'warning'),
  };
}

export function tarballName(manifest: Pick<Manifest, 'name' | 'version'>): string {
  return `${manifest.name.slice(1).replace('/', '-')}-${manifest.version}.tgz`;
}
