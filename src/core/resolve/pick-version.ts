import { LATEST_TAG } from '../dist-tags.js';
import type { Packument, PackumentVersion } from '../types.js';
import { matchingVersions, parseSelector, rankCandidates } from './selector.js';

export interface PickVersionOptions {
  /** Let ranges match prerelease versions even when the range itself names no prerelease. */
  includePrerelease?: boolean;
}

/**
 * Chooses the version of one package that a selector means, or undefined when none fits.
 *
 * - `undefined` means the `latest` dist-tag (or the newest stable version when there is no such tag);
 * - a dist-tag means the version it points to; an exact version means itself, even when yanked
 *   (like Cargo: a yank stops new ranges from choosing a version, not pinned users from getting it);
 * - a range means, among versions that satisfy it and are not yanked: the `latest` tag if it is one of
 *   them and not deprecated (npm's rule, so an untagged newer release is not picked up by accident),
 *   otherwise the newest non-deprecated one, otherwise the newest deprecated one.
 * Prereleases satisfy a range only when the range names a prerelease of the same major.minor.patch
 * (semver's rule) or `includePrerelease` is set.
 */
export function pickVersion(
  packument: Packument,
  selector: string | undefined,
  options: PickVersionOptions = {},
): PackumentVersion | undefined {
  const includePrerelease = options.includePrerelease ?? false;
  const parsed =
    parseSelector(packument, selector ?? LATEST_TAG, includePrerelease) ??
    (selector === undefined ? parseSelector(packument, '*', includePrerelease) : undefined);
  if (!parsed) return undefined;
  return rankCandidates(packument, matchingVersions(packument, [parsed]))[0];
}
