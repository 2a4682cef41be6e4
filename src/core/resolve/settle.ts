/**
 * The main strategy: repeat "collect the ranges asking for each package, pick the best version
 * satisfying all of them" until the picks stop changing. Each round fetches the packuments of newly
 * reached packages in one parallel wave, so the number of waves is the depth of the graph.
 */
import type { RegistryError } from '../errors.js';
import type { PackumentVersion } from '../types.js';
import { conflictError, fetchError } from './errors.js';
import type { PackumentFetcher } from './fetcher.js';
import {
  candidatesFor,
  collectRequests,
  type Picks,
  type Requests,
  type ResolveContext,
  unsatisfiableError,
} from './requests.js';

/** A bound on rounds for graphs whose picks keep moving; real graphs settle in depth + 2 or so. */
const MAX_ROUNDS = 500;

export type SettleOutcome = { picks: Picks } | { error: RegistryError };

function stateKey(picks: Picks): string {
  return [...picks].map(([name, entry]) => `${name}@${entry.version}`).join(' ');
}

/**
 * Settles on one version per package, or says why it could not. A fetch failure throws at once (a
 * missing package or an unreachable registry is not something other versions should paper over);
 * an unsatisfiable package comes back as an error so that the caller may still try `search`.
 *
 * Termination: the next picks are a function of the current ones, so a repeated state means a cycle.
 * The first time, choices become sticky (a package keeps its version while it still fits), which breaks
 * the usual oscillation (A@2 asks for B@1, B@1 lets A go back to 2, …); a second cycle gives up.
 */
export async function settle(
  roots: Readonly<Record<string, string>>,
  fetcher: PackumentFetcher,
  context: ResolveContext,
): Promise<SettleOutcome> {
  let picks: Picks = new Map();
  let sticky = false;
  const seen = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const requests = collectRequests(roots, picks);
    const [failure] = await fetcher.fetchAll(requests.keys());
    if (failure) throw fetchError(failure, requests.get(failure.name)!);

    const next = new Map<string, PackumentVersion>();
    for (const name of [...requests.keys()].sort()) {
      const packument = fetcher.get(name)!;
      const asks = requests.get(name)!;
      const [best] = candidatesFor(
        name,
        packument,
        asks,
        context,
        sticky ? picks.get(name)?.version : undefined,
      );
      if (!best) return { error: unsatisfiableError(name, packument, asks, context) };
      next.set(name, best);
    }

    const key = stateKey(next);
    if (key === stateKey(picks)) return { picks: next };
    if (seen.has(key)) {
      if (sticky) return { error: unstableError(picks, next, requests) };
      sticky = true;
      seen.clear();
    }
    seen.add(key);
    picks = next;
  }
  return { error: unstableError(picks, picks, collectRequests(roots, picks)) };
}

function unstableError(previous: Picks, next: Picks, requests: Requests): RegistryError {
  const names = [...requests.keys()].sort();
  const moving = names.find((name) => previous.get(name)?.version !== next.get(name)?.version) ?? names[0]!;
  return conflictError(
    moving,
    requests.get(moving) ?? [],
    'the versions chosen for its requesters keep changing which ranges apply',
  );
}
