/**
 * `patternhub serve` as a user runs it: the built binary on a free port, on embedded PGlite in a
 * data folder (and on PostgreSQL too when DATABASE_URL is set), stopped by a signal and started
 * again on the same data. `migrate` and PATTERNHUB_ADMIN_TOKEN: cli-serve-admin.test.ts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { serveKit, tokensIn, whoami } from './cli-serve-process.js';

const { work, userEnv, serve, stop, backends } = serveKit('cli-serve');

for (const backend of backends) {
  it(`serve on ${backend.name}: the first start prints a one-time admin token, the next does not`, async () => {
    const db = await backend.fresh();
    const env = userEnv(db.env);

    const first = await serve(db.args, env);
    await stop(first, 'SIGTERM');
    const printed = tokensIn(first.output());
    assert.equal(printed.length, 1, `one token printed on the first start:\n${first.output()}`);
    const token = printed[0]!;

    const second = await serve(db.args, env);
    // The data survived the restart: the token printed the first time works, and only it.
    const who = await whoami(second.url, token);
    assert.equal(who.status, 200);
    assert.equal(who.body.admin, true);
    assert.equal((await whoami(second.url, `${token}x`)).status, 401);
    await stop(second, 'SIGINT');
    assert.deepEqual(tokensIn(second.output()), [], `no token on the second start:\n${second.output()}`);
  });
}

it('serve refuses bad settings with exit 2 (CONFIG_INVALID) and does not start', async () => {
  const env = userEnv();
  const cases: Array<[string[], Record<string, string>]> = [
    [['--port', 'eighty'], {}],
    [['--port', '70000'], {}],
    [[], { PATTERNHUB_ADMIN_TOKEN: 'short' }],
    [[], { DATABASE_URL: 'mysql://localhost/db' }],
  ];
  const runs = await Promise.all(
    cases.map(([args, extra]) =>
      runCli(['serve', ...args, '--data', join(work, 'never'), '--json'], {
        cwd: work,
        env: { ...env, ...extra },
        timeoutMs: 30_000,
      }),
    ),
  );
  runs.forEach((run, index) => {
    assert.equal(run.code, 2, `${JSON.stringify(cases[index])}: ${run.stderr}`);
    assert.equal((JSON.parse(run.stderr) as { error: { code: string } }).error.code, 'CONFIG_INVALID');
  });
});
