/**
 * `patternhub migrate`, then `patternhub serve` with PATTERNHUB_ADMIN_TOKEN (automation's first
 * admin): on PGlite in a data folder, and on PostgreSQL too when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { serveKit, tokensIn, whoami } from './cli-serve-process.js';

const { work, userEnv, serve, stop, backends } = serveKit('cli-serve-admin');

for (const backend of backends) {
  it(`migrate on ${backend.name} exits 0; PATTERNHUB_ADMIN_TOKEN then makes the admin`, async () => {
    const db = await backend.fresh();
    const env = userEnv(db.env);
    const migrated = await runCli(['migrate', ...db.args, '--json'], { cwd: work, env });
    assert.equal(migrated.code, 0, migrated.stderr);

    // serve migrates again at start: migrations already applied are skipped.
    const adminToken = `ph_automation_${randomBytes(16).toString('hex')}`;
    const served = await serve(db.args, { ...env, PATTERNHUB_ADMIN_TOKEN: adminToken });
    const who = await whoami(served.url, adminToken);
    assert.equal(who.status, 200);
    assert.equal(who.body.admin, true);
    // The CLI reaches the same registry with that token.
    const cli = await runCli(['whoami', '--registry', served.url, '--json'], {
      cwd: work,
      env: { ...env, PATTERNHUB_TOKEN: adminToken },
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.json<{ username: string }>().username, 'admin');
    await stop(served);
    assert.ok(!served.output().includes(adminToken), 'the admin token is never logged');
    assert.deepEqual(tokensIn(served.output()), [], 'no generated token either');
  });
}
