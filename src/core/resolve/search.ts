/**
 * The fallback strategy, for graphs `settle` cannot finish: a depth-first search with backtracking over
 * versions, so that when the newest version of some package asks for a range that clashes with the rest,
 * an older version of it that does not is tried. Bounded by a step budget: version selection is
 * NP-complete, and a user is better served by the conflict `settle` found than by a long wait.
 */
import type { PackumentVersion } from '../types.js';
import { isMissingPackage, type PackumentFetcher } from './fetcher.js';
import {
  candidatesFor,
  collectRequests,
  dependencyRequests,
  type Picks,
  type Requests,
  type ResolveContext,
} from './requests.js';
import { parseSelector } from './selector.js';
import type { DependencyRequest } from './types.js';

/** Versions tried before giving up. */
const MAX_STEPS = 2_000;

/** A consistent set of picks reaching every requested package, or undefined when none was found. */
export async function search(
  roots: Readonly<Record<string, string>>,
  fetcher: PackumentFetcher,
  context: ResolveContext,
): Promise<Picks | undefined> {
  let steps = 0;

  const fits = (picks: Picks, name: string, request: DependencyRequest): boolean => {
    const picked = picks.get(name);
    if (!picked) return true;
    const selector = parseSelector(fetcher.get(name)!, request.range, context.includePrerelease);
    return selector?.matches(picked.version) ?? false;
  };

  const solve = async (picks: Picks, requests: Requests): Promise<Picks | undefined> => {
    const pending = [...requests.keys()].filter((name) => !picks.has(name)).sort();
    if (pending.length === 0) return picks;
    const failures = await fetcher.fetchAll(pending);
    // A package that does not exist only closes this branch; any other failure is the registry's.
    const fatal = failures.find((failure) => !isMissingPackage(failure));
    if (fatal) throw fatal.error;
    if (failures.length > 0) return undefined;

    // Fail first: branch on the package with the fewest candidates, so dead ends surface near the top.
    let chosen: { name: string; candidates: PackumentVersion[] } | undefined;
    for (const name of pending) {
      const candidates = candidatesFor(name, fetcher.get(name)!, requests.get(name)!, context);
      if (candidates.length === 0) return undefined;
      if (!chosen || candidates.length < chosen.candidates.length) chosen = { name, candidates };
    }
    const { name, candidates } = chosen!;

    for (const candidate of candidates) {
      if (++steps > MAX_STEPS) return undefined;
      const nextPicks = new Map(picks).set(name, candidate);
      const added = dependencyRequests(name, candidate);
      // Ranges on packages already chosen are checked now; the others join their package's requests.
      if (!added.every(([dependency, request]) => fits(nextPicks, dependency, request))) continue;
      const nextRequests = new Map(requests);
      for (const [dependency, request] of added) {
        nextRequests.set(dependency, [...(nextRequests.get(dependency) ?? []), request]);
      }
      const found = await solve(nextPicks, nextRequests);
      if (found) return found;
    }
    return undefined;
  };

  return solve(new Map(), collectRequests(roots, new Map()));
}
