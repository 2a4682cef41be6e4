import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { tarballPath } from '../../src/core/api-paths.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import {
  type ConflictDetails,
  type PackumentSource,
  pickVersion,
  type ResolveOptions,
  resolveGraph,
  type VersionNotFoundDetails,
} from '../../src/core/resolve/index.js';
import type { Packument, PackumentVersion } from '../../src/core/types.js';

// An in-memory registry: the resolver's only I/O is injected, so a packument map is the honest fake.

interface FakeVersion {
  deps?: Record<string, string>;
  yanked?: boolean;
  deprecated?: string;
}

type FakeVersions = Record<string, FakeVersion | null>;

function integrityOf(name: string, version: string): string {
  return `sha512-${createHash('sha512').update(`${name}@${version}`).digest('base64')}`;
}

function packument(name: string, versions: FakeVersions, distTags: Record<string, string> = {}): Packument {
  const entries: Record<string, PackumentVersion> = {};
  for (const [version, spec] of Object.entries(versions)) {
    entries[version] = {
      version,
      integrity: integrityOf(name, version),
      dependencies: spec?.deps ?? {},
      yanked: spec?.yanked ?? false,
      publishedAt: '2024-01-01T00:00:00.000Z',
      tarball: tarballPath(name, version),
      ...(spec?.deprecated ? { deprecated: spec.deprecated } : {}),
    };
  }
  return {
    name,
    kind: 'pattern',
    description: name,
    access: 'public',
    distTags,
    versions: entries,
    time: { created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' },
  };
}

interface FakeRegistry extends PackumentSource {
  calls: string[];
  maxInFlight: number;
}

/** `delays` (ms per name) reorders answers, to show the result does not depend on arrival order. */
function fakeRegistry(
  packages: Record<string, FakeVersions | Packument>,
  delays: Record<string, number> = {},
) {
  let inFlight = 0;
  const registry: FakeRegistry = {
    calls: [],
    maxInFlight: 0,
    async getPackument(name) {
      registry.calls.push(name);
      inFlight++;
      registry.maxInFlight = Math.max(registry.maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, delays[name] ?? 0));
        const found = packages[name];
        if (!found) throw new RegistryError('PACKAGE_NOT_FOUND', `Package ${name} not found`);
        return 'versions' in found && 'distTags' in found ? (found as Packument) : packument(name, found);
      } finally {
        inFlight--;
      }
    },
  };
  return registry;
}

function versionsOf(graph: { packages: Record<string, { version: string }> }): Record<string, string> {
  return Object.fromEntries(Object.entries(graph.packages).map(([name, entry]) => [name, entry.version]));
}

async function rejectsWith(promise: Promise<unknown>, code: Parameters<typeof isRegistryError>[1]) {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return isRegistryError(error, code);
  });
  return caught as RegistryError;
}

