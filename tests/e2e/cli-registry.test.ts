/**
 * Accounts through the CLI, spawned as the built binary against a real registry on a fresh database:
 * login / whoami / logout, users, orgs, tokens. The steps build on each other, in order; publishing
 * and the package commands are in cli-publish.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { parse } from 'yaml';
import { type CliRun, type CliUser, newCliUser, runCli } from '../helpers/cli.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

let registry: TestRegistry;
let work: string;

before(async () => {
  registry = await startTestRegistry();
  work = tempDir('cli-registry');
});
after(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

type User = CliUser;

const newUser = (label: string, extra: Record<string, string> = {}): User =>
  newCliUser(work, registry.url, label, extra);

function cli(user: User, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  return runCli(args, {
    cwd: work,
    env: { ...user.env, ...options.env },
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
  );
}

/** Runs with --json, checks the exit code, and returns the parsed output (stdout, or the error). */
async function json<T = Record<string, unknown>>(
  user: User,
  args: string[],
  code = 0,
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<T> {
  const run = await cli(user, [...args, '--json'], options);
  assertExit(run, code);
  if (code === 0) return run.json<T>();
  assert.equal(run.stdout, '', 'a failing --json run prints nothing on stdout');
  return (JSON.parse(run.stderr) as { error: T }).error;
}

async function errorCode(user: User, args: string[], exit: number): Promise<string> {
  return (await json<{ code: string }>(user, args, exit)).code;
}

function configOf(user: User): { tokens?: Record<string, string>; registry?: string } {
  return parse(readFileSync(join(user.home, '.config', 'patternhub', 'config.yaml'), 'utf8')) ?? {};
}

async function status(path: string, token?: string): Promise<number> {
  const response = await registry.request(path, { token });
  await response.arrayBuffer();
  return response.status;
}

// Top-level tests run in order, each with its own timeout (a suite would share one).
const admin = () => newUser('admin');
let bobToken: string;
let bob: User;

it('login refuses a bad token (exit 6) and writes no config', async () => {
  const user = newUser('bad');
  const error = await json<{ code: string }>(
    user,
    ['login', '--token', 'ph_not_a_real_token_000000000000'],
    6,
  );
  assert.equal(error.code, 'UNAUTHENTICATED');
  assert.ok(!existsSync(join(user.home, '.config', 'patternhub', 'config.yaml')));
  // No token at all, and nothing on standard input: a usage error.
  assert.equal(await errorCode(user, ['login'], 2), 'USAGE');
});

it('login stores a good token in a 0600 config file, and never prints it', async () => {
  const user = admin();
  for (const args of [
    ['login', '--token', registry.adminToken],
    ['login', '--token', registry.adminToken, '--json'],
  ]) {
    const run = await cli(user, args);
    assertExit(run, 0);
    assert.ok(!run.stdout.includes(registry.adminToken), 'token printed on stdout');
    assert.ok(!run.stderr.includes(registry.adminToken), 'token printed on stderr');
  }
  const file = join(user.home, '.config', 'patternhub', 'config.yaml');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(user.home, '.config', 'patternhub')).mode & 0o077, 0, 'folder private');
  assert.equal(configOf(user).tokens?.[registry.url], registry.adminToken);
});

it('whoami answers for the stored token, and exits 6 without one', async () => {
  const who = await json<{ username: string; admin: boolean; registry: string }>(admin(), ['whoami']);
  assert.equal(who.username, 'admin');
  assert.equal(who.admin, true);
  assert.equal(who.registry, registry.url);
  assert.ok(!JSON.stringify(who).includes(registry.adminToken));
  assert.equal(await errorCode(newUser('anonymous'), ['whoami'], 6), 'UNAUTHENTICATED');
});

it('user create (admins only) hands out a first token; login takes it on standard input', async () => {
  const created = await json<{ username: string; token: string }>(admin(), [
    'user',
    'create',
    'bob',
    '--email',
    'bob@example.test',
  ]);
  assert.equal(created.username, 'bob');
  assert.match(created.token, /^ph_/);
  bobToken = created.token;
  assert.equal(await errorCode(admin(), ['user', 'create', 'bob'], 5), 'ALREADY_EXISTS');
  assert.equal(await errorCode(admin(), ['user', 'create'], 2), 'USAGE');

  bob = newUser('bob');
  const login = await cli(bob, ['login', '--json'], { input: `${bobToken}\n` });
  assertExit(login, 0);
  assert.equal(login.json<{ username: string }>().username, 'bob');
  assert.ok(!login.stdout.includes(bobToken));
  assert.equal(configOf(bob).tokens?.[registry.url], bobToken);
  // Bob is no administrator.
  assert.equal(await errorCode(bob, ['user', 'create', 'mallory'], 6), 'FORBIDDEN');
});

