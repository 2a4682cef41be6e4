/**
 * Publishing and the package commands, spawned as the built binary against a real registry on a
 * fresh database: publish (local validation and packing first, --dry-run, --tag, the integrity),
 * info, dist-tag, deprecate, yank, unpublish. One publisher, one package, steps in order.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { stringify } from 'yaml';
import { type CliRun, type CliUser, newCliUser, runCli } from '../helpers/cli.js';
import { type DeadRegistry, startDeadRegistry } from '../helpers/dead-registry.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

let registry: TestRegistry;
let work: string;
/** Bob publishes to @acme; set up over HTTP (the CLI's account commands are cli-registry's). */
let bob: User;
let pkg: string;
let packedIntegrity: string;
/** A registry URL nothing listens on: a command that contacts it fails with exit 7. */
let deadRegistry: string;
let dead: DeadRegistry | undefined;

before(async () => {
  registry = await startTestRegistry();
  dead = await startDeadRegistry();
  deadRegistry = dead.url;
  work = tempDir('cli-publish');
  const post = async (path: string, method: string, body: unknown) => {
    const response = await registry.request(path, {
      method,
      token: registry.adminToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const created = await post('/v1/users', 'POST', { username: 'bob' });
  await post('/v1/orgs', 'POST', { name: 'acme' });
  await post('/v1/orgs/acme/members/bob', 'PUT', { role: 'publisher' });
  bob = newUser('bob');
  const config = join(bob.home, '.config', 'patternhub', 'config.yaml');
  mkdirSync(join(bob.home, '.config', 'patternhub'), { recursive: true });
  writeFileSync(config, stringify({ tokens: { [registry.url]: created.token } }), { mode: 0o600 });
});
after(async () => {
  await Promise.all([registry?.close(), dead?.close()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

type User = CliUser;

const newUser = (label: string, extra: Record<string, string> = {}): User =>
  newCliUser(work, registry.url, label, extra);

function cli(user: User, args: string[]) {
  return runCli(args, { cwd: work, env: user.env });
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
  );
}

/** Runs with --json, checks the exit code, and returns the parsed output (stdout, or the error). */
async function json<T = Record<string, unknown>>(user: User, args: string[], code = 0): Promise<T> {
  const run = await cli(user, [...args, '--json']);
  assertExit(run, code);
  if (code === 0) return run.json<T>();
  assert.equal(run.stdout, '', 'a failing --json run prints nothing on stdout');
  return (JSON.parse(run.stderr) as { error: T }).error;
}

async function errorCode(user: User, args: string[], exit: number): Promise<string> {
  return (await json<{ code: string }>(user, args, exit)).code;
}

async function status(path: string, token?: string): Promise<number> {
  const response = await registry.request(path, { token });
  await response.arrayBuffer();
  return response.status;
}

it('publish --dry-run has the registry check everything and stores nothing', async () => {
  const init = await runCli(['init', 'hello', '--kind', 'pattern', '--name', '@acme/hello', '--json'], {
    cwd: work,
    env: bob.env,
  });
  assertExit(init, 0);
  pkg = join(work, 'hello');
  const packed = await json<{ integrity: string }>(bob, ['pack', pkg, '--dry-run']);
  packedIntegrity = packed.integrity;

  const dry = await json<{ integrity: string; dryRun: boolean; registry: string }>(bob, [
    'publish',
    pkg,
    '--dry-run',
  ]);
  assert.equal(dry.dryRun, true);
  assert.equal(dry.integrity, packedIntegrity);
  assert.equal(dry.registry, registry.url);
  assert.equal(await status('/v1/packages/acme/hello'), 404);
  // The registry runs the checks: with no registry there, a dry run cannot say the publish would pass.
  const offline = await runCli(['publish', pkg, '--dry-run', '--registry', deadRegistry, '--json'], {
    env: bob.env,
  });
  // Without a token for that registry it stops at auth (6), else at the network (7); never "would publish".
  assert.ok([6, 7].includes(offline.code), `exit ${offline.code}: ${offline.stderr}`);
});

it('publish refuses an invalid package (exit 3) before any upload', async () => {
  const broken = join(work, 'broken');
  const init = await runCli(['init', broken, '--kind', 'pattern', '--name', '@acme/broken'], {
    env: bob.env,
  });
  assertExit(init, 0);
  const workflow = join(broken, 'workflows', 'broken.yaml');
  writeFileSync(
    workflow,
    readFileSync(workflow, 'utf8').replace('action: core.echo', 'action: nowhere.echo'),
  );
  const error = await json<{ code: string; details: { issues: Array<{ code: string }> } }>(
    bob,
    ['publish', broken],
    3,
  );
  assert.equal(error.code, 'INVALID_PACKAGE');
  assert.ok(error.details.issues.length > 0, 'the issues come with the error');
  assert.equal(await status('/v1/packages/acme/broken'), 404);
  // Refused locally, before any connection: a registry that is not there makes no difference.
  assert.equal(await errorCode(bob, ['publish', broken, '--registry', deadRegistry], 3), 'INVALID_PACKAGE');
});

it('publish without a token exits 6 and uploads nothing', async () => {
  const anonymous = newUser('anonymous-publisher');
  assert.equal(await errorCode(anonymous, ['publish', pkg], 6), 'UNAUTHENTICATED');
  assert.equal(await status('/v1/packages/acme/hello'), 404);
  // A read-only token is not enough either.
  const readOnly = await json<{ token: string }>(bob, [
    'token',
    'create',
    '--name',
    'ro',
    '--scopes',
    'read',
  ]);
  const reader = newUser('reader', { PATTERNHUB_TOKEN: readOnly.token });
  assert.equal(await errorCode(reader, ['publish', pkg], 6), 'FORBIDDEN');
  assert.equal(await status('/v1/packages/acme/hello'), 404);
});

it('publish prints the integrity pack printed; a republish is a conflict (exit 5)', async () => {
  const published = await json<{ integrity: string; version: string; distTags: Record<string, string> }>(
    bob,
    ['publish', pkg],
  );
  assert.equal(published.version, '0.1.0');
  assert.equal(published.integrity, packedIntegrity);
  assert.deepEqual(published.distTags, { latest: '0.1.0' });
  assert.equal(await status('/v1/packages/acme/hello/0.1.0'), 200);

  assert.equal(await errorCode(bob, ['publish', pkg], 5), 'VERSION_EXISTS');

  // The human output carries the integrity too.
  setVersion(pkg, '0.1.1');
  const human = await cli(bob, ['publish', pkg]);
  assertExit(human, 0);
  const integrity = (await json<{ integrity: string }>(bob, ['pack', pkg, '--dry-run'])).integrity;
  assert.ok(human.stdout.includes(integrity), human.stdout);
});

it('publish --tag sets that tag and leaves latest alone', async () => {
  setVersion(pkg, '0.2.0');
  const published = await json<{ distTags: Record<string, string> }>(bob, ['publish', pkg, '--tag', 'beta']);
  // The answer names the tags this publish moved; latest stays where it was.
  assert.deepEqual(published.distTags, { beta: '0.2.0' });
  assert.deepEqual(await json(bob, ['dist-tag', 'ls', '@acme/hello']), { beta: '0.2.0', latest: '0.1.1' });
  assert.equal(await errorCode(bob, ['publish', pkg, '--access', 'secret'], 2), 'USAGE');
});

it('info shows a package, a version, a tag (human and --json), and exits 4 for what is missing', async () => {
  const anyone = newUser('reader-of-info');
  const pkgInfo = await json<{
    name: string;
    distTags: Record<string, string>;
    versions: Record<string, unknown>;
  }>(anyone, ['info', '@acme/hello']);
  assert.equal(pkgInfo.name, '@acme/hello');
  assert.deepEqual(Object.keys(pkgInfo.versions).sort(), ['0.1.0', '0.1.1', '0.2.0']);
  assert.deepEqual(pkgInfo.distTags, { beta: '0.2.0', latest: '0.1.1' });

  const version = await json<{ version: string; integrity: string; files: Array<{ path: string }> }>(anyone, [
    'info',
    '@acme/hello@0.1.0',
  ]);
  assert.equal(version.version, '0.1.0');
  assert.equal(version.integrity, packedIntegrity);
  assert.deepEqual(
    version.files.map((file) => file.path),
    ['README.md', 'patternhub.yaml', 'workflows/hello.yaml'],
  );
  assert.equal((await json<{ version: string }>(anyone, ['info', '@acme/hello@beta'])).version, '0.2.0');

  const human = await cli(anyone, ['info', '@acme/hello@0.1.0']);
  assertExit(human, 0);
  assert.ok(human.stdout.includes(packedIntegrity), human.stdout);
  const overview = await cli(anyone, ['info', '@acme/hello']);
  assertExit(overview, 0);
  assert.ok(overview.stdout.includes('0.2.0'), overview.stdout);

  assert.deepEqual(
    await Promise.all([
      errorCode(anyone, ['info', '@acme/nothing'], 4),
      errorCode(anyone, ['info', '@acme/hello@9.9.9'], 4),
      errorCode(anyone, ['info', 'not a name'], 2),
      errorCode(anyone, ['info'], 2),
    ]),
    ['PACKAGE_NOT_FOUND', 'VERSION_NOT_FOUND', 'INVALID_NAME', 'USAGE'],
  );
});

it('dist-tag ls / add / rm', async () => {
  assert.deepEqual(await json(bob, ['dist-tag', 'add', '@acme/hello@0.1.0', 'stable']), {
    beta: '0.2.0',
    latest: '0.1.1',
    stable: '0.1.0',
  });
  assert.deepEqual(await json(bob, ['dist-tag', 'rm', '@acme/hello', 'beta']), {
    latest: '0.1.1',
    stable: '0.1.0',
  });
  assert.deepEqual(await json(newUser('tag-reader'), ['dist-tag', 'ls', '@acme/hello']), {
    latest: '0.1.1',
    stable: '0.1.0',
  });
  assert.deepEqual(
    await Promise.all([
      errorCode(bob, ['dist-tag', 'rm', '@acme/hello', 'beta'], 4),
      errorCode(bob, ['dist-tag', 'add', '@acme/hello@7.0.0', 'next'], 4),
      errorCode(bob, ['dist-tag', 'add', '@acme/hello', 'next'], 2),
      errorCode(newUser('tag-anonymous'), ['dist-tag', 'add', '@acme/hello@0.1.0', 'next'], 6),
    ]),
    ['DIST_TAG_NOT_FOUND', 'VERSION_NOT_FOUND', 'USAGE', 'UNAUTHENTICATED'],
  );
});

it('deprecate, then undeprecate with an empty message', async () => {
  const deprecated = await json<{ versions: string[]; deprecated: string | null }>(bob, [
    'deprecate',
    '@acme/hello@<0.2.0',
    'use 0.2',
  ]);
  assert.deepEqual(deprecated.versions.sort(), ['0.1.0', '0.1.1']);
  assert.equal(deprecated.deprecated, 'use 0.2');
  const info = await json<{ versions: Record<string, { deprecated: string | null }> }>(bob, [
    'info',
    '@acme/hello',
  ]);
  assert.equal(info.versions['0.1.0']?.deprecated, 'use 0.2');
  assert.ok(info.versions['0.2.0'], 'the package lists 0.2.0');
  assert.ok(!info.versions['0.2.0'].deprecated, '0.2.0 is not deprecated');

  const undone = await json<{ versions: string[]; deprecated: string | null }>(bob, [
    'deprecate',
    '@acme/hello@0.1.0',
    '',
  ]);
  assert.deepEqual(undone.versions, ['0.1.0']);
  assert.equal(undone.deprecated, null);
  const version = await json<{ deprecated: string | null }>(bob, ['info', '@acme/hello@0.1.0']);
  assert.equal(version.deprecated, null);
  assert.equal(await errorCode(bob, ['deprecate', '@acme/hello'], 2), 'USAGE');
});

it('yank, then yank --undo', async () => {
  assert.equal((await json<{ yanked: boolean }>(bob, ['yank', '@acme/hello@0.1.0'])).yanked, true);
  assert.equal((await json<{ yanked: boolean }>(bob, ['info', '@acme/hello@0.1.0'])).yanked, true);
  assert.equal((await json<{ yanked: boolean }>(bob, ['yank', '@acme/hello@0.1.0', '--undo'])).yanked, false);
  assert.equal((await json<{ yanked: boolean }>(bob, ['info', '@acme/hello@0.1.0'])).yanked, false);
  assert.deepEqual(
    await Promise.all([
      errorCode(bob, ['yank', '@acme/hello'], 2),
      errorCode(bob, ['yank', '@acme/hello@3.0.0'], 4),
    ]),
    ['USAGE', 'VERSION_NOT_FOUND'],
  );
});

it('unpublish removes a fresh version for good: its number is never reused', async () => {
  assert.equal((await json<{ removed: boolean }>(bob, ['unpublish', '@acme/hello@0.2.0'])).removed, true);
  assert.equal(await errorCode(bob, ['info', '@acme/hello@0.2.0'], 4), 'VERSION_NOT_FOUND');
  setVersion(pkg, '0.2.0');
  assert.equal(await errorCode(bob, ['publish', pkg], 5), 'VERSION_EXISTS');
  assert.equal(await errorCode(bob, ['unpublish', '@acme/hello'], 2), 'USAGE');

  // After 72 hours the window has closed.
  registry.clock.offsetMs = 73 * 3600 * 1000;
  try {
    assert.equal(await errorCode(bob, ['unpublish', '@acme/hello@0.1.0'], 5), 'UNPUBLISH_WINDOW_CLOSED');
  } finally {
    registry.clock.offsetMs = 0;
  }
});

function setVersion(dir: string, version: string): void {
  const manifest = join(dir, 'patternhub.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^version: .*$/m, `version: ${version}`));
}
