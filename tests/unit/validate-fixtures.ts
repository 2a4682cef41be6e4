/** Reads the fixture packages under tests/fixtures/packages into PackageFiles, and asserts on issues. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageFiles } from '../../src/core/package-files.js';
import type { PackageContents, ValidationIssue, ValidationResult } from '../../src/core/types.js';
import { summarizePackage } from '../../src/core/validate/index.js';

export const PACKAGES_DIR = fileURLToPath(new URL('../fixtures/packages/', import.meta.url));
export const STACKSTORM_DIR = fileURLToPath(new URL('../fixtures/stackstorm/', import.meta.url));

/** Every file under a folder, keyed by its POSIX path relative to the folder. */
export function readFolder(root: string): PackageFiles {
  const files: PackageFiles = new Map();
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = prefix + entry.name;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${path}/`);
      else files.set(path, new Uint8Array(readFileSync(join(dir, entry.name))));
    }
  };
  walk(root, '');
  return files;
}

/** The files of one fixture package, `tests/fixtures/packages/<name>/`. */
export function readFixture(name: string): PackageFiles {
  return readFolder(join(PACKAGES_DIR, name));
}

const contentsByName = new Map<string, PackageContents>([
  ['@community/linux', summarizePackage(readFixture('valid-action'))],
  ['@community/chatops', summarizePackage(readFixture('valid-action-http'))],
]);

/** The dependency lookup the registry would give: the two valid action fixtures. */
export function knownDependencies(name: string): PackageContents | undefined {
  return contentsByName.get(name);
}

export interface ExpectedIssue {
  code: string;
  file: string;
  pointer: string;
  severity?: 'error' | 'warning';
}

function describe(issues: ValidationIssue[]): string {
  return issues
    .map((issue) => `  ${issue.severity} ${issue.code} ${issue.file}#${issue.pointer}: ${issue.message}`)
    .join('\n');
}

/** Asserts that the result has an issue with this code, file and pointer (and severity, when given). */
export function assertIssue(result: ValidationResult, expected: ExpectedIssue): ValidationIssue {
  const found = result.issues.find(
    (issue) =>
      issue.code === expected.code &&
      issue.file === expected.file &&
      issue.pointer === expected.pointer &&
      (expected.severity === undefined || issue.severity === expected.severity),
  );
  assert.ok(found, `expected ${JSON.stringify(expected)} among:\n${describe(result.issues)}`);
  return found;
}

/** Asserts the exact set of (code, file, pointer) triples, in any order. */
export function assertIssues(result: ValidationResult, expected: ExpectedIssue[]): void {
  const key = (issue: ExpectedIssue): string => `${issue.code} ${issue.file}#${issue.pointer}`;
  assert.deepEqual(
    result.issues.map(key).sort(),
    expected.map(key).sort(),
    `issues were:\n${describe(result.issues)}`,
  );
  for (const issue of expected) assertIssue(result, issue);
}
