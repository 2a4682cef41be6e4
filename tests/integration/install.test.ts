/**
 * `patternhub install | uninstall | update | outdated`, as the built binary, against a real registry
 * (behind a recording proxy that can also break answers). Assertions are on exit codes, error codes,
 * the files on disk and the requests made; never on wording.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { integrityToHex } from '../../src/core/tarball/index.js';
import { BIN, type CliRun, runCli } from '../helpers/cli.js';
import { createOrg, expectJson, type PackageSpec, publishOk } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { type RegistryProxy, startRegistryProxy } from '../helpers/registry-proxy.js';
import { tempDir } from '../helpers/temp-dir.js';
import { treeHash } from '../helpers/tree-hash.js';

let registry: TestRegistry;
let proxy: RegistryProxy;
const work = tempDir('install');

const LINUX = '@community/linux';
const CHAT = '@community/chat';
const DISK = '@community/disk-full';
const NEEDS2 = '@community/needs-linux2';
const PAGER = '@community/old-pager';

const action = (name: string, version: string): PackageSpec => ({ name, version, kind: 'action' });

before(async () => {
  registry = await startTestRegistry();
  proxy = await startRegistryProxy(registry.url);
  const token = registry.adminToken;
  await createOrg(registry, token, 'community');
  for (const version of ['1.0.0', '1.1.0', '2.0.0'])
    await publishOk(registry, action(LINUX, version), { token });
  await publishOk(registry, { ...action(LINUX, '3.0.0-beta.1') }, { token, tag: 'beta' });
  for (const version of ['1.0.0', '1.2.0', '1.3.0'])
    await publishOk(registry, action(CHAT, version), { token });
  await expectJson(
    await registry.request('/v1/packages/community/chat/1.3.0/yank', { method: 'PUT', token }),
  );
  await publishOk(
    registry,
    {
      name: DISK,
      version: '1.0.0',
      dependencies: { [LINUX]: '^1.0.0', [CHAT]: '^1.0.0' },
      calls: [`${LINUX}.linux`, `${CHAT}.chat`],
    },
    { token },
  );
  await publishOk(
    registry,
    { name: NEEDS2, version: '1.0.0', dependencies: { [LINUX]: '^2.0.0' }, calls: [`${LINUX}.linux`] },
    { token },
  );
  await publishOk(registry, action(PAGER, '1.0.0'), { token });
  await expectJson(
    await registry.request('/v1/packages/community/old-pager/deprecate', {
      method: 'POST',
      token,
      body: JSON.stringify({ range: '*', message: 'use @community/pager' }),
      headers: { 'content-type': 'application/json' },
    }),
  );
});

after(async () => {
  await proxy?.close();
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

let counter = 0;

interface Box {
  /** The project folder. */
  dir: string;
  env: Record<string, string>;
  cache: string;
}

const MANIFEST = `# The ops team's own patterns.
name: "@ops/runbooks"   # our scope
version: 0.1.0
kind: pattern
description: Runbooks of the ops team.
keywords: [ops]
`;

/** A project folder with its own HOME, config (registry: the proxy) and cache. */
function box(
  options: { manifest?: string; dependencies?: Record<string, string>; cache?: string } = {},
): Box {
  const root = join(work, `case-${++counter}`);
  const dir = join(root, 'project');
  mkdirSync(join(root, 'home'), { recursive: true });
  mkdirSync(dir, { recursive: true });
  const config = join(root, 'home', 'config.yaml');
  writeFileSync(config, stringify({ registry: proxy.url }));
  let manifest = options.manifest ?? MANIFEST;
  if (options.dependencies) manifest += stringify({ dependencies: options.dependencies });
  writeFileSync(join(dir, 'patternhub.yaml'), manifest);
  const cache = options.cache ?? join(root, 'cache');
  return {
    dir,
    cache,
    env: { HOME: join(root, 'home'), PATTERNHUB_CONFIG: config, PATTERNHUB_CACHE: cache },
  };
}

function cli(b: Box, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: b.dir, env: { ...b.env, ...env } });
}

