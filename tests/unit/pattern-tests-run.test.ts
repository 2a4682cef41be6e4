import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { evaluatorForEngine } from '../../src/core/engine/evaluator.js';
import { filesFromRecord, type PackageFiles } from '../../src/core/package-files.js';
import { loadPatternTests, runPatternTests } from '../../src/core/pattern-tests/index.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

function readTree(root: string, into: PackageFiles = new Map(), prefix = ''): PackageFiles {
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else into.set(prefix + relative(root, path), readFileSync(path));
    }
  };
  walk(root);
  return into;
}

async function run(files: PackageFiles) {
  const loaded = loadPatternTests(files);
  assert.deepEqual(loaded.issues, []);
  return runPatternTests(loaded.cases, { evaluator: evaluatorForEngine });
}

const WORKFLOW = `name: w
parameters:
  host: { type: string, default: web1 }
workflow:
  version: 1.0
  input: [host]
  tasks:
    probe:
      action: core.local
      next:
        - when: <% succeeded() and result().up %>
          do: report
        - when: <% succeeded() and not result().up %>
          do: restart
    restart:
      action: core.local
      input: { cmd: "restart <% ctx().host %>" }
      next: [{ publish: [{ restarted: <% result().missing.key %> }], do: report }]
    report:
      action: core.noop
  output: [{ host: <% ctx().host %> }]
`;

describe('pattern tests: the shipped samples pass', () => {
  it('the DESIGN.md pattern (tests/fixtures/packages/valid-pattern)', async () => {
    const report = await run(readTree(join(FIXTURES, 'packages', 'valid-pattern')));
    assert.equal(report.cases.length, 5);
    assert.deepEqual(
      report.cases.filter((c) => !c.passed).map((c) => [c.name, c.failures]),
      [],
    );
  });

  for (const pack of ['napalm-1.0.1', 'napalm-1.1.0']) {
    it(`the napalm Orquesta workflows (${pack})`, async () => {
      const files = readTree(join(FIXTURES, 'stackstorm', pack));
      readTree(join(FIXTURES, 'sample-pattern-tests', 'napalm'), files, 'tests/');
      const report = await run(files);
      assert.equal(report.cases.length, 4);
      assert.deepEqual(
        report.cases.filter((c) => !c.passed).map((c) => [c.name, c.failures, c.errors]),
        [],
      );
    });
  }
});

describe('pattern tests: the example patterns pass', () => {
  const examples = new URL('../../examples/', import.meta.url).pathname;
  const withTests = existsSync(examples)
    ? readdirSync(examples).filter(
        (name) =>
          existsSync(join(examples, name, 'patternhub.yaml')) && existsSync(join(examples, name, 'tests')),
      )
    : [];
  for (const name of withTests) {
    it(`examples/${name}`, async () => {
      // Read the folder, tests included even when `files:` leaves them out of the tarball.
      const report = await run(readTree(join(examples, name)));
      assert.ok(report.cases.length > 0);
      assert.deepEqual(
        report.cases.filter((c) => !c.passed).map((c) => [c.name, c.failures, c.errors]),
        [],
      );
    });
  }
});

describe('pattern tests: failures say what broke', () => {
  it('names the broken expectations with expected and actual, and keeps the path', async () => {
    const report = await run(
      filesFromRecord({
        'workflows/w.yaml': WORKFLOW,
        'tests/up.yaml': [
          'workflow: w',
          'actions: { probe: { result: { up: true } } }',
          'expect:',
          '  status: failed',
          '  tasks: [probe, restart]',
          '  task_status: { report: failed }',
          '  output: { host: web2 }',
        ].join('\n'),
      }),
    );
    assert.equal(report.failed, 1);
    const [result] = report.cases;
    assert.deepEqual(
      result!.failures.map((f) => f.expectation),
      ['status', 'tasks', 'task_status.report', 'output.host'],
    );
    assert.deepEqual(result!.failures[1]!.actual, ['probe', 'report']);
    assert.equal(result!.failures[3]!.actual, 'web1', 'the parameter default filled the input');
    assert.deepEqual(
      result!.path.map((p) => [p.task, p.status]),
      [
        ['probe', 'succeeded'],
        ['report', 'succeeded'],
      ],
    );
  });

  it('an expression error at run time fails the workflow with the expression and its position', async () => {
    const report = await run(
      filesFromRecord({
        'workflows/w.yaml': WORKFLOW,
        'tests/down.yaml':
          'workflow: w\nactions: { probe: { result: { up: false } } }\nexpect: { status: succeeded }\n',
      }),
    );
    const [result] = report.cases;
    assert.equal(result!.passed, false);
    assert.equal(result!.status, 'failed');
    const error = result!.errors.find((e) => e.expression !== undefined);
    assert.ok(error, JSON.stringify(result!.errors));
    assert.equal(error.expression, '<% result().missing.key %>');
    assert.equal(error.task_id, 'restart');
    assert.equal(typeof error.position, 'number');
  });

  it('a case that loops for ever stops at the action limit', async () => {
    const loop = `name: l
workflow:
  version: 1.0
  tasks:
    start:
      action: core.noop
      next: [{ do: again }]
    again:
      action: core.noop
      next: [{ do: again }]
`;
    const loaded = loadPatternTests(
      filesFromRecord({ 'workflows/l.yaml': loop, 'tests/l.yaml': 'workflow: l\n' }),
    );
    const report = await runPatternTests(loaded.cases, {
      evaluator: evaluatorForEngine,
      limits: { maxActions: 50 },
    });
    assert.equal(report.failed, 1);
    assert.equal(report.cases[0]!.failures[0]!.expectation, 'run');
  });

  it('cases past the total time budget are not run and fail (a fake clock, no waiting)', async () => {
    const loaded = loadPatternTests(
      filesFromRecord({
        'workflows/w.yaml': WORKFLOW,
        'tests/a.yaml': 'workflow: w\n',
        'tests/b.yaml': 'workflow: w\n',
      }),
    );
    let clock = 0;
    const report = await runPatternTests(loaded.cases, {
      evaluator: evaluatorForEngine,
      now: () => (clock += 10),
      limits: { totalTimeoutMs: 15, timeoutMs: 1_000_000 },
    });
    assert.deepEqual(
      report.cases.map((c) => [c.name, c.failures.map((f) => f.expectation)]),
      [
        ['a', []],
        ['b', ['run']],
      ],
    );
  });
});
