/**
 * Getting the tarballs of an install: from the cache when it holds the right bytes, otherwise from
 * each package's registry, several at once. Every tarball is checked against its integrity before
 * anything else sees it; a download goes into the cache only after that check.
 */

import { tarballPath } from '../../src/core/api-paths.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import { isIntegrity, verifyIntegrity } from '../../src/core/tarball/integrity.js';
import type { TarballCache } from './cache.js';
import type { Registries } from './registries.js';

/** One package to fetch, as the lockfile names it. */
export interface FetchTarget {
  name: string;
  version: string;
  integrity: string;
  registry: string;
}

export interface FetchedTarball {
  bytes: Uint8Array;
  source: 'cache' | 'registry';
}

export interface FetchOptions {
  cache: TarballCache;
  registries: Registries;
  offline: boolean;
  /** Downloads in flight at once. Node's fetch keeps connections alive, so this is also the socket count. */
  concurrency?: number;
  /** Attempts after the first for a network failure or a 5xx. */
  retries?: number;
  /**
   * Called as each verified tarball arrives, while others are still downloading: work done here (the
   * install unpacks) overlaps the network. Throwing fails the whole fetch.
   */
  onFetched?: (target: FetchTarget, tarball: FetchedTarball) => void;
  /** Cache damage found and repaired by downloading again. */
  onWarning?: (message: string) => void;
}

export const DEFAULT_CONCURRENCY = 16;

/** Runs `task` over `items` with at most `limit` in flight; the first failure rejects (others finish). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    // Stop taking new work after a failure: the install is lost anyway, and the user waits.
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await task(items[index]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}

/** A small concurrency gate for calls made one by one (the resolver's metadata requests). */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries what a second try can fix: refused or reset connections, timeouts, 5xx answers. */
export async function withRetries<T>(retries: number, task: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= retries || !isRegistryError(error, 'NETWORK_ERROR')) throw error;
      await sleep(100 * 2 ** attempt);
    }
  }
}

async function download(target: FetchTarget, options: FetchOptions): Promise<Uint8Array> {
  const client = options.registries.clientFor(target.registry);
  return withRetries(options.retries ?? 2, async () => {
    try {
      return await client.bytes(tarballPath(target.name, target.version));
    } catch (error) {
      if (isRegistryError(error)) {
        if (error.code === 'NETWORK_ERROR' || error.exitCode === 7) throw error;
        throw new RegistryError(error.code, `${target.name}@${target.version}: ${error.message}`, {
          hint:
            error.code === 'NOT_FOUND' || error.code.endsWith('_NOT_FOUND')
              ? `${target.registry} does not serve ${target.name}@${target.version}; if it is private, check the token for that registry (\`patternhub login --registry ${target.registry}\`).`
              : error.hint,
          details: { ...(error.details as object), name: target.name, version: target.version },
          cause: error,
        });
      }
      // The connection broke while the body was arriving (fetch's "terminated"): a network failure.
      throw new RegistryError(
        'NETWORK_ERROR',
        `Downloading ${target.name}@${target.version} from ${target.registry} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  });
}

function mismatch(target: FetchTarget, actual: string, where: string, hint: string): RegistryError {
  return new RegistryError(
    'INTEGRITY_MISMATCH',
    `${target.name}@${target.version} ${where} does not match its integrity ${target.integrity}`,
    { details: { name: target.name, version: target.version, expected: target.integrity, actual }, hint },
  );
}

/** Fetches one tarball: the cache first, then (unless offline) its registry. */
export async function fetchTarball(target: FetchTarget, options: FetchOptions): Promise<FetchedTarball> {
  if (!isIntegrity(target.integrity)) {
    throw mismatch(
      target,
      '',
      'in the lockfile',
      `The lockfile's integrity is not a sha512 digest; delete patternhub.lock and install again.`,
    );
  }
  const cached = options.cache.getTarball(target.integrity);
  if (cached.status === 'hit') return { bytes: cached.bytes, source: 'cache' };
  if (cached.status === 'corrupt') {
    if (options.offline) {
      throw mismatch(
        target,
        cached.actual,
        `in the cache ${options.cache.dir}`,
        'The damaged entry was removed; run the install again online to fetch it.',
      );
    }
    options.onWarning?.(
      `the cached tarball of ${target.name}@${target.version} was damaged; downloading it again`,
    );
  }
  if (options.offline) {
    throw new RegistryError(
      'OFFLINE_CACHE_MISS',
      `${target.name}@${target.version} is not in the cache ${options.cache.dir}`,
      {
        details: { name: target.name, version: target.version, integrity: target.integrity },
        hint: 'Run the install once online (or point --cache at a cache that has it), then use --offline.',
      },
    );
  }
  const bytes = await download(target, options);
  try {
    verifyIntegrity(bytes, target.integrity);
  } catch (error) {
    if (!isRegistryError(error, 'INTEGRITY_MISMATCH')) throw error;
    const actual = (error.details as { actual?: string } | undefined)?.actual ?? '';
    throw mismatch(
      target,
      actual,
      `as downloaded from ${target.registry}`,
      'The download was corrupted on the way, or the registry serves other bytes than the lockfile recorded. Nothing was installed; if the lockfile was edited by hand, restore it from version control.',
    );
  }
  options.cache.putTarball(target.integrity, bytes);
  return { bytes, source: 'registry' };
}

/** Fetches every target, `concurrency` at a time; results in the order of `targets`. */
export async function fetchTarballs(
  targets: readonly FetchTarget[],
  options: FetchOptions,
): Promise<FetchedTarball[]> {
  return mapLimit(targets, options.concurrency ?? DEFAULT_CONCURRENCY, async (target) => {
    const fetched = await fetchTarball(target, options);
    options.onFetched?.(target, fetched);
    return fetched;
  });
}
