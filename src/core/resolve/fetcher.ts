/**
 * Fetches packuments through the injected source: each name at most once, a batch in parallel.
 */
import { isRegistryError } from '../errors.js';
import type { Packument } from '../types.js';
import type { PackumentSource } from './types.js';

export interface FetchFailure {
  name: string;
  error: unknown;
}

export interface PackumentFetcher {
  /** Fetches every name not fetched yet, in parallel. Failures come back sorted by name, never thrown. */
  fetchAll(names: Iterable<string>): Promise<FetchFailure[]>;
  /** A packument already fetched successfully. */
  get(name: string): Packument | undefined;
}

export function createFetcher(source: PackumentSource): PackumentFetcher {
  const done = new Map<string, Packument>();
  const failed = new Map<string, unknown>();
  // Pending requests are shared, so a name asked for twice while in flight is still fetched once.
  const inFlight = new Map<string, Promise<void>>();

  const fetchOne = (name: string): Promise<void> => {
    let pending = inFlight.get(name);
    if (!pending) {
      pending = Promise.resolve()
        .then(() => source.getPackument(name))
        .then(
          (packument) => void done.set(name, packument),
          (error: unknown) => void failed.set(name, error),
        );
      inFlight.set(name, pending);
    }
    return pending;
  };

  return {
    async fetchAll(names) {
      const wanted = [...new Set(names)].sort();
      // allSettled semantics by construction: fetchOne never rejects, so one 404 does not abandon the
      // others mid-flight, and the error reported is the first by name rather than the first to arrive.
      await Promise.all(wanted.map(fetchOne));
      return wanted.filter((name) => failed.has(name)).map((name) => ({ name, error: failed.get(name) }));
    },
    get: (name) => done.get(name),
  };
}

/** True for the one fetch failure that a different choice of versions can route around. */
export function isMissingPackage(failure: FetchFailure): boolean {
  return isRegistryError(failure.error, 'PACKAGE_NOT_FOUND');
}
