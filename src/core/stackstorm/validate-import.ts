import type { PackageContents, ValidationIssue } from '../types.js';
import { validatePackage } from '../validate/index.js';
import type { ImportedPackage } from './import-pack.js';

/** One imported package's validation: its issues (errors and warnings). */
export interface ImportedValidation {
  name: string;
  ok: boolean;
  issues: ValidationIssue[];
}

/**
 * Validates the packages of one import in order, each against the ones before it (the pattern half
 * calls the action half, which is not published yet), as the registry will validate them.
 */
export function validateImport(packages: readonly ImportedPackage[]): ImportedValidation[] {
  const contents = new Map<string, PackageContents>();
  return packages.map((pkg) => {
    const result = validatePackage(pkg.files, { dependencies: (name) => contents.get(name) });
    if (result.contents) contents.set(pkg.name, result.contents);
    return { name: pkg.name, ok: result.ok, issues: result.issues };
  });
}
