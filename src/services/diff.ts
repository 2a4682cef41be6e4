import type { PackageDiff } from '../core/diff/index.js';
import { RegistryError } from '../core/errors.js';
import { parsePackageSpec } from '../core/names.js';
import type { PackageFiles } from '../core/package-files.js';
import { pickVersion } from '../core/resolve/index.js';
import type { Actor } from './actor.js';
import { findVisiblePackage, findVisibleVersion } from './package-lookup.js';
import { documentOf } from './read-package.js';
import type { ServiceDeps } from './services.js';

/** Diffs kept in memory, most recently used last. */
const DIFF_CACHE_ENTRIES = 64;
const diffCache = new Map<string, PackageDiff>();

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
 * from different scopes. Both sides must be visible to the caller (a private one is a 404). The
 * comparison runs in the analysis worker, and is cached by the two integrities; `sides: true` also
 * brings back both versions' files (the web diff page draws them).
 */
export async function diffVersions(
  deps: ServiceDeps,
  actor: Actor | null,
  from: string | undefined,
  to: string | undefined,
  options: { sides?: boolean } = {},
): Promise<{ diff: PackageDiff; public: boolean; exact: boolean; sides?: [PackageFiles, PackageFiles] }> {
  const [a, b] = [await resolveSide(deps, actor, from, 'from'), await resolveSide(deps, actor, to, 'to')];
  // Versions are immutable, so two integrities always give the same diff: computed once.
  const key = `${a.row.integrity} ${b.row.integrity}`;
  let diff = diffCache.get(key);
  let sides: [PackageFiles, PackageFiles] | undefined;
  if (!diff || options.sides) {
    const load = async (row: typeof a.row) => {
      const tarball = await deps.blobs.get(row.blobKey);
      if (!tarball) throw new Error(`blob ${row.blobKey.slice(0, 12)} is missing`);
      return tarball;
    };
    const [tarballA, tarballB] = await Promise.all([load(a.row), load(b.row)]);
    const answer = await deps.analysis.run({
      kind: 'diff',
      from: tarballA,
      to: tarballB,
      limits: deps.limits,
      compare: !diff,
      files: options.sides === true,
    });
    diff ??= answer.diff!;
    sides = answer.sides;
  }
  diffCache.delete(key);
  diffCache.set(key, diff);
  while (diffCache.size > DIFF_CACHE_ENTRIES) diffCache.delete(diffCache.keys().next().value!);
  return {
    diff,
    public: a.pkg.access === 'public' && b.pkg.access === 'public',
    // Versions are immutable, so a diff of two exact versions is too; tags and ranges may move.
    exact: a.exact && b.exact,
    ...(sides ? { sides } : {}),
  };
}
