import { RegistryError } from '../errors.js';
import { parsePackageName } from '../names.js';
import { fetchError, versionNotFoundError } from './errors.js';
import { createFetcher } from './fetcher.js';
import { candidatesFor, collectRequests, createContext, type Picks } from './requests.js';
import { search } from './search.js';
import { settle } from './settle.js';
import type { PackumentSource, ResolvedGraph, ResolvedPackage, ResolveOptions } from './types.js';

/**
 * Resolves a project's dependencies into a flat set: one version per package name, as the install
 * folder `.patternhub/packages/@scope/name/` holds them.
 *
 * For every package reached from the roots, every range asking for it (from `patternhub.yaml` and from
 * the chosen versions of other packages) must be satisfied by the one version chosen. Among the versions
 * that satisfy them all, the choice follows `pickVersion`'s order, with the `locked` version first when
 * it still fits. Choosing a version can bring new ranges, so this repeats until nothing changes; if that
 * fails, a bounded backtracking search tries older versions of the packages that clash.
 *
 * I/O is only `source.getPackument`, called at most once per name, in parallel for each wave of newly
 * reached packages. The result is deterministic: same packuments, same answer, keys sorted.
 *
 * @throws RegistryError `INVALID_NAME` for a bad root name; `VERSION_NOT_FOUND` when one range matches
 *   no version at all; `RESOLUTION_CONFLICT` (details `{ name, requests: [{ range, from }] }`) when
 *   ranges cannot be satisfied together; `PACKAGE_NOT_FOUND` (details `{ name, requiredBy }`) for a
 *   package the registry does not have; the source's own errors (network, auth) unchanged.
 */
export async function resolveGraph(
  roots: Readonly<Record<string, string>>,
  source: PackumentSource,
  options: ResolveOptions = {},
): Promise<ResolvedGraph> {
  for (const [name, range] of Object.entries(roots)) {
    parsePackageName(name);
    if (typeof range !== 'string') {
      throw new RegistryError('INVALID_VERSION', `The range of ${name} must be a string`, {
        details: { name },
      });
    }
  }
  const context = createContext(options);
  const fetcher = createFetcher(source);

  // A root range that matches nothing on its own cannot be mended by choosing other versions, and is
  // the likeliest mistake (a typo, a version not published yet): report it before anything else.
  const rootRequests = collectRequests(roots, new Map());
  const [failure] = await fetcher.fetchAll(rootRequests.keys());
  if (failure) throw fetchError(failure, rootRequests.get(failure.name)!);
  for (const [name, requests] of [...rootRequests].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const packument = fetcher.get(name)!;
    if (candidatesFor(name, packument, requests, context).length === 0) {
      throw versionNotFoundError(packument, name, requests[0]!, requests, context.includePrerelease);
    }
  }

  const settled = await settle(roots, fetcher, context);
  if ('picks' in settled) return toGraph(roots, settled.picks);
  const found = await search(roots, fetcher, context);
  if (found) return toGraph(roots, found);
  // The search explored older versions too and found nothing; what `settle` hit, with the newest
  // versions, is the clash the user can best act on.
  throw settled.error;
}

function sortRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function toGraph(roots: Readonly<Record<string, string>>, picks: Picks): ResolvedGraph {
  const packages: Record<string, ResolvedPackage> = {};
  for (const name of [...picks.keys()].sort()) {
    const entry = picks.get(name)!;
    packages[name] = {
      version: entry.version,
      integrity: entry.integrity,
      dependencies: sortRecord(entry.dependencies),
      tarball: entry.tarball,
      ...(entry.signatures ? { signatures: entry.signatures } : {}),
      ...(entry.publishedAt ? { publishedAt: entry.publishedAt } : {}),
      ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
      ...(entry.yanked ? { yanked: true as const } : {}),
      ...(entry.bumpOverride ? { bumpOverride: entry.bumpOverride } : {}),
    };
  }
  const rootVersions: Record<string, string> = {};
  for (const name of Object.keys(roots).sort()) rootVersions[name] = picks.get(name)!.version;
  return { packages, roots: rootVersions };
}
