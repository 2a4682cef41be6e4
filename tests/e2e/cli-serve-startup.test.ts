/**
 * How `patternhub serve` and `migrate` start, and refuse to: one process per PGlite data folder (a
 * second server or a `migrate` beside a running one is refused with DATA_DIR_LOCKED, a lock left by a
 * killed server is taken over), a taken port (PORT_IN_USE) creates no admin, an unreachable or
 * missing database is DATABASE_UNAVAILABLE, and PATTERNHUB_ADMIN_TOKEN restores administration of
 * an existing registry only when no administrator token works.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { it } from 'node:test';
import { type CliRun, runCli } from '../helpers/cli.js';
import { serveKit, tokensIn, whoami } from './cli-serve-process.js';

const { work, userEnv, serve, stop } = serveKit('cli-serve-startup');

function errorCode(run: CliRun): string | undefined {
  try {
    return (JSON.parse(run.stderr) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli([...args, '--json'], { cwd: work, env: userEnv(env), timeoutMs: 120_000 });
}

it('one process per PGlite data folder: a second server and migrate are refused while one runs', async () => {
  const data = join(work, 'locked');
  const first = await serve(['--data', data], userEnv());
  const second = await cli(['serve', '--port', '0', '--data', data]);
  assert.equal(errorCode(second), 'DATA_DIR_LOCKED', second.stderr);
  const migrate = await cli(['migrate', '--data', data]);
  assert.equal(errorCode(migrate), 'DATA_DIR_LOCKED', migrate.stderr);
  // The refused ones changed nothing: the first still answers.
  assert.equal((await fetch(`${first.url}/v1/health`)).status, 200);

  // A server killed outright leaves its lock behind; the next start takes it over.
  first.child.kill('SIGKILL');
  await first.exited;
  const again = await serve(['--data', data], userEnv());
  await stop(again);
  const after = await cli(['migrate', '--data', data]);
  assert.equal(after.code, 0, after.stderr);
});

it('a port in use is PORT_IN_USE, and that failed start created no administrator', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const data = join(work, 'port');
  try {
    const run = await cli(['serve', '--port', String(port), '--data', data]);
    assert.equal(errorCode(run), 'PORT_IN_USE', run.stderr);
    assert.equal(tokensIn(run.stdout + run.stderr).length, 0);
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
  // The next start is the registry's first: it makes the administrator and shows the token.
  const served = await serve(['--data', data], userEnv());
  await stop(served);
  assert.equal(tokensIn(served.output()).length, 1, served.output());
});

it('an unreachable PostgreSQL is DATABASE_UNAVAILABLE, not INTERNAL', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as { port: number }).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const url = `postgres://nobody:secret@127.0.0.1:${port}/registry`;
  for (const args of [['serve', '--port', '0'], ['migrate']]) {
    const command = args[0];
    const run = await cli(args, { DATABASE_URL: url });
    assert.equal(errorCode(run), 'DATABASE_UNAVAILABLE', `${command}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /secret/, 'the password stays out of the message');
  }
});

it('a PostgreSQL database that does not exist is DATABASE_UNAVAILABLE', {
  skip: !process.env.DATABASE_URL,
}, async () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/patternhub_no_such_database';
  const run = await cli(['serve', '--port', '0'], { DATABASE_URL: url.toString() });
  assert.equal(errorCode(run), 'DATABASE_UNAVAILABLE', run.stderr);
});

it('PATTERNHUB_ADMIN_TOKEN on an existing registry: restores administration only when no admin token works', async () => {
  const data = join(work, 'restore');
  const first = await serve(['--data', data], userEnv());
  const [generated] = tokensIn(first.output());
  assert.ok(generated, first.output());
  // The only administrator token is revoked: nobody can administer the registry.
  const revoked = await fetch(`${first.url}/v1/tokens/current`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${generated}` },
  });
  assert.ok(revoked.ok, String(revoked.status));
  await stop(first);

  const chosen = `ph_${'r'.repeat(40)}`;
  const second = await serve(['--data', data], userEnv({ PATTERNHUB_ADMIN_TOKEN: chosen }));
  const who = await whoami(second.url, chosen);
  assert.equal(who.status, 200);
  assert.equal(who.body.admin, true);
  await stop(second);

  // Now an administrator token works: another secret in the setting is ignored, never a second way in.
  const other = `ph_${'o'.repeat(40)}`;
  const third = await serve(['--data', data], userEnv({ PATTERNHUB_ADMIN_TOKEN: other }));
  assert.equal((await whoami(third.url, other)).status, 401);
  assert.equal((await whoami(third.url, chosen)).status, 200);
  assert.match(third.output(), /PATTERNHUB_ADMIN_TOKEN is ignored/);
  await stop(third);
});
