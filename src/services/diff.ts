import { diffPackages, type PackageDiff } from '../core/diff/index.js';
import { RegistryError } from '../core/errors.js';
import { parsePackageSpec } from '../core/names.js';
import { readPackageDocsPaced } from '../core/package-docs.js';
import type { PackageFiles } from '../core/package-files.js';
import { pickVersion } from '../core/resolve/index.js';
import { unpackTarball } from '../core/tarball/index.js';
import type { Actor } from './actor.js';
import { findVisiblePackage, findVisibleVersion } from './package-lookup.js';
import { documentOf } from './read-package.js';
import type { ServiceDeps } from './services.js';

/** Diffs kept in memory, most recently used last. */
const DIFF_CACHE_ENTRIES = 64;
const diffCache = new Map<string, PackageDiff>();

/** Most changed lines an answer carries; past it files are listed with their counts only (`tooLarge`). */
export const MAX_DIFF_HUNK_LINES = 20_000;

/** Keeps an answer's size bounded: hunks until the line budget is spent, then counts only. */
function boundAnswer(diff: PackageDiff): PackageDiff {
  let budget = MAX_DIFF_HUNK_LINES;
  const files = diff.files.map((file) => {
    const lines = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
    if (lines <= budget) {
      budget -= lines;
      return file;
    }
    budget = 0;
    return { ...file, hunks: [], tooLarge: true };
  });
  return { ...diff, files };
}

const EXACT_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** `@scope/name@version` (or a tag or range, resolved like an install would) to one version row. */
async function resolveSide(deps: ServiceDeps, actor: Actor | null, raw: string | undefined, label: string) {
  if (!raw)
    throw new RegistryError(
      'BAD_REQUEST',
      `"${label}" must name a package version, e.g. @acme/disk-full@1.2.0`,
    );
  const spec = parsePackageSpec(raw);
  const pkg = await findVisiblePackage(deps.db, actor, spec.scope, spec.name);
  let version = spec.selector;
  const exact = version !== undefined && EXACT_VERSION.test(version);
  if (!exact) {
    const picked = pickVersion(await documentOf(deps.db, pkg), version);
    if (!picked)
      throw new RegistryError(
        'VERSION_NOT_FOUND',
        `No version of ${pkg.fullName} matches "${version ?? 'latest'}"`,
      );
    version = picked.version;
  }
  const { row } = await findVisibleVersion(deps.db, actor, spec.scope, spec.name, version!);
  return { pkg, row, exact };
}

/**
 * The semantic and text diff between two published versions, of one package or of two packages
 * from different scopes. Both sides must be visible to the caller (a private one is a 404).
 */
export async function diffVersions(
  deps: ServiceDeps,
  actor: Actor | null,
  from: string | undefined,
  to: string | undefined,
): Promise<{ diff: PackageDiff; public: boolean; exact: boolean; sides: [PackageFiles, PackageFiles] }> {
  const [a, b] = [await resolveSide(deps, actor, from, 'from'), await resolveSide(deps, actor, to, 'to')];
  const load = async (row: typeof a.row) => {
    const tarball = await deps.blobs.get(row.blobKey);
    if (!tarball) throw new Error(`blob ${row.blobKey.slice(0, 12)} is missing`);
    return unpackTarball(tarball, deps.limits);
  };
  // Versions are immutable, so two integrities always give the same diff: computed once.
  const key = `${a.row.integrity} ${b.row.integrity}`;
  // Unpacking is cheap and bounded; comparing is what costs, so only the comparison is cached.
  const [filesA, filesB] = await Promise.all([load(a.row), load(b.row)]);
  let diff = diffCache.get(key);
  if (diff) diffCache.delete(key);
  else {
    // Parsed a document at a time, yielding between them: a large diff never holds health for long.
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    const docsA = await readPackageDocsPaced(filesA, deps.limits, pause);
    const docsB = await readPackageDocsPaced(filesB, deps.limits, pause);
    diff = boundAnswer(diffPackages({ files: filesA, docs: docsA }, { files: filesB, docs: docsB }));
  }
  diffCache.set(key, diff);
  while (diffCache.size > DIFF_CACHE_ENTRIES) diffCache.delete(diffCache.keys().next().value!);
  return {
    diff,
    public: a.pkg.access === 'public' && b.pkg.access === 'public',
    // Versions are immutable, so a diff of two exact versions is too; tags and ranges may move.
    exact: a.exact && b.exact,
    // The unpacked files of both sides, for a caller that draws them (the web diff page).
    sides: [filesA, filesB],
  };
}
