/**
 * Enforced semantic versioning: the bump a set of changes requires, the bump two versions make, and
 * the publish check that refuses a bump smaller than the changes need (`SEMVER_BUMP_MISMATCH`).
 *
 * Rules, as DESIGN.md fixes them:
 * - the required bump is the largest weight among the changes (see `CHANGE_KINDS`);
 * - under 1.0.0 it is one level lower, as the semver spec leaves 0.x to move fast and npm's caret
 *   ranges treat 0.x minors as breaking: a major change needs a minor bump, a minor change a patch;
 * - a prerelease counts as the release it precedes: 1.0.0 → 2.0.0-rc.1 is a major bump;
 * - within one prerelease series (2.0.0-rc.1 → 2.0.0-rc.2, or → 2.0.0) any change is allowed: the
 *   series already announced its size against the last release, and changing things between release
 *   candidates is what they are for.
 */
import semver from 'semver';
import { rankOf } from './diff/change-kinds.js';
import type { Bump, Change, Weight } from './diff/types.js';
import { RegistryError } from './errors.js';

/** What moving from one version to another amounts to. */
export type VersionBump = Weight | 'prerelease' | 'none' | 'downgrade';

function parseVersion(version: string, role: string): semver.SemVer {
  const parsed = semver.parse(version);
  if (!parsed) {
    throw new RegistryError(
      'INVALID_VERSION',
      `The ${role} version "${version}" is not a semver 2.0 version`,
      {
        hint: 'Versions look like 1.4.0 or 2.0.0-rc.1.',
      },
    );
  }
  return parsed;
}

/** The bump the changes require: their largest weight, or `none` when there are no changes. */
export function requiredBump(changes: readonly Pick<Change, 'weight'>[]): Bump {
  let largest: Bump = 'none';
  for (const change of changes) if (rankOf(change.weight) > rankOf(largest)) largest = change.weight;
  return largest;
}

/** The required bump as it applies to a package now at `fromVersion`: one level lower under 1.0.0. */
export function effectiveBump(required: Bump, fromVersion: string): Bump {
  if (parseVersion(fromVersion, 'previous').major > 0) return required;
  if (required === 'major') return 'minor';
  if (required === 'minor') return 'patch';
  return required;
}

/**
 * What moving from `fromVersion` to `toVersion` amounts to. A prerelease counts as the release it
 * leads to (1.0.0 → 2.0.0-rc.1 is `major`); staying on one release's prereleases, or releasing
 * them, is `prerelease`.
 */
export function bumpOf(fromVersion: string, toVersion: string): VersionBump {
  const from = parseVersion(fromVersion, 'previous');
  const to = parseVersion(toVersion, 'new');
  const order = semver.compare(from, to);
  if (order === 0) return 'none';
  if (order > 0) return 'downgrade';
  const sameRelease = from.major === to.major && from.minor === to.minor && from.patch === to.patch;
  if (sameRelease) return 'prerelease';
  if (to.major !== from.major) return 'major';
  if (to.minor !== from.minor) return 'minor';
  return 'patch';
}

/**
 * The next version for a bump, as `npm version` computes it (2.0.0-rc.1 with `major` gives 2.0.0);
 * `none` keeps the version.
 */
export function nextVersion(fromVersion: string, bump: Bump | 'prerelease'): string {
  const from = parseVersion(fromVersion, 'previous');
  if (bump === 'none') return from.version;
  return semver.inc(from.version, bump)!;
}

/** The lowest version that satisfies the changes, starting from `fromVersion` (with the 0.x rule). */
export function suggestVersion(fromVersion: string, changes: readonly Pick<Change, 'weight'>[]): string {
  const bump = effectiveBump(requiredBump(changes), fromVersion);
  return nextVersion(fromVersion, bump === 'none' ? 'patch' : bump);
}

/**
 * The version a new one is checked against: the highest published version below it, so a backport
 * (1.2.4 after 2.0.0 is out) is compared with 1.2.3, not with 2.0.0. Undefined for a first version.
 */
export function previousVersion(published: readonly string[], version: string): string | undefined {
  const candidate = parseVersion(version, 'new');
  let best: semver.SemVer | undefined;
  for (const text of published) {
    const parsed = semver.parse(text);
    if (parsed && semver.lt(parsed, candidate) && (!best || semver.gt(parsed, best))) best = parsed;
  }
  return best?.version;
}

/**
 * The version `patternhub bump` compares local changes with: the local version itself when it is
 * already published (the changes made since), else `previousVersion`, the one publish will compare
 * with. So bump and publish agree, backports included.
 */
export function bumpBase(published: readonly string[], localVersion: string): string | undefined {
  const local = semver.valid(localVersion);
  if (local && published.some((version) => semver.valid(version) === local)) return local;
  return previousVersion(published, localVersion);
}

/** The outcome of a passed check: what the changes need and what the versions give. */
export interface BumpCheck {
  /** The largest weight among the changes. */
  required: Bump;
  /** `required` after the 0.x rule: what the new version must at least be. */
  effective: Bump;
  actual: VersionBump;
}

/** What `SEMVER_BUMP_MISMATCH` carries in `details`. */
export interface BumpMismatchDetails {
  /** The bump needed (after the 0.x rule). */
  required: Bump;
  actual: VersionBump;
  from: string;
  to: string;
  /** The lowest version that would be accepted. */
  suggested: string;
  /** The changes that need a larger bump than the one made. */
  changes: Change[];
}

/**
 * Checks that going from `fromVersion` to `toVersion` is a large enough bump for the changes.
 * Throws `SEMVER_BUMP_MISMATCH`, listing the changes that need the larger bump, when it is not;
 * `INVALID_VERSION` when a version is not semver or `toVersion` is not above `fromVersion` (compare
 * with `previousVersion` of the new one, not with the latest).
 */
export function checkBump(fromVersion: string, toVersion: string, changes: readonly Change[]): BumpCheck {
  const actual = bumpOf(fromVersion, toVersion);
  const required = requiredBump(changes);
  const effective = effectiveBump(required, fromVersion);
  if (actual === 'downgrade' || actual === 'none') {
    throw new RegistryError('INVALID_VERSION', `${toVersion} is not above ${fromVersion}`, {
      hint: 'Compare a new version with the highest published version below it.',
      details: { from: fromVersion, to: toVersion, actual },
    });
  }
  if (actual === 'prerelease' || rankOf(actual) >= rankOf(effective)) return { required, effective, actual };

  // Which changes outgrow the bump made, judged the way the requirement was (0.x one level lower).
  const offending = changes.filter(
    (change) => rankOf(effectiveBump(change.weight, fromVersion)) > rankOf(actual),
  );
  const suggested = nextVersion(fromVersion, effective);
  const count = offending.length === 1 ? '1 change needs' : `${offending.length} changes need`;
  const first = offending[0] ? ` First: ${offending[0].message}.` : '';
  const details: BumpMismatchDetails = {
    required: effective,
    actual,
    from: fromVersion,
    to: toVersion,
    suggested,
    changes: offending,
  };
  throw new RegistryError(
    'SEMVER_BUMP_MISMATCH',
    `${fromVersion} → ${toVersion} is a ${actual} bump, but ${count} a ${effective} bump.${first}`,
    {
      hint: `Publish ${suggested} (or higher), or undo the changes listed; \`patternhub diff\` shows them.`,
      details,
    },
  );
}
