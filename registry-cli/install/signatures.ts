/**
 * Registry signatures at install time: each registry's keys fetched once per run (and kept in the
 * cache for `--offline`), every locked version verified against the keys of the registry it comes
 * from. A failure throws before anything is written, so the project stays as it was.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KEYS_PATH, versionPath } from '../../src/core/api-paths.js';
import type { KeysResponse, VersionDocument } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import type { Lockfile } from '../../src/core/lockfile.js';
import {
  type RegistryKey,
  type VersionSignature,
  verifyVersionSignature,
} from '../../src/core/signatures.js';
import { mapLimit } from './fetch-packages.js';
import type { Registries } from './registries.js';

export interface KeySource {
  /** The registry's keys, asked once per run; from the cache when offline. */
  keysOf(registry: string): Promise<RegistryKey[]>;
}

function keysFile(cacheDir: string, registry: string): string {
  return join(cacheDir, 'keys', `${createHash('sha256').update(registry).digest('hex').slice(0, 32)}.json`);
}

export function createKeySource(registries: Registries, cacheDir: string, offline: boolean): KeySource {
  const asked = new Map<string, Promise<RegistryKey[]>>();
  const load = async (registry: string): Promise<RegistryKey[]> => {
    const file = keysFile(cacheDir, registry);
    if (offline) {
      try {
        const kept = JSON.parse(readFileSync(file, 'utf8')) as { registry: string; keys: RegistryKey[] };
        if (kept.registry === registry && Array.isArray(kept.keys)) return kept.keys;
      } catch {
        // not kept: fall through to the error
      }
      throw new RegistryError(
        'OFFLINE_CACHE_MISS',
        `No signing keys of ${registry} in the cache ${cacheDir}`,
        {
          details: { registry },
          hint: 'Run the install once online so the keys are kept, then use --offline.',
        },
      );
    }
    const answer = await registries.clientFor(registry).json<Partial<KeysResponse>>('GET', KEYS_PATH);
    const keys = Array.isArray(answer.keys) ? answer.keys : [];
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify({ registry, keys }), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch {
      // A read-only cache costs only the offline case.
    }
    return keys;
  };
  return {
    keysOf(registry) {
      let pending = asked.get(registry);
      if (!pending) {
        pending = load(registry);
        asked.set(registry, pending);
      }
      return pending;
    },
  };
}

/** A version's signatures and publish time as its registry says now (`GET …/:version`). */
export async function readSignatures(
  registries: Registries,
  name: string,
  entry: { version: string; registry: string },
): Promise<{ signatures: VersionSignature[]; publishedAt: string | undefined }> {
  const document = await registries
    .clientFor(entry.registry)
    .json<Partial<VersionDocument>>('GET', versionPath(name, entry.version));
  return { signatures: document.dist?.signatures ?? [], publishedAt: document.publishedAt };
}

/** What a version's signature check needs beyond the lockfile entry. */
export interface SignatureInput {
  signatures: VersionSignature[] | undefined;
  publishedAt?: string | undefined;
}

/**
 * Verifies the locked packages named in `only` (those this install writes: a package already
 * installed with its locked integrity was verified when it was written, so `uninstall` needs no
 * registry); returns the lockfile with their signatures recorded. A package without recorded
 * signatures (an older lockfile) has them read from its registry.
 */
export async function verifyLockfileSignatures(
  lock: Lockfile,
  only: ReadonlySet<string>,
  known: ReadonlyMap<string, SignatureInput>,
  registries: Registries,
  keys: KeySource,
  concurrency: number,
): Promise<Lockfile> {
  const names = Object.keys(lock.packages).filter((name) => only.has(name));
  const verified = await mapLimit(names, concurrency, async (name) => {
    const entry = lock.packages[name]!;
    const input = known.get(name);
    let signatures = input?.signatures ?? entry.signatures;
    let publishedAt = input?.publishedAt;
    if (!signatures) ({ signatures, publishedAt } = await readSignatures(registries, name, entry));
    verifyVersionSignature(
      { name, version: entry.version, integrity: entry.integrity, signatures, publishedAt },
      await keys.keysOf(entry.registry),
      entry.registry,
    );
    return [name, { ...entry, signatures }] as const;
  });
  return { ...lock, packages: { ...lock.packages, ...Object.fromEntries(verified) } };
}
