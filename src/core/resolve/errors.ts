/**
 * The errors resolution raises, worded for the person who has to fix their ranges: which package,
 * which ranges, and who asked for each.
 */
import { RegistryError } from '../errors.js';
import type { Packument } from '../types.js';
import { type FetchFailure, isMissingPackage } from './fetcher.js';
import { matchingVersions, parseSelector, type Selector, versionsNewestFirst } from './selector.js';
import type { ConflictDetails, DependencyRequest, VersionNotFoundDetails } from './types.js';

const MAX_AVAILABLE = 10;

function describeRequester(from: DependencyRequest['from']): string {
  return from === 'root' ? 'patternhub.yaml' : from;
}

function describeRequests(requests: readonly DependencyRequest[]): string {
  return requests.map((request) => `${request.range} (from ${describeRequester(request.from)})`).join(', ');
}

/** Root first, then by requester and range, so messages and details do not depend on discovery order. */
export function sortRequests(requests: readonly DependencyRequest[]): DependencyRequest[] {
  const key = (request: DependencyRequest) =>
    `${request.from === 'root' ? 0 : 1}${request.from}\0${request.range}`;
  return [...requests].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function requesterNames(requests: readonly DependencyRequest[]): string[] {
  const names = requests
    .filter((r) => r.from !== 'root')
    .map((r) => r.from.slice(0, r.from.lastIndexOf('@')));
  return [...new Set(names)];
}

/** `RESOLUTION_CONFLICT`: every range is satisfiable alone, but no version satisfies them all. */
export function conflictError(
  name: string,
  requests: readonly DependencyRequest[],
  why?: string,
): RegistryError {
  const sorted = sortRequests(requests);
  const others = requesterNames(sorted);
  const fromRoot = sorted.some((request) => request.from === 'root');
  const fix = fromRoot
    ? `Change the range of ${name} in patternhub.yaml${others.length ? `, or pin versions of ${others.join(', ')} whose ranges for it overlap` : ''}.`
    : `Pin versions of ${others.join(', ')} in patternhub.yaml whose ranges for ${name} overlap, or ask their maintainers to widen them.`;
  return new RegistryError(
    'RESOLUTION_CONFLICT',
    `No version of ${name} satisfies every range asking for it: ${describeRequests(sorted)}${why ? ` (${why})` : ''}`,
    {
      details: { name, requests: sorted } satisfies ConflictDetails,
      hint: `${fix} \`patternhub info ${name}\` lists its versions.`,
    },
  );
}

/** `VERSION_NOT_FOUND`: one range, on its own, matches no version the package has. */
export function versionNotFoundError(
  packument: Packument,
  name: string,
  request: DependencyRequest,
  requests: readonly DependencyRequest[],
  includePrerelease: boolean,
): RegistryError {
  const available = versionsNewestFirst(packument)
    .filter((version) => !packument.versions[version]!.yanked)
    .slice(0, MAX_AVAILABLE);
  const selector = parseSelector(packument, request.range, includePrerelease);
  const what = selector
    ? `No version of ${name} matches ${request.range}`
    : `"${request.range}" is neither a version, a semver range nor a dist-tag of ${name}`;
  return new RegistryError('VERSION_NOT_FOUND', `${what} (from ${describeRequester(request.from)})`, {
    details: {
      name,
      range: request.range,
      from: request.from,
      requests: sortRequests(requests),
      available,
    } satisfies VersionNotFoundDetails,
    hint: notFoundHint(packument, name, selector, available),
  });
}

function notFoundHint(
  packument: Packument,
  name: string,
  selector: Selector | undefined,
  available: string[],
) {
  if (selector?.kind === 'range') {
    const [prerelease] = matchingVersions(packument, [parseSelector(packument, selector.raw, true)!]);
    if (prerelease) {
      return `Only prereleases of ${name} match ${selector.raw}; ask for one by name (e.g. ^${prerelease.version}) or allow prereleases.`;
    }
    if (
      matchingVersions(packument, [selector], { allowYanked: new Set(Object.keys(packument.versions)) })
        .length
    ) {
      return `Every version of ${name} matching ${selector.raw} is yanked; pin an exact version to use one anyway.`;
    }
  }
  return available.length
    ? `Newest versions of ${name}: ${available.join(', ')}.`
    : `${name} has no installable version.`;
}

/**
 * A failed packument fetch. A missing package gets the requesters added to its message (the registry's
 * own 404 cannot know who asked); any other error (network, auth) is passed through untouched.
 */
export function fetchError(failure: FetchFailure, requests: readonly DependencyRequest[]): unknown {
  if (!isMissingPackage(failure)) return failure.error;
  const original = failure.error as RegistryError;
  const requiredBy = sortRequests(requests).map((request) => request.from);
  return new RegistryError(
    'PACKAGE_NOT_FOUND',
    `Package ${failure.name} not found (required by ${[...new Set(requiredBy)].map(describeRequester).join(', ')})`,
    {
      cause: original,
      details: { name: failure.name, requiredBy: [...new Set(requiredBy)] },
      hint:
        original.hint ??
        'Check the spelling, and that the registry configured for its scope is the right one.',
    },
  );
}
