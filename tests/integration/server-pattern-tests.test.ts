/**
 * Publish runs a pattern package's tests: a failing case refuses the version with
 * PATTERN_TESTS_FAILED and nothing is written; a passing run is stored with the version and shown in
 * the version document (`tests`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import {
  createOrg,
  expectJson,
  expectProblem,
  type PackageSpec,
  publish,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry();
  await createOrg(registry, registry.adminToken, 'tested');
});
after(async () => {
  await registry.close();
});

/** The helper's pattern is one task `step0` (core.echo) with input `message` defaulting to hello. */
const PASSING = 'workflow: echo\nexpect: { status: succeeded, tasks: [step0] }\n';
const FAILING =
  'description: expects a failure that does not happen\nworkflow: echo\nexpect: { status: failed }\n';

function spec(version: string, tests: Record<string, string>): PackageSpec {
  return { name: '@tested/echo', version, files: tests };
}

describe('publish runs the pattern tests', () => {
  it('refuses a version whose tests fail, naming the broken expectation, and writes nothing', async () => {
    const res = await publish(
      registry,
      spec('1.0.0', { 'tests/ok.yaml': PASSING, 'tests/bad.yaml': FAILING }),
      {
        token: registry.adminToken,
      },
    );
    const problem = await expectProblem(res, 422, 'PATTERN_TESTS_FAILED');
    const tests = problem.details.tests as {
      passed: number;
      failed: number;
      cases: { name: string; failures: { expectation: string }[] }[];
    };
    assert.equal(tests.failed, 1);
    assert.equal(tests.passed, 1);
    assert.deepEqual(
      tests.cases.find((c) => c.name === 'bad')!.failures.map((f) => f.expectation),
      ['status'],
    );
    const [row] = await rowsOf<{ n: number }>(
      registry,
      sql`select count(*)::int as n from packages where full_name = '@tested/echo'`,
    );
    assert.equal(row!.n, 0);
  });

  it('refuses an invalid test file with its file and pointer', async () => {
    const res = await publish(
      registry,
      spec('1.0.0', { 'tests/bad.yaml': 'workflow: echo\nactions: { ghost: {} }\n' }),
      {
        token: registry.adminToken,
      },
    );
    const problem = await expectProblem(res, 422, 'INVALID_PACKAGE');
    const issues = problem.details.issues as { code: string; file: string; pointer: string }[];
    assert.deepEqual(
      issues.map((i) => [i.code, i.file, i.pointer]),
      [['TEST_UNKNOWN_TASK', 'tests/bad.yaml', '/actions/ghost']],
    );
  });

  it('stores a passing run with the version and shows it in the version document', async () => {
    await publishOk(registry, spec('1.0.0', { 'tests/ok.yaml': PASSING }), { token: registry.adminToken });
    const doc = await expectJson<{
      tests: { passed: number; failed: number; cases: { name: string; passed: boolean; path: unknown[] }[] };
    }>(await registry.request('/v1/packages/tested/echo/1.0.0'));
    assert.equal(doc.tests.passed, 1);
    assert.equal(doc.tests.failed, 0);
    assert.deepEqual(
      doc.tests.cases.map((c) => [c.name, c.passed, c.path.length]),
      [['ok', true, 1]],
    );
  });

  it('a pattern without tests publishes with tests: null', async () => {
    await publishOk(registry, { name: '@tested/plain', version: '1.0.0' }, { token: registry.adminToken });
    const doc = await expectJson<{ tests: unknown }>(
      await registry.request('/v1/packages/tested/plain/1.0.0'),
    );
    assert.equal(doc.tests, null);
  });
});
