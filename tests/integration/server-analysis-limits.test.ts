/**
 * The analysis worker's bounds against a real server and database: an upload whose checks outrun
 * the time limit, or the worker's heap, is refused with PACKAGE_TOO_COMPLEX and nothing written,
 * health answers while it is being checked, and the worker that was stopped (or died of its heap)
 * is replaced, so the next publish goes through. Limits are set tiny rather than timing anything.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { expectJson, expectProblem, publish, publishOk, rowsOf } from '../helpers/packages.js';
import type { TestRegistry } from '../helpers/registry.js';
import { setUpRegistry } from '../helpers/setup.js';

/** Three action files of 9,000 parameters each: within every YAML limit, heavy to parse and check. */
function heavyFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let file = 0; file < 3; file++) {
    const lines = [`name: many${file}`, 'runner_type: local-shell-cmd', 'parameters:'];
    for (let i = 0; i < 9_000; i++) lines.push(`  p${i}: { type: string }`);
    files[`actions/many${file}.yaml`] = `${lines.join('\n')}\n`;
  }
  return files;
}

async function versionsOf(registry: TestRegistry, name: string): Promise<number> {
  const rows = await rowsOf<{ n: number }>(
    registry,
    sql`select count(*)::int as n from versions v join packages p on p.id = v.package_id where p.full_name = ${name}`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Runs `work` while asking for /v1/health one request after another; returns the work's result
 * and how many health answers (each asserted 200) came back before the work was done.
 */
async function withHealthPolls<T>(
  registry: TestRegistry,
  work: Promise<T>,
): Promise<{ result: T; answeredMeanwhile: number }> {
  let done = false;
  const finished = work.finally(() => {
    done = true;
  });
  let answeredMeanwhile = 0;
  while (!done) {
    const res = await registry.request('/v1/health');
    await expectJson(res);
    if (!done) answeredMeanwhile++;
  }
  return { result: await finished, answeredMeanwhile };
}

describe('a publish whose checks run out of time', () => {
  let registry: TestRegistry;
  let owner: string;
  before(async () => {
    const stage = await setUpRegistry({
      users: ['tess'],
      orgs: { slow: { owner: 'tess' } },
      env: { PATTERNHUB_ANALYSIS_TIMEOUT: '100' },
    });
    registry = stage.registry;
    owner = stage.tokens.tess!;
  });
  after(() => registry.close());

  it('is refused with PACKAGE_TOO_COMPLEX, writes nothing, and health answers meanwhile', async () => {
    const { result: res, answeredMeanwhile } = await withHealthPolls(
      registry,
      publish(
        registry,
        { name: '@slow/heavy', version: '1.0.0', kind: 'action', files: heavyFiles() },
        { token: owner },
      ),
    );
    const problem = await expectProblem(res, 422, 'PACKAGE_TOO_COMPLEX');
    assert.equal(problem.details.limit, 'time');
    assert.equal(problem.details.timeoutMs, 100);
    assert.ok(problem.hint);
    assert.equal(await versionsOf(registry, '@slow/heavy'), 0, 'nothing written');
    assert.ok(answeredMeanwhile > 0, 'health answered while the upload was being checked');
  });
});

describe('a publish whose checks outgrow the worker heap', () => {
  let registry: TestRegistry;
  let owner: string;
  before(async () => {
    const stage = await setUpRegistry({
      users: ['hana'],
      orgs: { big: { owner: 'hana' } },
      // Enough for ordinary packages, not for parsing 27,000 parameters; no time limit in the way.
      env: { PATTERNHUB_ANALYSIS_HEAP_MB: '32', PATTERNHUB_ANALYSIS_TIMEOUT: '600000' },
    });
    registry = stage.registry;
    owner = stage.tokens.hana!;
  });
  after(() => registry.close());

  it('is refused with PACKAGE_TOO_COMPLEX; the worker is replaced and the next publish lands', async () => {
    await publishOk(registry, { name: '@big/before', version: '1.0.0', kind: 'action' }, { token: owner });
    const { result: res, answeredMeanwhile } = await withHealthPolls(
      registry,
      publish(
        registry,
        { name: '@big/heavy', version: '1.0.0', kind: 'action', files: heavyFiles() },
        { token: owner },
      ),
    );
    const problem = await expectProblem(res, 422, 'PACKAGE_TOO_COMPLEX');
    assert.equal(problem.details.limit, 'memory');
    assert.equal(problem.details.heapMb, 32);
    assert.equal(await versionsOf(registry, '@big/heavy'), 0, 'nothing written');
    assert.ok(answeredMeanwhile > 0, 'health answered while the upload was being checked');

    // The worker died of its heap; a new one checks the next upload, and a diff too.
    await publishOk(
      registry,
      { name: '@big/before', version: '1.1.0', kind: 'action', parameters: { extra: false } },
      {
        token: owner,
      },
    );
    const diff = await expectJson<{ requiredBump: string }>(
      await registry.request('/v1/diff?from=@big/before@1.0.0&to=@big/before@1.1.0'),
    );
    assert.equal(diff.requiredBump, 'minor');
    await expectJson(await registry.request('/v1/health'));
  });
});
