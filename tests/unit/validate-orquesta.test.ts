/** Validation rules taken from Orquesta and StackStorm, each with its code, pointer and offset. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coreAction, effectiveParameters } from '../../src/core/catalogue/index.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import type { ValidationIssue } from '../../src/core/types.js';
import { validatePackage } from '../../src/core/validate/index.js';

const MANIFEST = 'name: "@acme/ops"\nversion: 1.0.0\nkind: pattern\ndescription: Runbooks.\n';

function validateWorkflow(definition: string): ValidationIssue[] {
  const body = definition
    .trim()
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  const files = filesFromRecord({
    'patternhub.yaml': MANIFEST,
    'workflows/w.yaml': `name: w\nworkflow:\n${body}\n`,
  });
  return validatePackage(files).issues;
}

const brief = (issues: ValidationIssue[]) =>
  issues.map(
    (issue) =>
      `${issue.severity} ${issue.code} ${issue.pointer}${issue.offset === undefined ? '' : `@${issue.offset}`}`,
  );

describe('variables along execution paths', () => {
  it('refuses a read of a name published only on another branch, at the read and its offset', () => {
    const issues = validateWorkflow(`
tasks:
  t1:
    action: core.noop
    next:
      - when: <% failed() %>
        publish:
          - err: <% result() %>
        do: t2
      - when: <% succeeded() %>
        do: t3
  t2:
    action: core.noop
  t3:
    action: core.echo
    input:
      message: "error: <% ctx().err %>"
`);
    assert.deepEqual(brief(issues), ['error UNKNOWN_VARIABLE /workflow/tasks/t3/input/message@10']);
  });

  it('accepts a join reading what each inbound branch published, and output reading earlier outputs', () => {
    const issues = validateWorkflow(`
tasks:
  t1:
    action: core.noop
    next:
      - do: a, b
  a:
    action: core.noop
    next:
      - publish: [x: 1]
        do: j
  b:
    action: core.noop
    next:
      - publish: [y: 2]
        do: j
  j:
    join: all
    action: core.echo
    input:
      message: <% ctx().x %> <% ctx().y %> <% ctx().get('z', 0) %>
output:
  - first: <% ctx().x %>
  - second: <% ctx().first %>
`);
    assert.deepEqual(brief(issues), []);
  });

  it('refuses a var reading a later var, an input default reading a later input, and a __private name', () => {
    const issues = validateWorkflow(`
input:
  - a: <% ctx().b %>
  - b: 1
vars:
  - c: <% ctx().d %>
  - d: <% ctx().__e %>
tasks:
  t1:
    action: core.noop
`);
    assert.deepEqual(brief(issues.filter((issue) => issue.severity === 'error')), [
      // YAQL has no names starting `__`, so Orquesta also reports a lexical error.
      'error EXPRESSION_SYNTAX /workflow/vars/1/d@9',
      'error UNKNOWN_VARIABLE /workflow/input/0/a@3',
      'error UNKNOWN_VARIABLE /workflow/vars/0/c@3',
      'error PRIVATE_VARIABLE /workflow/vars/1/d@3',
      'error UNKNOWN_VARIABLE /workflow/vars/1/d@3',
    ]);
  });
});

describe('expressions, task names and joins', () => {
  it('gives the position of a syntax error inside the expression, and refuses mixed languages', () => {
    const issues = validateWorkflow(`
tasks:
  t1:
    action: core.echo
    input:
      message: "x <% item(member), item(message) %>"
    next:
      - when: "<% succeeded() %> {{ true }}"
`);
    assert.deepEqual(brief(issues), [
      'error EXPRESSION_SYNTAX /workflow/tasks/t1/input/message@17',
      'error MIXED_EXPRESSIONS /workflow/tasks/t1/next/0/when@18',
    ]);
  });

  it('refuses task names YAML 1.1 reads as booleans or numbers, and engine commands, but not quoted ones', () => {
    const issues = validateWorkflow(`
tasks:
  yes:
    action: core.noop
  "no":
    action: core.noop
  noop:
    action: core.noop
  tâche:
    action: core.noop
`);
    assert.deepEqual(brief(issues), [
      'error TASK_NAME_NOT_A_STRING /workflow/tasks/yes',
      'error RESERVED_TASK_NAME /workflow/tasks/noop',
    ]);
  });

  it('refuses a join after nested forks that can never be satisfied', () => {
    const issues = validateWorkflow(`
tasks:
  t1:
    action: core.noop
    next:
      - do: t2, t3, t5
  t2:
    action: core.noop
    next: [{ do: t4 }]
  t3:
    action: core.noop
    next: [{ do: t4 }]
  t4:
    action: core.noop
    next: [{ do: t5 }]
  t5:
    join: all
    action: core.noop
`);
    assert.deepEqual(brief(issues), ['error JOIN_AFTER_NESTED_FORKS /workflow/tasks/t5']);
  });
});

describe('core actions and runners', () => {
  it('knows the core pack, with the runner parameters merged into each action', () => {
    const echo = coreAction('core.echo');
    assert.equal(echo?.runnerType, 'local-shell-cmd');
    const parameters = effectiveParameters(echo!.runnerType, echo!.parameters);
    assert.equal(parameters.message?.required, true);
    assert.equal(parameters.timeout?.type, 'integer'); // from the runner
    assert.equal(parameters.cmd?.immutable, true); // the action's override of the runner's
    assert.equal(coreAction('core.ehco'), undefined);
  });

  it('refuses core.ehco, unknown and immutable inputs of core actions, and a missing required one', () => {
    const issues = validateWorkflow(`
tasks:
  typo:
    action: core.ehco
    input:
      message: hi
  unquoted:
    action: core.echo message=hello
  local:
    action: core.local
    input:
      cmd: ls
      timeout: 5
      sudo: true
      colour: red
  remote:
    action: core.remote
    input:
      cmd: uptime
`);
    assert.deepEqual(brief(issues), [
      'error UNKNOWN_ACTION /workflow/tasks/typo/action',
      'error UNKNOWN_ACTION /workflow/tasks/unquoted/action',
      'error IMMUTABLE_INPUT /workflow/tasks/local/input/sudo',
      'error UNKNOWN_INPUT /workflow/tasks/local/input/colour',
      'error MISSING_REQUIRED_INPUT /workflow/tasks/remote/input',
    ]);
  });

  it('reads inline input as Orquesta does, and warns when an input block is dropped for it', () => {
    const issues = validateWorkflow(`
tasks:
  t1:
    action: core.local cmd="ls -l" timeout=30
    input:
      cmd: pwd
`);
    assert.deepEqual(brief(issues), ['warning INLINE_INPUT_IGNORED /workflow/tasks/t1/input']);
  });
});
