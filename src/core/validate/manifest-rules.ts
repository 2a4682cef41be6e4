import semver from 'semver';
import { pointerTo } from '../json-pointer.js';
import { MANIFEST_FILE, type PackageFiles } from '../package-files.js';
import type { Manifest } from '../types.js';
import type { IssueList } from './issues.js';

/** The name and version the caller expects the manifest to carry (e.g. the publish URL's). */
export interface ExpectedIdentity {
  name?: string;
  version?: string;
}

/** Checks the manifest against what the caller asked for: `EXPECT_MISMATCH` on `/name` or `/version`. */
export function checkExpected(
  manifest: Manifest,
  expect: ExpectedIdentity | undefined,
  issues: IssueList,
): void {
  if (expect?.name !== undefined && manifest.name !== expect.name) {
    issues.add(
      'EXPECT_MISMATCH',
      MANIFEST_FILE,
      '/name',
      `the manifest names ${manifest.name}, not ${expect.name}`,
    );
  }
  if (expect?.version !== undefined && manifest.version !== expect.version) {
    issues.add(
      'EXPECT_MISMATCH',
      MANIFEST_FILE,
      '/version',
      `the manifest says version ${manifest.version}, not ${expect.version}`,
    );
  }
}

/** Checks each dependency: a valid semver range, and not the package itself. */
export function checkDependencyRanges(manifest: Manifest, issues: IssueList): void {
  for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
    const pointer = pointerTo('/dependencies', name);
    if (name === manifest.name) {
      issues.add('SELF_DEPENDENCY', MANIFEST_FILE, pointer, `${name} cannot depend on itself`);
    }
    if (semver.validRange(range) === null) {
      issues.add('INVALID_RANGE', MANIFEST_FILE, pointer, `"${range}" is not a valid semver range`);
    }
  }
}

function filesUnder(files: PackageFiles, folder: string): string[] {
  return [...files.keys()].filter((path) => path.startsWith(`${folder}/`)).sort();
}

/**
 * Checks the folders against `kind`: a pattern package has workflows under `workflows/` and nothing
 * under `actions/`; an action package the reverse. Issues sit on the manifest's `/kind`.
 */
export function checkKind(
  manifest: Manifest,
  counts: { actions: number; workflows: number },
  files: PackageFiles,
  issues: IssueList,
): void {
  const [own, other, count] =
    manifest.kind === 'pattern'
      ? (['workflows', 'actions', counts.workflows] as const)
      : (['actions', 'workflows', counts.actions] as const);
  if (count === 0) {
    issues.add(
      'KIND_MISMATCH',
      MANIFEST_FILE,
      '/kind',
      `a ${manifest.kind} package needs at least one ${own}/<name>.yaml`,
    );
  }
  const stray = filesUnder(files, other);
  if (stray.length > 0) {
    const shown = stray.slice(0, 3).join(', ') + (stray.length > 3 ? ', …' : '');
    issues.add(
      'KIND_MISMATCH',
      MANIFEST_FILE,
      '/kind',
      `a ${manifest.kind} package has no ${other}/ folder, but it contains ${shown}`,
    );
  }
}