describe('pickVersion', () => {
  const plain = packument(
    '@t/p',
    {
      '0.9.0': null,
      '1.0.0': null,
      '1.1.0': null,
      '1.2.0': { yanked: true },
      '1.3.0-beta.1': null,
      '2.0.0': { deprecated: 'use 2.0.1' },
      '2.0.1': null,
      '2.1.0': { deprecated: 'broken' },
      '3.0.0': null,
    },
    { latest: '2.0.1', beta: '1.3.0-beta.1', old: '1.2.0' },
  );
  const cases: [
    title: string,
    selector: string | undefined,
    expected: string | undefined,
    prerelease?: boolean,
  ][] = [
    ['no selector means the latest tag', undefined, '2.0.1'],
    ['a tag means its version', 'beta', '1.3.0-beta.1'],
    ['a tag may point at a yanked version', 'old', '1.2.0'],
    ['an exact version', '1.0.0', '1.0.0'],
    ['an exact yanked version is still allowed', '1.2.0', '1.2.0'],
    ['a range skips yanked versions', '~1.2.0', undefined],
    ['a range takes the highest non-yanked', '^1.0.0', '1.1.0'],
    ['a range excludes prereleases', '>=1.2.1 <2.0.0', undefined],
    ['includePrerelease lets a range take a prerelease', '^1.0.0', '1.3.0-beta.1', true],
    ['a range naming a prerelease admits it', '^1.3.0-beta.0', '1.3.0-beta.1'],
    ['the latest tag wins when it satisfies the range', '>=2.0.0', '2.0.1'],
    ['the latest tag is ignored when outside the range', '>=2.0.2', '3.0.0'],
    ['deprecated versions are avoided when possible', '^2.0.0', '2.0.1'],
    ['a deprecated version is taken when it is the only one', '2.1.x', '2.1.0'],
    ['an exact version that does not exist', '4.0.0', undefined],
    ['an unknown tag', 'nightly', undefined],
    ['a malformed range', '>>1', undefined],
  ];
  for (const [title, selector, expected, includePrerelease] of cases) {
    it(title, () => {
      assert.equal(pickVersion(plain, selector, { includePrerelease })?.version, expected);
    });
  }

  it('prefers the highest non-deprecated over a deprecated latest tag', () => {
    const p = packument(
      '@t/q',
      { '1.0.0': null, '1.1.0': null, '1.2.0': { deprecated: 'x' } },
      { latest: '1.2.0' },
    );
    assert.equal(pickVersion(p, '^1.0.0', {})?.version, '1.1.0');
  });

  it('falls back to the newest stable version when there is no latest tag', () => {
    const p = packument('@t/q', { '1.0.0': null, '1.1.0': null, '2.0.0-rc.1': null });
    assert.equal(pickVersion(p, undefined, {})?.version, '1.1.0');
  });
});

