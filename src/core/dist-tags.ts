/**
 * Dist-tags: what a tag may be called, and how `latest` moves. The server applies these rules on
 * publish, tag changes and removal; the resolver reads `latest` as the default selector.
 */
import semver from 'semver';
import { RegistryError } from './errors.js';

/** The tag a missing selector means, and the one every package has (as in npm). */
export const LATEST_TAG = 'latest';

const TAG_NAME = /^[a-z][a-z0-9._-]{0,31}$/i;

/** A tag is a short word that cannot be read as a version or a range (so `@x/y@1.2` is never a tag). */
export function isValidDistTag(tag: string): boolean {
  return TAG_NAME.test(tag) && semver.validRange(tag) === null;
}

/** @throws RegistryError `BAD_REQUEST` for a tag `isValidDistTag` refuses. */
export function requireValidDistTag(tag: string): void {
  if (!isValidDistTag(tag)) {
    throw new RegistryError('BAD_REQUEST', `"${tag}" is not a valid dist-tag`, {
      hint: 'A tag is a word such as beta or next; it may not look like a version or range.',
    });
  }
}

/**
 * Whether publishing `version` under `tag` points the tag at it. Any other tag simply moves;
 * `latest` moves only to a release (never a prerelease) above the current one, or away from a
 * prerelease, so `publish --tag beta` and backports leave it alone.
 */
export function publishMovesTag(tag: string, current: string | undefined, version: string): boolean {
  if (tag !== LATEST_TAG || current === undefined) return true;
  return (
    semver.prerelease(version) === null &&
    (semver.prerelease(current) !== null || semver.gt(version, current))
  );
}

/**
 * Where `latest` goes when the version it names is removed: the highest remaining release, else the
 * highest remaining prerelease, else nowhere (undefined: the tag is dropped).
 */
export function latestAfterRemoval(remaining: readonly string[]): string | undefined {
  return (
    semver.maxSatisfying([...remaining], '*') ??
    semver.maxSatisfying([...remaining], '*', { includePrerelease: true }) ??
    undefined
  );
}
