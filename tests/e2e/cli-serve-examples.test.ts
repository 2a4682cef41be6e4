/**
 * `patternhub serve --with-examples`: a fresh registry is not empty. The example packages are
 * published at start, through the API, in dependency order; a restart finds them there and
 * publishes nothing twice.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { type Served, serveKit } from './cli-serve-process.js';

const { work, userEnv, serve, stop, backends } = serveKit('cli-serve-examples');

/** Waits (on the process's own output, no polling) until the start-up work has reported. */
async function examplesLine(served: Served): Promise<string> {
  for (;;) {
    const line = /^examples: .*$/m.exec(served.output())?.[0];
    if (line) return line;
    const done = await Promise.race([once(served.child.stderr, 'data'), served.exited]);
    if (!Array.isArray(done)) assert.fail(`serve exited before publishing the examples:\n${served.output()}`);
  }
}

for (const backend of backends) {
  it(`serve --with-examples on ${backend.name}: the examples are there, once`, async () => {
    const db = await backend.fresh();
    const env = userEnv(db.env);
    const first = await serve([...db.args, '--with-examples'], env);
    const line = await examplesLine(first);
    assert.match(line, /published .*@community\/linux@2\.1\.0.*@community\/disk-full@1\.0\.0/);
    // Dependencies before their dependents.
    assert.ok(line.indexOf('@community/linux@') < line.indexOf('@community/disk-full@'), line);

    const search = await runCli(['search', 'disk', 'full', '--json'], {
      cwd: work,
      env: { ...env, PATTERNHUB_REGISTRY: first.url },
    });
    assert.equal(search.code, 0, search.stderr);
    const found = search.json<{ results: Array<{ name: string }> }>().results.map((result) => result.name);
    assert.equal(found[0], '@community/disk-full');
    await stop(first);

    const second = await serve([...db.args, '--with-examples'], env);
    assert.match(await examplesLine(second), /^examples: all \d+ already published$/);
    await stop(second);
  });
}