it('org create / set / info / audit', async () => {
  const org = await json<{ name: string; members: Array<{ username: string; role: string }> }>(admin(), [
    'org',
    'create',
    '@acme',
    '--description',
    'Acme operations',
  ]);
  assert.equal(org.name, 'acme');
  assert.equal(await errorCode(admin(), ['org', 'create', 'acme'], 5), 'ALREADY_EXISTS');

  await json(admin(), ['org', 'set', 'acme', 'bob', 'publisher']);
  const info = await json<{ name: string; members: Array<{ username: string; role: string }> }>(admin(), [
    'org',
    'info',
    'acme',
  ]);
  assert.deepEqual(info.members.map((member) => [member.username, member.role]).sort(), [
    ['admin', 'owner'],
    ['bob', 'publisher'],
  ]);
  const audit = await json<{ entries: Array<{ action: string; actor: string | null }> }>(admin(), [
    'org',
    'audit',
    'acme',
  ]);
  const actions = audit.entries.map((entry) => entry.action);
  assert.ok(actions.includes('org.create'), actions.join(', '));
  assert.ok(actions.includes('org.member.set'), actions.join(', '));
  // The audit log is for owners; a publisher may not read it.
  const denied = await json<{ code: string }>(bob, ['org', 'audit', 'acme'], 6);
  assert.equal(denied.code, 'FORBIDDEN');
  assert.deepEqual(
    await Promise.all([
      errorCode(admin(), ['org', 'info', 'nope'], 4),
      errorCode(admin(), ['org', 'frobnicate', 'acme'], 2),
      errorCode(admin(), ['org', 'set', 'acme', 'nobody-here', 'reader'], 4),
    ]),
    ['ORG_NOT_FOUND', 'USAGE', 'USER_NOT_FOUND'],
  );
});

it('token create / list / revoke; a revoked token then gets 401', async () => {
  const created = await json<{ id: string; token: string; scopes: string[] }>(bob, [
    'token',
    'create',
    '--name',
    'ci-read',
    '--scopes',
    'read',
  ]);
  assert.deepEqual(created.scopes, ['read']);
  const list = await json<Array<{ id: string; name: string }>>(bob, ['token', 'list']);
  assert.ok(list.some((token) => token.id === created.id && token.name === 'ci-read'));
  assert.ok(!JSON.stringify(list).includes(created.token), 'token list never shows secrets');

  const asCi = newUser('ci', { PATTERNHUB_TOKEN: created.token });
  const who = await json<{ username: string; token: { name: string; scopes: string[] } }>(asCi, ['whoami']);
  assert.equal(who.username, 'bob');
  assert.deepEqual(who.token.scopes, ['read']);

  assert.deepEqual(await json(bob, ['token', 'revoke', created.id]), { revoked: created.id });
  assert.equal(await status('/v1/whoami', created.token), 401);
  assert.equal(await errorCode(asCi, ['whoami'], 6), 'UNAUTHENTICATED');
  assert.equal(await errorCode(bob, ['token', 'revoke', created.id], 4), 'TOKEN_NOT_FOUND');
  // An expiry that is not a number is refused, not silently dropped (a token that never expires).
  const usage = await Promise.all([
    errorCode(bob, ['token', 'create'], 2),
    errorCode(bob, ['token', 'create', '--name', 'later', '--expires-days', 'soon'], 2),
    errorCode(bob, ['token', 'create', '--name', 'later', '--expires-days', '1.5'], 2),
  ]);
  assert.deepEqual(usage, ['USAGE', 'USAGE', 'USAGE']);
  const remaining = await json<Array<{ name: string }>>(bob, ['token', 'list']);
  assert.ok(!remaining.some((token) => token.name === 'later'), 'no token made by a refused create');
  const expiring = await json<{ expiresAt: string | null }>(bob, [
    'token',
    'create',
    '--name',
    'month',
    '--expires-days',
    '30',
  ]);
  assert.ok(expiring.expiresAt, 'an expiry was set');
  const days = (Date.parse(expiring.expiresAt) - Date.now()) / 86_400_000;
  assert.ok(days > 29 && days <= 30, `expires in ${days} days`);
});

it('logout forgets the token and leaves it valid; logout --revoke ends it on the server', async () => {
  assert.equal(await status('/v1/whoami', bobToken), 200);
  const out = await json<{ loggedOut: boolean; revoked: boolean }>(bob, ['logout']);
  assert.deepEqual([out.loggedOut, out.revoked], [true, false]);
  assert.equal(await status('/v1/whoami', bobToken), 200, 'a plain logout does not lock the user out');
  assert.equal(configOf(bob).tokens?.[registry.url], undefined);
  await json(bob, ['login', '--token', bobToken]);
  const revoked = await json<{ loggedOut: boolean; revoked: boolean }>(bob, ['logout', '--revoke']);
  assert.deepEqual([revoked.loggedOut, revoked.revoked], [true, true]);
  assert.equal(await status('/v1/whoami', bobToken), 401);
  assert.equal(configOf(bob).tokens?.[registry.url], undefined);
  assert.equal(statSync(join(bob.home, '.config', 'patternhub', 'config.yaml')).mode & 0o777, 0o600);
  assert.equal(await errorCode(bob, ['whoami'], 6), 'UNAUTHENTICATED');
  // A second logout has nothing to do.
  assert.equal((await json<{ loggedOut: boolean }>(bob, ['logout'])).loggedOut, false);
});
