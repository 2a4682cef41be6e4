import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesFromRecord } from '../../src/core/package-files.js';
import { loadPatternTests } from '../../src/core/pattern-tests/index.js';

const WORKFLOW = `name: w
workflow:
  version: 1.0
  tasks:
    first:
      action: core.noop
      next: [{ do: second }]
    second:
      action: core.noop
`;

const load = (tests: Record<string, string>) =>
  loadPatternTests(filesFromRecord({ 'workflows/w.yaml': WORKFLOW, ...tests }));

describe('loadPatternTests', () => {
  it('reads a valid case with its workflow definition', () => {
    const { cases, issues } = load({
      'tests/ok.yaml':
        'description: runs\nworkflow: w\nactions: { first: { result: 1 } }\nexpect: { tasks: [first, second] }\n',
    });
    assert.deepEqual(issues, []);
    assert.equal(cases.length, 1);
    assert.equal(cases[0]!.name, 'ok');
    assert.equal(cases[0]!.workflow, 'w');
    assert.deepEqual(cases[0]!.expect.tasks, ['first', 'second']);
  });

  it('reports a file that does not parse, with its file', () => {
    const { cases, issues } = load({ 'tests/bad.yaml': 'workflow: [w\n' });
    assert.equal(cases.length, 0);
    assert.deepEqual(
      issues.map((i) => [i.code, i.file]),
      [['INVALID_YAML', 'tests/bad.yaml']],
    );
  });

  it('reports schema errors with their pointer', () => {
    const { issues } = load({ 'tests/s.yaml': 'workflow: w\nexpect: { status: maybe }\nextra: 1\n' });
    const found = issues.map((i) => [i.code, i.file, i.pointer]);
    assert.ok(
      found.some(([c, f, p]) => c === 'SCHEMA' && f === 'tests/s.yaml' && p === '/expect/status'),
      JSON.stringify(found),
    );
    assert.ok(
      found.some(([c, , p]) => c === 'SCHEMA' && p === ''),
      JSON.stringify(found),
    );
  });

  it('refuses an unknown workflow', () => {
    const { issues } = load({ 'tests/u.yaml': 'workflow: nope\n' });
    assert.deepEqual(
      issues.map((i) => [i.code, i.pointer]),
      [['TEST_UNKNOWN_WORKFLOW', '/workflow']],
    );
  });

  it('refuses unknown task names in actions, expect.tasks and expect.task_status, each with its pointer', () => {
    const { cases, issues } = load({
      'tests/t.yaml':
        'workflow: w\nactions: { ghost: { result: 1 } }\nexpect:\n  tasks: [first, [second, phantom]]\n  task_status: { spook: failed, fail: failed }\n',
    });
    assert.equal(cases.length, 0);
    assert.deepEqual(
      issues.map((i) => [i.code, i.pointer]),
      [
        ['TEST_UNKNOWN_TASK', '/actions/ghost'],
        ['TEST_UNKNOWN_TASK', '/expect/tasks/1/1'],
        ['TEST_UNKNOWN_TASK', '/expect/task_status/spook'],
      ],
    );
  });

  it('ignores files outside tests/ and reads none when there are none', () => {
    const { cases, issues } = loadPatternTests(
      filesFromRecord({ 'workflows/w.yaml': WORKFLOW, 'docs/tests/x.yaml': 'x' }),
    );
    assert.deepEqual([cases, issues], [[], []]);
  });
});