describe('resolveGraph', () => {
  it('resolves a simple chain to the highest satisfying versions', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': null, '1.2.0': { deps: { '@t/b': '^2.0.0' } }, '2.0.0': null },
      '@t/b': { '2.0.0': null, '2.1.0': { deps: { '@t/c': '~0.3.0' } }, '3.0.0': null },
      '@t/c': { '0.3.0': null, '0.3.5': null, '0.4.0': null },
    });
    const graph = await resolveGraph({ '@t/a': '^1.0.0' }, registry);
    assert.deepEqual(versionsOf(graph), { '@t/a': '1.2.0', '@t/b': '2.1.0', '@t/c': '0.3.5' });
    assert.deepEqual(graph.roots, { '@t/a': '1.2.0' });
    assert.deepEqual(graph.packages['@t/b'], {
      version: '2.1.0',
      integrity: integrityOf('@t/b', '2.1.0'),
      dependencies: { '@t/c': '~0.3.0' },
      tarball: '/v1/packages/t/b/2.1.0/tarball',
    });
  });

  it('converges a diamond on the highest version satisfying both sides', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/d': '^1.2.0' } } },
      '@t/b': { '1.0.0': { deps: { '@t/d': '~1.3.0' } } },
      '@t/d': { '1.2.0': null, '1.3.0': null, '1.3.4': null, '1.4.0': null },
    });
    const graph = await resolveGraph({ '@t/a': '^1.0.0', '@t/b': '^1.0.0' }, registry);
    assert.equal(graph.packages['@t/d']?.version, '1.3.4');
  });

  it('reports a diamond conflict naming both requesters', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/d': '^1.0.0' } } },
      '@t/b': { '1.0.0': { deps: { '@t/d': '^2.0.0' } } },
      '@t/d': { '1.0.0': null, '2.0.0': null },
    });
    const error = await rejectsWith(
      resolveGraph({ '@t/a': '^1.0.0', '@t/b': '^1.0.0' }, registry),
      'RESOLUTION_CONFLICT',
    );
    assert.deepEqual(error.details as ConflictDetails, {
      name: '@t/d',
      requests: [
        { range: '^1.0.0', from: '@t/a@1.0.0' },
        { range: '^2.0.0', from: '@t/b@1.0.0' },
      ],
    });
    assert.match(error.message, /@t\/a@1\.0\.0/);
    assert.match(error.message, /@t\/b@1\.0\.0/);
    assert.ok(error.hint);
  });

  it('reports a conflict between a root range and a dependency', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/d': '^2.0.0' } } },
      '@t/d': { '1.0.0': null, '2.0.0': null },
    });
    const error = await rejectsWith(
      resolveGraph({ '@t/a': '^1.0.0', '@t/d': '^1.0.0' }, registry),
      'RESOLUTION_CONFLICT',
    );
    assert.deepEqual((error.details as ConflictDetails).requests, [
      { range: '^1.0.0', from: 'root' },
      { range: '^2.0.0', from: '@t/a@1.0.0' },
    ]);
  });

  it('falls back to an older requester whose range fits, rather than report a conflict', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/d': '^1.0.0' } }, '1.1.0': { deps: { '@t/d': '^2.0.0' } } },
      '@t/d': { '1.0.0': null, '2.0.0': null },
    });
    const graph = await resolveGraph({ '@t/a': '^1.0.0', '@t/d': '^1.0.0' }, registry);
    assert.deepEqual(versionsOf(graph), { '@t/a': '1.0.0', '@t/d': '1.0.0' });
  });

  it('drops a package that no chosen version asks for any more', async () => {
    // Round one takes @t/a@2 (wants @t/x); @t/b's range then moves @t/a to 1.x, which does not.
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': null, '2.0.0': { deps: { '@t/x': '*' } } },
      '@t/b': { '1.0.0': { deps: { '@t/a': '^1.0.0' } } },
      '@t/x': { '1.0.0': null },
    });
    const graph = await resolveGraph({ '@t/a': '*', '@t/b': '^1.0.0' }, registry);
    assert.deepEqual(versionsOf(graph), { '@t/a': '1.0.0', '@t/b': '1.0.0' });
  });

  it('settles picks that would otherwise oscillate', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': null, '2.0.0': { deps: { '@t/b': '^1.0.0' } } },
      '@t/b': { '1.0.0': null, '2.0.0': { deps: { '@t/a': '^1.0.0' } } },
    });
    const graph = await resolveGraph({ '@t/a': '*', '@t/b': '*' }, registry);
    assert.deepEqual(versionsOf(graph), { '@t/a': '1.0.0', '@t/b': '1.0.0' });
  });

  it('terminates with a conflict when no combination works and picks keep moving', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/b': '^2.0.0' } }, '2.0.0': { deps: { '@t/b': '^1.0.0' } } },
      '@t/b': { '1.0.0': { deps: { '@t/a': '^1.0.0' } }, '2.0.0': { deps: { '@t/a': '^2.0.0' } } },
    });
    await rejectsWith(resolveGraph({ '@t/a': '*', '@t/b': '*' }, registry), 'RESOLUTION_CONFLICT');
  });

  it('terminates on dependency cycles, including a package depending on itself', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/b': '^1.0.0' } } },
      '@t/b': { '1.0.0': { deps: { '@t/c': '^1.0.0' } } },
      '@t/c': { '1.0.0': { deps: { '@t/a': '^1.0.0', '@t/c': '^1.0.0' } } },
    });
    const graph = await resolveGraph({ '@t/a': '^1.0.0' }, registry);
    assert.deepEqual(versionsOf(graph), { '@t/a': '1.0.0', '@t/b': '1.0.0', '@t/c': '1.0.0' });
    assert.deepEqual([...registry.calls].sort(), ['@t/a', '@t/b', '@t/c']);
  });

  it('fetches each packument once, in parallel waves', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/d': '^1.0.0', '@t/e': '^1.0.0' } } },
      '@t/b': { '1.0.0': { deps: { '@t/d': '^1.0.0' } } },
      '@t/c': { '1.0.0': { deps: { '@t/e': '^1.0.0', '@t/a': '^1.0.0' } } },
      '@t/d': { '1.0.0': null, '1.1.0': null },
      '@t/e': { '1.0.0': { deps: { '@t/d': '~1.0.0' } } },
    });
    const graph = await resolveGraph({ '@t/a': '^1.0.0', '@t/b': '^1.0.0', '@t/c': '^1.0.0' }, registry);
    assert.equal(graph.packages['@t/d']?.version, '1.0.0');
    assert.deepEqual([...registry.calls].sort(), ['@t/a', '@t/b', '@t/c', '@t/d', '@t/e']);
    assert.equal(registry.maxInFlight, 3);
  });

  const prereleases = { '@t/p': { '1.0.0': null, '1.1.0-beta.1': null } };
  const prereleaseCases: [range: string, options: ResolveOptions, expected: string][] = [
    ['^1.0.0', {}, '1.0.0'],
    ['^1.0.0', { includePrerelease: true }, '1.1.0-beta.1'],
    ['^1.1.0-beta.0', {}, '1.1.0-beta.1'],
  ];
  for (const [range, options, expected] of prereleaseCases) {
    it(`prereleases: ${range} ${JSON.stringify(options)} → ${expected}`, async () => {
      const graph = await resolveGraph({ '@t/p': range }, fakeRegistry(prereleases), options);
      assert.equal(graph.roots['@t/p'], expected);
    });
  }

  it('skips yanked versions for ranges and allows an exact yanked version', async () => {
    const registry = fakeRegistry({ '@t/y': { '1.0.0': null, '1.1.0': { yanked: true } } });
    assert.equal((await resolveGraph({ '@t/y': '^1.0.0' }, registry)).roots['@t/y'], '1.0.0');
    const pinned = await resolveGraph({ '@t/y': '1.1.0' }, registry);
    assert.equal(pinned.roots['@t/y'], '1.1.0');
    assert.equal(pinned.packages['@t/y']?.yanked, true);
  });

  it('avoids deprecated versions when a non-deprecated one fits, and reports the message otherwise', async () => {
    const registry = fakeRegistry({
      '@t/d': { '1.0.0': null, '1.1.0': { deprecated: 'use 1.0.0' }, '2.0.0': { deprecated: 'abandoned' } },
    });
    assert.equal((await resolveGraph({ '@t/d': '^1.0.0' }, registry)).roots['@t/d'], '1.0.0');
    const graph = await resolveGraph({ '@t/d': '^2.0.0' }, registry);
    assert.equal(graph.packages['@t/d']?.deprecated, 'abandoned');
  });

  it('honours dist-tags, and the latest tag over a newer untagged version', async () => {
    const tagged = packument(
      '@t/g',
      { '1.0.0': null, '1.1.0': null, '2.0.0-rc.1': null },
      {
        latest: '1.0.0',
        next: '2.0.0-rc.1',
      },
    );
    const registry = fakeRegistry({ '@t/g': tagged });
    assert.equal((await resolveGraph({ '@t/g': 'next' }, registry)).roots['@t/g'], '2.0.0-rc.1');
    assert.equal((await resolveGraph({ '@t/g': '^1.0.0' }, registry)).roots['@t/g'], '1.0.0');
    assert.equal((await resolveGraph({ '@t/g': '>1.0.0' }, registry)).roots['@t/g'], '1.1.0');
  });

  it('propagates PACKAGE_NOT_FOUND, naming who required the package', async () => {
    await rejectsWith(resolveGraph({ '@t/nope': '^1.0.0' }, fakeRegistry({})), 'PACKAGE_NOT_FOUND');
    const registry = fakeRegistry({ '@t/a': { '1.0.0': { deps: { '@t/gone': '^1.0.0' } } } });
    const error = await rejectsWith(resolveGraph({ '@t/a': '^1.0.0' }, registry), 'PACKAGE_NOT_FOUND');
    assert.deepEqual(error.details, { name: '@t/gone', requiredBy: ['@t/a@1.0.0'] });
  });

  it('passes other fetch errors through unchanged', async () => {
    const offline = new RegistryError('NETWORK_ERROR', 'connection refused');
    const source: PackumentSource = { getPackument: () => Promise.reject(offline) };
    await assert.rejects(resolveGraph({ '@t/a': '^1.0.0' }, source), (error) => error === offline);
  });

  it('reports VERSION_NOT_FOUND for a root range that matches nothing', async () => {
    const registry = fakeRegistry({ '@t/a': { '1.0.0': null, '1.1.0': null, '3.0.0-beta.1': null } });
    const error = await rejectsWith(resolveGraph({ '@t/a': '^2.0.0' }, registry), 'VERSION_NOT_FOUND');
    const details = error.details as VersionNotFoundDetails;
    assert.equal(details.name, '@t/a');
    assert.equal(details.from, 'root');
    assert.deepEqual(details.available, ['3.0.0-beta.1', '1.1.0', '1.0.0']);
    await rejectsWith(resolveGraph({ '@t/a': 'nightly' }, registry), 'VERSION_NOT_FOUND');
  });

  it('reports VERSION_NOT_FOUND for a dependency range that matches nothing', async () => {
    const registry = fakeRegistry({
      '@t/a': { '1.0.0': { deps: { '@t/b': '^5.0.0' } } },
      '@t/b': { '1.0.0': null },
    });
    const error = await rejectsWith(resolveGraph({ '@t/a': '^1.0.0' }, registry), 'VERSION_NOT_FOUND');
    assert.equal((error.details as VersionNotFoundDetails).from, '@t/a@1.0.0');
  });

  it('refuses an invalid root name', async () => {
    await rejectsWith(resolveGraph({ '../evil': '^1.0.0' }, fakeRegistry({})), 'INVALID_NAME');
  });

  it('prefers locked versions while they satisfy every range', async () => {
    const packages = {
      '@t/a': { '1.0.0': null, '1.1.0': null, '1.2.0': null },
      '@t/b': { '2.0.0': { yanked: true }, '2.1.0': null },
    };
    const locked: ResolveOptions['locked'] = {
      packages: {
        '@t/a': { version: '1.1.0', integrity: '', registry: '', dependencies: {} },
        '@t/b': { version: '2.0.0', integrity: '', registry: '', dependencies: {} },
      },
    };
    const graph = await resolveGraph({ '@t/a': '^1.0.0', '@t/b': '^2.0.0' }, fakeRegistry(packages), {
      locked,
    });
    // A yanked version stays usable through the lockfile, as in Cargo.
    assert.deepEqual(graph.roots, { '@t/a': '1.1.0', '@t/b': '2.0.0' });
    const moved = await resolveGraph({ '@t/a': '^1.2.0', '@t/b': '^2.0.0' }, fakeRegistry(packages), {
      locked,
    });
    assert.equal(moved.roots['@t/a'], '1.2.0');
  });

  it('gives the same answer, keys sorted, whatever order the registry answers in', async () => {
    const packages: Record<string, FakeVersions> = {
      '@t/z': { '1.0.0': { deps: { '@t/m': '^1.0.0', '@t/b': '^1.0.0' } } },
      '@t/m': { '1.0.0': null, '1.5.0': { deps: { '@t/b': '~1.1.0' } } },
      '@t/b': { '1.0.0': null, '1.1.0': null, '1.2.0': null },
      '@t/a': { '1.0.0': { deps: { '@t/b': '>=1.0.0' } } },
    };
    const roots = { '@t/z': '^1.0.0', '@t/a': '^1.0.0' };
    const fast = await resolveGraph(roots, fakeRegistry(packages, { '@t/z': 5, '@t/b': 1 }));
    const slow = await resolveGraph(roots, fakeRegistry(packages, { '@t/a': 5, '@t/m': 3 }));
    assert.equal(JSON.stringify(fast), JSON.stringify(slow));
    assert.deepEqual(Object.keys(fast.packages), ['@t/a', '@t/b', '@t/m', '@t/z']);
    assert.deepEqual(Object.keys(fast.roots), ['@t/a', '@t/z']);
    assert.equal(fast.packages['@t/b']?.version, '1.1.0');
  });
});
