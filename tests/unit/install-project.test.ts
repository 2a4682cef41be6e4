/**
 * The consuming project's files: dependency edits keep the team's comments and order; bad entries are
 * refused before anything is fetched; the cache verifies what it returns; the lockfile is pruned to
 * what the roots reach; `update --latest` keeps the style of a range.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { rangeForLatest } from '../../registry-cli/commands/update.js';
import { cacheDirFor, openCache } from '../../registry-cli/install/cache.js';
import {
  loadProject,
  manifestToString,
  parseManifestDocument,
  readDependencies,
  removeDependency,
  setDependency,
} from '../../registry-cli/install/project.js';
import { isRegistryError } from '../../src/core/errors.js';
import { type Lockfile, pruneLockfile } from '../../src/core/lockfile.js';
import { computeIntegrity, integrityToHex } from '../../src/core/tarball/index.js';

const work = mkdtempSync(join(tmpdir(), 'install-project-'));
after(() => rmSync(work, { recursive: true, force: true }));

const MANIFEST = `# Team runbooks
name: "@ops/runbooks"   # ours
version: 0.1.0
kind: pattern
description: Runbooks.
keywords: [ops, disk]

dependencies:
  # the basics
  "@community/linux": "^2.1.0"  # pinned major
  "@community/zeta": ~1.3.0
files: [README.md, workflows/]
`;

const doc = (text: string) => ({ document: parseManifestDocument(text) });

describe('manifest edits', () => {
  it('adds in name order, changes in place, and keeps comments, order and flow lists', () => {
    const project = doc(MANIFEST);
    assert.equal(setDependency(project, '@community/mail', '^1.0.0'), true);
    assert.equal(setDependency(project, '@community/linux', '^3.0.0'), true);
    assert.equal(
      setDependency(project, '@community/zeta', '~1.3.0'),
      false,
      'unchanged entries report no edit',
    );
    const text = manifestToString(project);
    assert.match(text, /^# Team runbooks\n/);
    assert.match(
      text,
      /# the basics\n {2}"@community\/linux": "\^3\.0\.0" # pinned major\n {2}"@community\/mail": "\^1\.0\.0"\n {2}"@community\/zeta": ~1\.3\.0\n/,
    );
    assert.match(text, /keywords: \[ops, disk\]/);
    assert.match(text, /\nfiles: \[README.md, workflows\/\]\n$/, 'keys after dependencies stay after them');
    assert.deepEqual(readDependencies(doc(text)), {
      '@community/linux': '^3.0.0',
      '@community/mail': '^1.0.0',
      '@community/zeta': '~1.3.0',
    });
  });

  it('creates the dependencies map when there is none, and drops it when it empties', () => {
    const project = doc('name: "@ops/x"\nversion: 1.0.0\n# dependencies: none yet\n');
    setDependency(project, '@community/linux', '^2.0.0');
    assert.deepEqual(readDependencies(doc(manifestToString(project))), { '@community/linux': '^2.0.0' });
    assert.match(manifestToString(project), /# dependencies: none yet/);
    assert.equal(removeDependency(project, '@community/nope'), false);
    assert.equal(removeDependency(project, '@community/linux'), true);
    assert.doesNotMatch(manifestToString(project), /^dependencies/m);
  });

  it('refuses bad dependency entries with INVALID_PACKAGE and a pointer', () => {
    for (const text of [
      'dependencies: [a]\n',
      'dependencies:\n  "../../etc": ^1.0.0\n',
      'dependencies:\n  "@a/b": {x: 1}\n',
    ]) {
      assert.throws(
        () => readDependencies(doc(text)),
        (error) => isRegistryError(error, 'INVALID_PACKAGE'),
        text,
      );
    }
    assert.throws(
      () => parseManifestDocument('a: [\n'),
      (error) => isRegistryError(error, 'INVALID_YAML'),
    );
    assert.deepEqual(readDependencies(doc('dependencies:\n')), {});
  });

  it('finds the project from a sub-folder, and fails with USAGE where there is none', () => {
    const root = join(work, 'project');
    mkdirSync(join(root, 'workflows'), { recursive: true });
    writeFileSync(join(root, 'patternhub.yaml'), MANIFEST);
    const project = loadProject(join(root, 'workflows'));
    assert.equal(project.root, root);
    assert.equal(project.name, '@ops/runbooks');
    assert.equal(project.lockfile, undefined);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    assert.throws(
      () => loadProject(empty),
      (error) => isRegistryError(error, 'USAGE'),
    );
  });
});

describe('cache', () => {
  it('returns verified bytes, evicts a damaged entry, and writes no temporary files behind', async () => {
    const cache = openCache(join(work, 'cache'));
    const bytes = new TextEncoder().encode('a tarball');
    const integrity = computeIntegrity(bytes);
    assert.deepEqual(cache.getTarball(integrity), { status: 'miss' });
    cache.putTarball(integrity, bytes);
    await cache.flush();
    const hit = cache.getTarball(integrity);
    assert.equal(hit.status, 'hit');
    const hex = integrityToHex(integrity);
    const folder = join(work, 'cache', 'tarballs', hex.slice(0, 2));
    assert.deepEqual(readdirSync(folder), [hex]);
    writeFileSync(join(folder, hex), 'something else');
    assert.equal(cache.getTarball(integrity).status, 'corrupt');
    assert.deepEqual(readdirSync(folder), [], 'the damaged entry is gone');
  });

  it('keeps package metadata per registry', async () => {
    const cache = openCache(join(work, 'cache-meta'));
    const packument = { name: '@a/b', versions: {} } as never;
    cache.putPackument('http://one.example', '@a/b', packument);
    await cache.flush();
    assert.equal(cache.getPackument('http://one.example', '@a/b')?.packument.name, '@a/b');
    assert.equal(cache.getPackument('http://two.example', '@a/b'), undefined);
  });

  it('finds its folder from --cache, PATTERNHUB_CACHE, XDG_CACHE_HOME, then HOME', () => {
    assert.equal(cacheDirFor({ PATTERNHUB_CACHE: '/c' }, '/w', 'rel'), '/w/rel');
    assert.equal(cacheDirFor({ PATTERNHUB_CACHE: '/c', XDG_CACHE_HOME: '/x' }, '/w'), '/c');
    assert.equal(cacheDirFor({ XDG_CACHE_HOME: '/x', HOME: '/h' }, '/w'), '/x/patternhub');
    assert.equal(cacheDirFor({ HOME: '/h' }, '/w'), '/h/.cache/patternhub');
  });
});

const integrity = (text: string) => `sha512-${createHash('sha512').update(text).digest('base64')}`;
const entry = (version: string, dependencies: Record<string, string> = {}) => ({
  version,
  integrity: integrity(version),
  registry: 'http://r.example',
  dependencies,
});

describe('pruneLockfile', () => {
  it('keeps what the remaining roots reach, shared dependencies included', () => {
    const lock: Lockfile = {
      lockfileVersion: 1,
      dependencies: { '@a/one': '^1.0.0', '@a/two': '^1.0.0' },
      packages: {
        '@a/one': entry('1.0.0', { '@a/shared': '^1.0.0', '@a/only-one': '^1.0.0' }),
        '@a/two': entry('1.0.0', { '@a/shared': '^1.0.0' }),
        '@a/shared': entry('1.0.0'),
        '@a/only-one': entry('1.0.0'),
      },
    };
    const pruned = pruneLockfile(lock, { '@a/two': '^1.0.0' });
    assert.deepEqual(pruned.dependencies, { '@a/two': '^1.0.0' });
    assert.deepEqual(Object.keys(pruned.packages).sort(), ['@a/shared', '@a/two']);
  });
});

describe('rangeForLatest', () => {
  it('keeps the style of the range', () => {
    assert.equal(rangeForLatest('^1.2.0', '2.0.1'), '^2.0.1');
    assert.equal(rangeForLatest('~1.2.0', '2.0.1'), '~2.0.1');
    assert.equal(rangeForLatest('1.2.0', '2.0.1'), '2.0.1');
    assert.equal(rangeForLatest('*', '2.0.1'), '*');
    assert.equal(rangeForLatest('>=1.0.0 <2.0.0', '2.0.1'), '^2.0.1');
    assert.equal(rangeForLatest('beta', '2.0.1'), 'beta');
  });
});
