/**
 * The ranges asking for each package, and the versions that satisfy all of them. Shared by both
 * resolution strategies (`settle` and `search`), so they agree on what "satisfies" means.
 */
import { RegistryError } from '../errors.js';
import { isValidPackageName } from '../names.js';
import type { Packument, PackumentVersion } from '../types.js';
import { conflictError, sortRequests, versionNotFoundError } from './errors.js';
import { matchingVersions, parseSelector, rankCandidates, type Selector } from './selector.js';
import type { DependencyRequest, Requester, ResolveOptions } from './types.js';

/** The chosen version of each package so far. */
export type Picks = ReadonlyMap<string, PackumentVersion>;

/** Every range asking for each name. */
export type Requests = ReadonlyMap<string, readonly DependencyRequest[]>;

/** Options read once, shared by every step of one resolution. */
export interface ResolveContext {
  includePrerelease: boolean;
  /** name → the version a previous lockfile chose. */
  locked: ReadonlyMap<string, string>;
}

export function createContext(options: ResolveOptions): ResolveContext {
  const locked = new Map<string, string>();
  for (const [name, entry] of Object.entries(options.locked?.packages ?? {})) locked.set(name, entry.version);
  return { includePrerelease: options.includePrerelease ?? false, locked };
}

export function requesterOf(name: string, version: string): Requester {
  return `${name}@${version}` as Requester;
}

/** The dependencies a picked version adds, checked: a name from the registry becomes a folder on disk. */
export function dependencyRequests(name: string, picked: PackumentVersion): [string, DependencyRequest][] {
  const from = requesterOf(name, picked.version);
  return Object.entries(picked.dependencies).map(([dependency, range]) => {
    if (!isValidPackageName(dependency) || typeof range !== 'string') {
      throw new RegistryError('INVALID_PACKAGE', `${from} declares an invalid dependency "${dependency}"`, {
        details: { name, version: picked.version, dependency, range },
        hint: 'The registry returned metadata that no valid package has; report it to its operators.',
      });
    }
    return [dependency, { range, from }];
  });
}

/**
 * Walks from the roots through the current picks and collects, for every package reached, the ranges
 * asking for it. Packages no longer reached (their requester moved to a version without them) drop out.
 * Breadth-first, and a package is queued only the first time it is asked for, so cycles are walked once.
 */
export function collectRequests(
  roots: Readonly<Record<string, string>>,
  picks: Picks,
): Map<string, DependencyRequest[]> {
  const requests = new Map<string, DependencyRequest[]>();
  const queue: string[] = [];
  const ask = (name: string, request: DependencyRequest) => {
    const list = requests.get(name);
    if (list) list.push(request);
    else {
      requests.set(name, [request]);
      queue.push(name);
    }
  };
  for (const [name, range] of Object.entries(roots)) ask(name, { range, from: 'root' });
  for (let index = 0; index < queue.length; index++) {
    const name = queue[index]!;
    const picked = picks.get(name);
    if (!picked) continue;
    for (const [dependency, request] of dependencyRequests(name, picked)) ask(dependency, request);
  }
  return requests;
}

function selectorsFor(packument: Packument, requests: readonly DependencyRequest[], context: ResolveContext) {
  const selectors: Selector[] = [];
  for (const request of requests) {
    const selector = parseSelector(packument, request.range, context.includePrerelease);
    if (!selector) return undefined;
    selectors.push(selector);
  }
  return selectors;
}

/**
 * Versions satisfying every request, best first (see `rankCandidates`). `current` is the version chosen
 * in the previous round, preferred after the locked one when the caller wants choices to stick.
 */
export function candidatesFor(
  name: string,
  packument: Packument,
  requests: readonly DependencyRequest[],
  context: ResolveContext,
  current?: string,
): PackumentVersion[] {
  const selectors = selectorsFor(packument, requests, context);
  if (!selectors) return [];
  const locked = context.locked.get(name);
  const matching = matchingVersions(packument, selectors, {
    allowYanked: locked === undefined ? undefined : new Set([locked]),
  });
  const preferred = [locked, current].filter((version): version is string => version !== undefined);
  return rankCandidates(packument, matching, preferred);
}

/** The error for a package no version of which fits: one range alone matching nothing, or a conflict. */
export function unsatisfiableError(
  name: string,
  packument: Packument,
  requests: readonly DependencyRequest[],
  context: ResolveContext,
): RegistryError {
  for (const request of sortRequests(requests)) {
    if (candidatesFor(name, packument, [request], context).length === 0) {
      return versionNotFoundError(packument, name, request, requests, context.includePrerelease);
    }
  }
  return conflictError(name, requests);
}
