/**
 * The install's fetch and unpack steps without a network: the cache and the registry are replaced by
 * small in-memory ones, since what is tested is the order of trust (cache, then registry, each checked
 * against the integrity) and the refusals, not HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { RegistryClient } from '../../registry-cli/client.js';
import { openCache } from '../../registry-cli/install/cache.js';
import { unpackPackage } from '../../registry-cli/install/extract.js';
import {
  createLimiter,
  type FetchTarget,
  fetchTarball,
  mapLimit,
  withRetries,
} from '../../registry-cli/install/fetch-packages.js';
import type { Registries } from '../../registry-cli/install/registries.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import {
  LOCKFILE_VERSION,
  type Lockfile,
  parseLockfile,
  serializeLockfile,
} from '../../src/core/lockfile.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { computeIntegrity, packFiles } from '../../src/core/tarball/index.js';
import { rawFile, rawTgz } from '../helpers/raw-tar.js';

const work = mkdtempSync(join(tmpdir(), 'install-fetch-'));
after(() => rmSync(work, { recursive: true, force: true }));

const tarball = packFiles(
  filesFromRecord({ 'patternhub.yaml': 'name: "@a/b"\nversion: 1.0.0\n', 'README.md': 'hi' }),
);
const target: FetchTarget = {
  name: '@a/b',
  version: '1.0.0',
  integrity: computeIntegrity(tarball),
  registry: 'http://r.example',
};

/** A registry answering every tarball with `answer` (bytes, or an error to throw), counting calls. */
function registries(answer: () => Uint8Array): Registries & { calls: number } {
  const state = { calls: 0 };
  const client = {
    registry: 'http://r.example',
    authenticated: false,
    bytes: async () => {
      state.calls++;
      return answer();
    },
  } as unknown as RegistryClient;
  return {
    get calls() {
      return state.calls;
    },
    registryOf: () => 'http://r.example',
    isExplicit: () => false,
    clientFor: () => client,
  };
}

let counter = 0;
const freshCache = () => openCache(join(work, `cache-${++counter}`));

describe('fetchTarball', () => {
  it('downloads, verifies and caches; the second time the cache answers', async () => {
    const cache = freshCache();
    const registry = registries(() => tarball);
    const first = await fetchTarball(target, { cache, registries: registry, offline: false });
    assert.equal(first.source, 'registry');
    await cache.flush();
    const second = await fetchTarball(target, { cache, registries: registry, offline: false });
    assert.equal(second.source, 'cache');
    assert.equal(registry.calls, 1);
  });

  it('refuses bytes that do not match the integrity, and caches nothing', async () => {
    const cache = freshCache();
    const corrupt = tarball.slice();
    corrupt[corrupt.length >> 1]! ^= 1;
    await assert.rejects(
      fetchTarball(target, { cache, registries: registries(() => corrupt), offline: false }),
      (error) => isRegistryError(error, 'INTEGRITY_MISMATCH'),
    );
    assert.equal(cache.getTarball(target.integrity).status, 'miss');
  });

  it('offline: a miss is OFFLINE_CACHE_MISS, and the registry is never asked', async () => {
    const registry = registries(() => tarball);
    await assert.rejects(
      fetchTarball(target, { cache: freshCache(), registries: registry, offline: true }),
      (error) => isRegistryError(error, 'OFFLINE_CACHE_MISS'),
    );
    assert.equal(registry.calls, 0);
  });

  it('retries network failures, but not a refusal', async () => {
    let attempts = 0;
    const flaky = registries(() => {
      attempts++;
      if (attempts < 3) throw new RegistryError('NETWORK_ERROR', 'reset');
      return tarball;
    });
    const fetched = await fetchTarball(target, {
      cache: freshCache(),
      registries: flaky,
      offline: false,
      retries: 2,
    });
    assert.equal(fetched.source, 'registry');
    assert.equal(attempts, 3);
    const missing = registries(() => {
      throw new RegistryError('VERSION_NOT_FOUND', 'gone');
    });
    await assert.rejects(
      fetchTarball(target, { cache: freshCache(), registries: missing, offline: false }),
      (error) => isRegistryError(error, 'VERSION_NOT_FOUND'),
    );
    assert.equal(missing.calls, 1);
  });
});

