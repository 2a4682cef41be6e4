/**
 * One project, two registries: a team's private `@acme/*` on registry A, the public `@community/*` on
 * registry B, each with its own token. Both are real servers on their own databases, each behind a
 * recording proxy, so the tests can see which token went where.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { type CliRun, runCli } from '../helpers/cli.js';
import { createOrg, publishOk } from '../helpers/packages.js';
import { type ProjectBox, projectBox } from '../helpers/project-box.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { type RegistryProxy, startRegistryProxy } from '../helpers/registry-proxy.js';
import { tempDir } from '../helpers/temp-dir.js';

let privateRegistry: TestRegistry;
let publicRegistry: TestRegistry;
let a: RegistryProxy;
let b: RegistryProxy;
/** A second address of the private registry: "the team moved @acme to a new host". */
let moved: RegistryProxy;
const work = tempDir('install-registries');

const RUNBOOK = '@acme/runbook';
const TOOLS = '@acme/tools';
const LINUX = '@community/linux';

before(async () => {
  [privateRegistry, publicRegistry] = await Promise.all([startTestRegistry(), startTestRegistry()]);
  [a, b, moved] = await Promise.all([
    startRegistryProxy(privateRegistry.url),
    startRegistryProxy(publicRegistry.url),
    startRegistryProxy(privateRegistry.url),
  ]);
  const acme = privateRegistry.adminToken;
  await createOrg(privateRegistry, acme, 'acme');
  await publishOk(
    privateRegistry,
    { name: TOOLS, version: '1.0.0', kind: 'action' },
    { token: acme, access: 'private' },
  );
  await publishOk(
    privateRegistry,
    { name: RUNBOOK, version: '1.0.0', dependencies: { [TOOLS]: '^1.0.0' }, calls: [`${TOOLS}.tools`] },
    { token: acme, access: 'private' },
  );
  await createOrg(publicRegistry, publicRegistry.adminToken, 'community');
  await publishOk(
    publicRegistry,
    { name: LINUX, version: '1.0.0', kind: 'action' },
    { token: publicRegistry.adminToken },
  );
});

after(async () => {
  await Promise.all([a?.close(), b?.close(), moved?.close()]);
  await Promise.all([privateRegistry?.close(), publicRegistry?.close()]);
  rmSync(work, { recursive: true, force: true });
});

let counter = 0;

type Box = ProjectBox;

function box(config: Record<string, unknown>): Box {
  return projectBox(join(work, `case-${++counter}`), config);
}

const teamConfig = () => ({
  registry: b.url,
  scopes: { '@acme': a.url },
  tokens: { [a.url]: privateRegistry.adminToken, [b.url]: publicRegistry.adminToken },
});

async function run(x: Box, args: string[]): Promise<CliRun> {
  return runCli([...args, '--json'], { cwd: x.dir, env: x.env });
}

function lockOf(x: Box): { packages: Record<string, { version: string; registry: string }> } {
  return parse(readFileSync(join(x.dir, 'patternhub.lock'), 'utf8'));
}

function resetAll() {
  a.reset();
  b.reset();
  moved.reset();
}

describe('scoped registries', () => {
  it('installs @acme/* from the private registry and @community/* from the public one, each with its token', async () => {
    const x = box(teamConfig());
    resetAll();
    const result = await run(x, ['install', RUNBOOK, LINUX]);
    assert.equal(result.code, 0, result.stderr);
    const lock = lockOf(x);
    assert.equal(lock.packages[RUNBOOK]!.registry, a.url);
    assert.equal(lock.packages[TOOLS]!.registry, a.url);
    assert.equal(lock.packages[LINUX]!.registry, b.url);
    assert.ok(a.requests.length >= 4 && b.requests.length >= 2);
    assert.ok(a.requests.every((r) => r.authorization === `Bearer ${privateRegistry.adminToken}`));
    assert.ok(b.requests.every((r) => r.authorization === `Bearer ${publicRegistry.adminToken}`));
    assert.deepEqual(
      a.requests.filter((r) => r.path.includes('/community/')),
      [],
      'the private registry is never asked for public packages',
    );
  });

  it('without the private registry token, the private package is not found (and nothing is written)', async () => {
    const x = box({ registry: b.url, scopes: { '@acme': a.url } });
    const result = await run(x, ['install', RUNBOOK]);
    assert.equal(result.code, 4, result.stderr);
    assert.equal(JSON.parse(result.stderr).error.code, 'PACKAGE_NOT_FOUND');
    assert.deepEqual(parse(readFileSync(join(x.dir, 'patternhub.yaml'), 'utf8')).dependencies, undefined);
  });

  it('a teammate with tokens but no scope map reproduces the lockfile from the registries it names', async () => {
    const first = box(teamConfig());
    assert.equal((await run(first, ['install', RUNBOOK, LINUX])).code, 0);
    const mate = box({ registry: b.url, tokens: teamConfig().tokens });
    cpSync(join(first.dir, 'patternhub.yaml'), join(mate.dir, 'patternhub.yaml'));
    cpSync(join(first.dir, 'patternhub.lock'), join(mate.dir, 'patternhub.lock'));
    resetAll();
    const result = await run(mate, ['install', '--frozen-lockfile']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(a.tarballGets().length, 2);
    assert.equal(b.tarballGets().length, 1);
    assert.equal(a.metadataGets().length + b.metadataGets().length, 0);
  });

  it('moving a scope to another registry in the config re-resolves its packages there', async () => {
    const first = box(teamConfig());
    assert.equal((await run(first, ['install', RUNBOOK, LINUX])).code, 0);
    writeFileSync(
      first.env.PATTERNHUB_CONFIG!,
      stringify({
        ...teamConfig(),
        scopes: { '@acme': moved.url },
        tokens: { ...teamConfig().tokens, [moved.url]: privateRegistry.adminToken },
      }),
    );
    resetAll();
    const result = await run(first, ['install']);
    assert.equal(result.code, 0, result.stderr);
    const lock = lockOf(first);
    assert.equal(lock.packages[RUNBOOK]!.registry, moved.url);
    assert.equal(lock.packages[TOOLS]!.registry, moved.url);
    assert.equal(lock.packages[LINUX]!.registry, b.url);
    assert.equal(a.requests.length, 0);
    assert.ok(moved.metadataGets().length >= 2);
    assert.equal(moved.tarballGets().length, 0, 'same versions, same integrity: the installed folders stay');
  });
});