function errorCode(run: CliRun): string | undefined {
  try {
    return (JSON.parse(run.stderr) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

async function ok(b: Box, args: string[]): Promise<InstallData> {
  const run = await cli(b, [...args, '--json']);
  assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
  return run.json<InstallData>();
}

async function fails(
  b: Box,
  args: string[],
  exit: number,
  code: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  const run = await cli(b, [...args, '--json'], env);
  assert.equal(run.code, exit, `${args.join(' ')} should exit ${exit}: ${run.stderr}`);
  assert.equal(errorCode(run), code, run.stderr);
  return run;
}

interface InstallData {
  packages: number;
  dependencies: Record<string, string>;
  added: Array<{ name: string; version: string }>;
  removed: Array<{ name: string; version: string }>;
  updated: Array<{ name: string; from: string; to: string }>;
  downloaded: number;
  fromCache: number;
  unchanged: number;
  resolved: boolean;
  metadataRequests: number;
  lockfile: string;
  manifest: string;
  warnings: string[];
}

interface LockDoc {
  dependencies: Record<string, string>;
  packages: Record<
    string,
    { version: string; integrity: string; registry: string; dependencies?: Record<string, string> }
  >;
}

function lockOf(b: Box): LockDoc {
  return parse(readFileSync(join(b.dir, 'patternhub.lock'), 'utf8')) as LockDoc;
}

function manifestOf(b: Box): { dependencies?: Record<string, string> } {
  return parse(readFileSync(join(b.dir, 'patternhub.yaml'), 'utf8'));
}

function installed(b: Box): string[] {
  const root = join(b.dir, '.patternhub', 'packages');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .flatMap((scope) => readdirSync(join(root, scope)).map((name) => `${scope}/${name}`))
    .sort();
}

/** A project that already has @community/disk-full installed (and so a lockfile and a tree). */
async function installedBox(): Promise<Box> {
  const b = box();
  await ok(b, ['install', DISK]);
  return b;
}

describe('install', () => {
  it('adds a package, resolves its graph (skipping yanked versions), writes the lockfile and the tree', async () => {
    const b = box();
    proxy.reset();
    const report = await ok(b, ['install', DISK]);
    assert.deepEqual(report.dependencies, { [DISK]: '1.0.0' });
    assert.equal(report.packages, 3);
    assert.equal(report.downloaded, 3);
    assert.equal(report.lockfile, 'created');
    assert.equal(report.manifest, 'updated');
    const lock = lockOf(b);
    assert.deepEqual(lock.dependencies, { [DISK]: '^1.0.0' });
    assert.equal(lock.packages[LINUX]!.version, '1.1.0', 'highest in ^1.0.0, not the 2.0.0 latest');
    assert.equal(lock.packages[CHAT]!.version, '1.2.0', '1.3.0 is yanked');
    assert.equal(lock.packages[DISK]!.registry, proxy.url);
    assert.match(lock.packages[DISK]!.integrity, /^sha512-/);
    assert.deepEqual(installed(b), [CHAT, DISK, LINUX]);
    assert.ok(existsSync(join(b.dir, '.patternhub/packages/@community/linux/actions/linux.yaml')));
    const manifest = readFileSync(join(b.dir, 'patternhub.yaml'), 'utf8');
    assert.match(manifest, /^# The ops team's own patterns\./, 'comments survive the edit');
    assert.deepEqual(manifestOf(b).dependencies, { [DISK]: '^1.0.0' });
    // The packuments of the three packages, once each; the tarballs, once each.
    assert.equal(proxy.metadataGets().length, 3);
    assert.equal(proxy.tarballGets().length, 3);
  });

  it('a second install changes nothing and asks the registry for nothing', async () => {
    const b = await installedBox();
    const before = treeHash(b.dir);
    proxy.reset();
    const report = await ok(b, ['install']);
    assert.equal(report.resolved, false);
    assert.equal(report.unchanged, 3);
    assert.equal(report.downloaded + report.fromCache, 0);
    assert.equal(report.lockfile, 'unchanged');
    assert.equal(proxy.requests.length, 0);
    assert.equal(treeHash(b.dir), before);
  });

  it('a teammate reproduces the exact tree from the lockfile without metadata requests', async () => {
    const first = await installedBox();
    const mate = box();
    cpSync(join(first.dir, 'patternhub.yaml'), join(mate.dir, 'patternhub.yaml'));
    cpSync(join(first.dir, 'patternhub.lock'), join(mate.dir, 'patternhub.lock'));
    proxy.reset();
    const report = await ok(mate, ['install', '--frozen-lockfile']);
    assert.equal(report.resolved, false);
    assert.equal(proxy.metadataGets().length, 0);
    assert.equal(proxy.tarballGets().length, 3, 'a fresh cache: each tarball downloaded once');
    assert.equal(treeHash(mate.dir), treeHash(first.dir));
  });

  it('a warm cache installs with no download at all, and --offline works from it', async () => {
    const first = await installedBox();
    const again = box({ cache: first.cache });
    cpSync(join(first.dir, 'patternhub.yaml'), join(again.dir, 'patternhub.yaml'));
    cpSync(join(first.dir, 'patternhub.lock'), join(again.dir, 'patternhub.lock'));
    proxy.reset();
    const report = await ok(again, ['install', '--offline']);
    assert.equal(report.fromCache, 3);
    assert.equal(report.downloaded, 0);
    assert.equal(proxy.requests.length, 0);
    assert.equal(treeHash(again.dir), treeHash(first.dir));
    // Without a lockfile, --offline resolves from the metadata the cache kept.
    const fresh = box({ cache: first.cache });
    const offline = await ok(fresh, ['install', DISK, '--offline']);
    assert.equal(offline.packages, 3);
    assert.equal(proxy.requests.length, 0);
  });

  it('--offline with an empty cache fails with OFFLINE_CACHE_MISS and writes nothing', async () => {
    const first = await installedBox();
    const b = box();
    cpSync(join(first.dir, 'patternhub.yaml'), join(b.dir, 'patternhub.yaml'));
    cpSync(join(first.dir, 'patternhub.lock'), join(b.dir, 'patternhub.lock'));
    const before = treeHash(b.dir);
    await fails(b, ['install', '--offline'], 7, 'OFFLINE_CACHE_MISS');
    assert.equal(treeHash(b.dir), before);
    await fails(box(), ['install', LINUX, '--offline'], 7, 'OFFLINE_CACHE_MISS');
  });

  it('--frozen-lockfile fails when the manifest and the lockfile disagree, or there is no lockfile', async () => {
    const b = await installedBox();
    writeFileSync(
      join(b.dir, 'patternhub.yaml'),
      readFileSync(join(b.dir, 'patternhub.yaml'), 'utf8').replace(
        '"^1.0.0"',
        '"^1.0.0"\n  "@community/chat": "^1.0.0"',
      ),
    );
    const before = treeHash(b.dir);
    await fails(b, ['install', '--frozen-lockfile'], 5, 'LOCKFILE_OUT_OF_DATE');
    assert.equal(treeHash(b.dir), before);
    await fails(
      box({ dependencies: { [LINUX]: '^1.0.0' } }),
      ['install', '--frozen-lockfile'],
      5,
      'LOCKFILE_OUT_OF_DATE',
    );
    // Without the flag, the manifest wins and the locked versions that still fit are kept.
    const report = await ok(b, ['install']);
    assert.equal(report.resolved, true);
    assert.deepEqual(report.added, []);
    assert.deepEqual(lockOf(b).dependencies, { [CHAT]: '^1.0.0', [DISK]: '^1.0.0' });
  });

  it('reports a version conflict with RESOLUTION_CONFLICT and changes nothing', async () => {
    const b = box({ dependencies: { [DISK]: '^1.0.0', [NEEDS2]: '^1.0.0' } });
    const before = treeHash(b.dir);
    const run = await fails(b, ['install'], 5, 'RESOLUTION_CONFLICT');
    const details = (JSON.parse(run.stderr) as { error: { details: { name: string } } }).error.details;
    assert.equal(details.name, LINUX);
    assert.equal(treeHash(b.dir), before);
    assert.equal(existsSync(join(b.dir, '.patternhub')), false);
  });

  it('refuses a lockfile integrity the registry did not sign (SIGNATURE_INVALID), writing nothing', async () => {
    const b = await installedBox();
    rmSync(join(b.dir, '.patternhub'), { recursive: true });
    const lockPath = join(b.dir, 'patternhub.lock');
    const lock = readFileSync(lockPath, 'utf8');
    const linux = lockOf(b).packages[LINUX]!.integrity;
    // Another valid digest: the lockfile still parses and matches the manifest; only the bytes disagree.
    writeFileSync(
      lockPath,
      lock.replace(linux, `sha512-${createHash('sha512').update('tampered').digest('base64')}`),
    );
    const before = treeHash(b.dir);
    // The registry's signature covers the integrity: an edited one fails before any download.
    await fails(b, ['install'], 3, 'SIGNATURE_INVALID');
    assert.equal(treeHash(b.dir), before);
    assert.equal(existsSync(join(b.dir, '.patternhub')), false);
  });

  it('refuses a tarball corrupted on the way (INTEGRITY_MISMATCH), writing nothing', async () => {
    const b = box({ dependencies: { [DISK]: '^1.0.0' } });
    const before = treeHash(b.dir);
    proxy.reset();
    proxy.fault = (request) =>
      request.path.includes('/chat/') && request.path.endsWith('/tarball') ? 'corrupt' : undefined;
    try {
      await fails(b, ['install'], 3, 'INTEGRITY_MISMATCH');
    } finally {
      proxy.reset();
    }
    assert.equal(treeHash(b.dir), before);
  });

  it('a damaged cache entry: --offline fails with INTEGRITY_MISMATCH, online it is downloaded again', async () => {
    const first = await installedBox();
    const b = box({ cache: first.cache });
    cpSync(join(first.dir, 'patternhub.yaml'), join(b.dir, 'patternhub.yaml'));
    cpSync(join(first.dir, 'patternhub.lock'), join(b.dir, 'patternhub.lock'));
    const hex = integrityToHex(lockOf(b).packages[LINUX]!.integrity);
    const cached = join(first.cache, 'tarballs', hex.slice(0, 2), hex);
    const bytes = readFileSync(cached);
    bytes[bytes.length >> 1]! ^= 0xff;
    writeFileSync(cached, bytes);
    const before = treeHash(b.dir);
    await fails(b, ['install', '--offline'], 3, 'INTEGRITY_MISMATCH');
    assert.equal(treeHash(b.dir), before);
    writeFileSync(cached, bytes);
    proxy.reset();
    const report = await ok(b, ['install']);
    assert.equal(report.downloaded, 1);
    assert.equal(report.fromCache, 2);
    assert.equal(report.warnings.length, 1);
    assert.equal(treeHash(join(b.dir, '.patternhub')), treeHash(join(first.dir, '.patternhub')));
  });

  it('an interrupted download (connection reset mid-body) leaves the project as it was', async () => {
    const b = await installedBox();
    const before = treeHash(b.dir);
    proxy.reset();
    proxy.fault = (request) => (request.path.includes('/old-pager/1.0.0/tarball') ? 'reset' : undefined);
    try {
      // Also moves an installed package (linux 1.1.0 → 1.0.0): neither change may half-happen.
      await fails(b, ['install', PAGER, `${LINUX}@1.0.0`], 7, 'NETWORK_ERROR');
    } finally {
      proxy.reset();
    }
    assert.equal(treeHash(b.dir), before);
  });

  it('a registry that stops answering mid-install times out (NETWORK_ERROR), leaving the project as it was', async () => {
    const b = await installedBox();
    const before = treeHash(b.dir);
    proxy.reset();
    proxy.fault = (request) => (request.path.includes('/old-pager') ? 'hang' : undefined);
    try {
      await fails(b, ['install', PAGER], 7, 'NETWORK_ERROR', { PATTERNHUB_FETCH_TIMEOUT: '300' });
    } finally {
      proxy.reset();
    }
    assert.equal(treeHash(b.dir), before);
  });

  it('a process killed mid-download leaves the project byte-identical', async () => {
    const b = await installedBox();
    rmSync(join(b.cache), { recursive: true });
    rmSync(join(b.dir, '.patternhub', 'packages', CHAT), { recursive: true });
    const before = treeHash(b.dir);
    proxy.reset();
    proxy.fault = (request) => (request.path.endsWith('/tarball') ? 'hang' : undefined);
    const child = spawn(process.execPath, [BIN, 'install'], {
      cwd: b.dir,
      env: { PATH: process.env.PATH, ...b.env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await proxy.hung;
    child.kill('SIGKILL');
    await exited;
    proxy.reset();
    assert.equal(treeHash(b.dir), before);
    // And the next install repairs the tree.
    const report = await ok(b, ['install']);
    assert.equal(report.downloaded, 1);
    assert.deepEqual(installed(b), [CHAT, DISK, LINUX]);
  });

  it('a package the registry does not have fails with its not-found code and changes nothing', async () => {
    const b = box({ dependencies: { '@community/nope': '^1.0.0' } });
    const before = treeHash(b.dir);
    await fails(b, ['install'], 4, 'PACKAGE_NOT_FOUND');
    assert.equal(treeHash(b.dir), before);
    const other = box();
    const untouched = treeHash(other.dir);
    await fails(other, ['install', `${LINUX}@^9.0.0`], 4, 'VERSION_NOT_FOUND');
    assert.equal(treeHash(other.dir), untouched);
  });

  it('warns about a deprecated version, and installs a prerelease only when asked for', async () => {
    const b = box();
    const report = await ok(b, ['install', PAGER]);
    assert.equal(report.warnings.length, 1);
    const beta = await ok(b, ['install', `${LINUX}@beta`]);
    assert.equal(beta.dependencies[LINUX], '3.0.0-beta.1');
    assert.equal(manifestOf(b).dependencies?.[LINUX], '^3.0.0-beta.1');
    const plain = await ok(box(), ['install', LINUX]);
    assert.equal(plain.dependencies[LINUX], '2.0.0');
  });

  it('fails with USAGE and a hint to run init when there is no patternhub.yaml', async () => {
    const b = box();
    rmSync(join(b.dir, 'patternhub.yaml'));
    await fails(b, ['install', LINUX], 2, 'USAGE');
    assert.deepEqual(readdirSync(b.dir), []);
  });
});

describe('uninstall', () => {
  it('removes the package, its now-unneeded dependencies and its lock entries, without the registry', async () => {
    const b = box({ dependencies: { [DISK]: '^1.0.0', [PAGER]: '^1.0.0' } });
    await ok(b, ['install']);
    assert.deepEqual(installed(b), [CHAT, DISK, LINUX, PAGER]);
    proxy.reset();
    const report = await ok(b, ['uninstall', DISK]);
    assert.equal(report.resolved, false);
    assert.equal(proxy.requests.length, 0);
    assert.deepEqual(installed(b), [PAGER]);
    assert.deepEqual(Object.keys(lockOf(b).packages), [PAGER]);
    assert.deepEqual(manifestOf(b).dependencies, { [PAGER]: '^1.0.0' });
    assert.deepEqual(report.removed.map((entry) => entry.name).sort(), [CHAT, DISK, LINUX]);
    await fails(b, ['uninstall', LINUX], 4, 'NOT_INSTALLED');
  });
});

describe('update and outdated', () => {
  it('outdated lists current, wanted and latest; update moves within ranges; --latest moves the range', async () => {
    const b = box();
    await ok(b, ['install', `${LINUX}@1.0.0`, `${CHAT}@~1.0.0`]);
    // Widen the ranges by hand: the next install keeps the locked versions, since they still fit.
    const path = join(b.dir, 'patternhub.yaml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace('"1.0.0"', '"^1.0.0"').replace('"~1.0.0"', '"^1.0.0"'),
    );
    const kept = await ok(b, ['install']);
    assert.deepEqual(kept.dependencies, { [CHAT]: '1.0.0', [LINUX]: '1.0.0' });

    const outdated = await cli(b, ['outdated', '--json']);
    assert.equal(outdated.code, 0, outdated.stderr);
    const rows = outdated.json<{
      packages: Array<{ name: string; current: string; wanted: string; latest: string }>;
    }>().packages;
    assert.deepEqual(
      rows.map(({ name, current, wanted, latest }) => ({ name, current, wanted, latest })),
      [
        { name: CHAT, current: '1.0.0', wanted: '1.2.0', latest: '1.2.0' },
        { name: LINUX, current: '1.0.0', wanted: '1.1.0', latest: '2.0.0' },
      ],
    );
    const table = await cli(b, ['outdated']);
    assert.equal(table.code, 0);
    assert.match(table.stdout, /current\s+wanted\s+latest/);
    assert.match(table.stdout, /@community\/linux\s+1\.0\.0\s+1\.1\.0\s+2\.0\.0/);

    const one = await ok(b, ['update', CHAT]);
    assert.deepEqual(one.updated, [{ name: CHAT, from: '1.0.0', to: '1.2.0' }]);
    assert.equal(lockOf(b).packages[LINUX]!.version, '1.0.0', 'only the named package moves');

    const all = await ok(b, ['update']);
    assert.deepEqual(all.updated, [{ name: LINUX, from: '1.0.0', to: '1.1.0' }]);
    assert.equal(all.manifest, 'unchanged');

    const latest = await ok(b, ['update', LINUX, '--latest']);
    assert.deepEqual(latest.updated, [{ name: LINUX, from: '1.1.0', to: '2.0.0' }]);
    assert.equal(manifestOf(b).dependencies?.[LINUX], '^2.0.0');
    assert.equal(manifestOf(b).dependencies?.[CHAT], '^1.0.0');

    const none = await cli(b, ['outdated', '--json']);
    assert.deepEqual(none.json<{ packages: unknown[] }>().packages, []);
    await fails(b, ['update', '@community/nope'], 4, 'NOT_INSTALLED');
  });

  it('update --latest that cannot be satisfied fails with RESOLUTION_CONFLICT and changes nothing', async () => {
    const b = box({ dependencies: { [DISK]: '^1.0.0', [LINUX]: '^1.0.0' } });
    await ok(b, ['install']);
    const before = treeHash(b.dir);
    await fails(b, ['update', LINUX, '--latest'], 5, 'RESOLUTION_CONFLICT');
    assert.equal(treeHash(b.dir), before);
  });
});
