import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyChains, dependencyTree } from '../../src/core/dependency-tree.js';
import type { Lockfile } from '../../src/core/lockfile.js';

const INTEGRITY = `sha512-${'A'.repeat(86)}==`;
function locked(version: string, dependencies: Record<string, string> = {}) {
  return { version, integrity: INTEGRITY, registry: 'http://r', dependencies };
}

// The project uses disk-full and service-restart; both use chatops; disk-full uses linux; a cycle
// between linux and helpers.
const lock: Lockfile = {
  lockfileVersion: 1,
  dependencies: { '@c/disk-full': '^1.0.0', '@c/service-restart': '^1.0.0', '@c/missing': '^1.0.0' },
  packages: {
    '@c/disk-full': locked('1.0.0', { '@c/chatops': '~1.3.0', '@c/linux': '^2.1.0' }),
    '@c/service-restart': locked('1.0.2', { '@c/chatops': '~1.3.0' }),
    '@c/chatops': locked('1.3.0'),
    '@c/linux': locked('2.1.0', { '@c/helpers': '^1.0.0' }),
    '@c/helpers': locked('1.0.0', { '@c/linux': '^2.0.0' }),
  },
};

describe('dependencyTree', () => {
  it('depth 0 is the direct dependencies, sorted, with their locked versions (null when not locked)', () => {
    const tree = dependencyTree(lock, 0);
    assert.deepEqual(
      tree.map((node) => [node.name, node.version, node.dependencies.length]),
      [
        ['@c/disk-full', '1.0.0', 0],
        ['@c/missing', null, 0],
        ['@c/service-restart', '1.0.2', 0],
      ],
    );
  });
  it('the whole tree expands each package once and marks repeats as deduped; cycles end', () => {
    const tree = dependencyTree(lock, Number.POSITIVE_INFINITY);
    const disk = tree[0]!;
    assert.deepEqual(
      disk.dependencies.map((node) => node.name),
      ['@c/chatops', '@c/linux'],
    );
    const restart = tree[2]!;
    assert.equal(restart.dependencies[0]!.name, '@c/chatops');
    assert.equal(restart.dependencies[0]!.deduped, true);
    const helpers = disk.dependencies[1]!.dependencies[0]!;
    assert.equal(helpers.name, '@c/helpers');
    assert.equal(helpers.dependencies[0]!.name, '@c/linux');
    assert.equal(helpers.dependencies[0]!.deduped, true);
  });
});

describe('dependencyChains', () => {
  it('every chain from a direct dependency to the package, shortest first', () => {
    const chains = dependencyChains(lock, '@c/chatops');
    assert.deepEqual(
      chains.map((chain) => chain.map((step) => `${step.name}@${step.version} (${step.range})`)),
      [
        ['@c/disk-full@1.0.0 (^1.0.0)', '@c/chatops@1.3.0 (~1.3.0)'],
        ['@c/service-restart@1.0.2 (^1.0.0)', '@c/chatops@1.3.0 (~1.3.0)'],
      ],
    );
  });
  it('a direct dependency is a chain of one; a cycle does not loop; the limit holds', () => {
    assert.deepEqual(
      dependencyChains(lock, '@c/disk-full').map((chain) => chain.length),
      [1],
    );
    assert.deepEqual(
      dependencyChains(lock, '@c/helpers').map((chain) => chain.length),
      [3],
    );
    assert.equal(dependencyChains(lock, '@c/chatops', 1).length, 1);
    assert.deepEqual(dependencyChains(lock, '@c/nothing'), []);
  });
});