describe('unpackPackage', () => {
  it('unpacks the package it was asked for', () => {
    const files = unpackPackage('@a/b', '1.0.0', tarball);
    assert.deepEqual([...files.keys()].sort(), ['README.md', 'patternhub.yaml']);
  });

  it('accepts any YAML spelling of the name, and refuses another package (MANIFEST_MISMATCH)', () => {
    const odd = packFiles(filesFromRecord({ 'patternhub.yaml': "{name: '@a/b', version: '1.0.0'}\n" }));
    assert.ok(unpackPackage('@a/b', '1.0.0', odd).has('patternhub.yaml'));
    assert.throws(
      () => unpackPackage('@a/c', '1.0.0', tarball),
      (error) => isRegistryError(error, 'MANIFEST_MISMATCH'),
    );
    assert.throws(
      () => unpackPackage('@a/b', '2.0.0', tarball),
      (error) => isRegistryError(error, 'MANIFEST_MISMATCH'),
    );
  });

  it('refuses an unsafe tarball (path traversal) with TARBALL_UNSAFE', () => {
    const evil = rawTgz(
      rawFile('package/patternhub.yaml', 'name: "@a/b"\nversion: 1.0.0\n'),
      rawFile('package/../../x', 'boom'),
    );
    assert.throws(
      () => unpackPackage('@a/b', '1.0.0', evil),
      (error) => isRegistryError(error, 'TARBALL_UNSAFE'),
    );
  });
});

describe('concurrency helpers', () => {
  it('mapLimit keeps order, never exceeds the limit, and rejects with the first failure', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5 * (8 - n)));
      active--;
      return n * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
    assert.equal(peak, 3);
    await assert.rejects(
      mapLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
      /two/,
    );
  });

  it('createLimiter bounds calls made one by one; withRetries gives up after its retries', async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 2));
          active--;
        }),
      ),
    );
    assert.equal(peak, 2);
    let calls = 0;
    await assert.rejects(
      withRetries(1, async () => {
        calls++;
        throw new RegistryError('NETWORK_ERROR', 'down');
      }),
      (error) => isRegistryError(error, 'NETWORK_ERROR'),
    );
    assert.equal(calls, 2);
  });
});

describe('the cached parse of a lockfile', () => {
  it('is used only while it serializes back to the exact lockfile text: an edited copy is ignored', () => {
    const cache = freshCache();
    const integrity = `sha512-${'A'.repeat(86)}==`;
    const lock: Lockfile = {
      lockfileVersion: LOCKFILE_VERSION,
      dependencies: { '@acme/pager': '^1.0.0' },
      packages: {
        '@acme/pager': { version: '1.0.0', integrity, registry: 'http://registry.test', dependencies: {} },
      },
    };
    const text = serializeLockfile(lock);
    const parse = (raw: string) => parseLockfile(raw);
    assert.deepEqual(cache.parseLockfile(text, parse), lock);
    // Someone who can write the cache changes the copy: another registry, another integrity.
    const file = readdirSync(join(cache.dir, 'lockfiles'), { recursive: true, withFileTypes: true }).find(
      (entry) => entry.isFile(),
    )!;
    const path = join(file.parentPath, file.name);
    const tampered = JSON.parse(readFileSync(path, 'utf8')) as Lockfile;
    tampered.packages['@acme/pager']!.registry = 'http://evil.test';
    writeFileSync(path, JSON.stringify(tampered));
    let parsed = 0;
    const counted = (raw: string) => {
      parsed++;
      return parseLockfile(raw);
    };
    assert.deepEqual(cache.parseLockfile(text, counted), lock);
    assert.equal(parsed, 1, 'the text was parsed again');
  });
});
