/**
 * Selectors (exact version, semver range, dist-tag) and the order in which matching versions are
 * preferred. Shared by `pickVersion` (one selector) and `resolveGraph` (every range asking for a name),
 * so a single request resolves the same way in both.
 */
import semver from 'semver';
import { LATEST_TAG } from '../dist-tags.js';
import type { Packument, PackumentVersion } from '../types.js';

export type SelectorKind = 'tag' | 'version' | 'range';

export interface Selector {
  kind: SelectorKind;
  raw: string;
  matches(version: string): boolean;
}

/**
 * Reads a selector against one package. A dist-tag wins over a range of the same spelling (registries
 * refuse tags that are valid ranges, so this only matters for odd data). Undefined when the string is
 * neither a tag of this package, a version, nor a valid range: a typo'd tag and a malformed range look
 * alike, and both simply match nothing.
 */
export function parseSelector(
  packument: Packument,
  raw: string,
  includePrerelease: boolean,
): Selector | undefined {
  if (Object.hasOwn(packument.distTags, raw)) {
    const target = packument.distTags[raw]!;
    return { kind: 'tag', raw, matches: (version) => version === target };
  }
  const exact = semver.valid(raw);
  if (exact !== null) {
    return { kind: 'version', raw, matches: (version) => semver.eq(version, exact) };
  }
  let range: semver.Range;
  try {
    range = new semver.Range(raw, { includePrerelease });
  } catch {
    return undefined;
  }
  return { kind: 'range', raw, matches: (version) => range.test(version) };
}

const sortedCache = new WeakMap<Packument, string[]>();

/** The packument's valid versions, newest first. Keys that are not semver are ignored, not fatal. */
export function versionsNewestFirst(packument: Packument): string[] {
  let sorted = sortedCache.get(packument);
  if (!sorted) {
    sorted = Object.keys(packument.versions)
      .filter((version) => semver.valid(version) !== null)
      .sort(semver.rcompare);
    sortedCache.set(packument, sorted);
  }
  return sorted;
}

export interface CandidateOptions {
  /** Versions a lockfile chose: kept even when yanked since, as Cargo does, so old lockfiles still install. */
  allowYanked?: ReadonlySet<string>;
}

/**
 * Versions matching every selector, newest first. Yanked versions only when a selector names exactly
 * that version (an exact version or a tag) or `allowYanked` has it: a yank hides a version from ranges
 * but never breaks a project that pinned it.
 */
export function matchingVersions(
  packument: Packument,
  selectors: readonly Selector[],
  options: CandidateOptions = {},
): PackumentVersion[] {
  const out: PackumentVersion[] = [];
  for (const version of versionsNewestFirst(packument)) {
    if (!selectors.every((selector) => selector.matches(version))) continue;
    const entry = packument.versions[version]!;
    if (entry.yanked) {
      const pinned = selectors.some((selector) => selector.kind !== 'range' && selector.matches(version));
      if (!pinned && !options.allowYanked?.has(version)) continue;
    }
    out.push(entry);
  }
  return out;
}

/**
 * Orders matching versions by preference, best first:
 * 1. `preferred` versions, in the order given (a lockfile's choice, then the previous round's pick);
 * 2. the `latest` dist-tag when it matches and is neither deprecated nor yanked. Like npm: a publisher
 *    may put out a newer version without tagging it `latest` (a trial, a backport on an old line), and
 *    users should not get it by accident;
 * 3. versions neither deprecated nor yanked, newest first (like npm, avoid deprecated when we can);
 * 4. the rest, newest first.
 * `candidates` must come from `matchingVersions` (newest first).
 */
export function rankCandidates(
  packument: Packument,
  candidates: readonly PackumentVersion[],
  preferred: readonly string[] = [],
): PackumentVersion[] {
  const byVersion = new Map(candidates.map((entry) => [entry.version, entry]));
  const ranked = new Map<string, PackumentVersion>();
  const add = (entry: PackumentVersion | undefined) => {
    if (entry && !ranked.has(entry.version)) ranked.set(entry.version, entry);
  };
  for (const version of preferred) add(byVersion.get(version));
  const latest = byVersion.get(packument.distTags[LATEST_TAG] ?? '');
  if (latest && !latest.deprecated && !latest.yanked) add(latest);
  for (const entry of candidates) if (!entry.deprecated && !entry.yanked) add(entry);
  for (const entry of candidates) add(entry);
  return [...ranked.values()];
}
