import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filesFromRecord, MANIFEST_FILE } from '../../src/core/package-files.js';
import { scaffoldPackage } from '../../src/core/templates.js';
import { ISSUE_CODES, validatePackage } from '../../src/core/validate/index.js';
import { assertIssue, assertIssues, knownDependencies, readFixture } from './validate-fixtures.js';

const validate = (fixture: string) =>
  validatePackage(readFixture(fixture), { dependencies: knownDependencies });

describe('validatePackage: valid packages', () => {
  it('accepts the pattern of DESIGN.md, with its dependencies known', () => {
    const result = validate('valid-pattern');
    assert.deepEqual(result.issues, []);
    assert.equal(result.ok, true);
    assert.equal(result.manifest?.name, '@acme/disk-full-remediation');
    assert.equal(result.manifest?.version, '1.4.0');
    const workflows = result.contents?.workflows.map((workflow) => workflow.name);
    assert.deepEqual(workflows, ['disk-full', 'notify']);
  });

  it('accepts both action packages', () => {
    for (const fixture of ['valid-action', 'valid-action-http']) {
      const result = validate(fixture);
      assert.deepEqual(result.issues, [], fixture);
      assert.equal(result.ok, true);
      assert.equal(result.manifest?.kind, 'action');
    }
  });

  it('warns DEPENDENCY_NOT_CHECKED, and stays ok, when a dependency is unknown', () => {
    const result = validatePackage(readFixture('valid-pattern'));
    assert.equal(result.ok, true);
    assertIssues(result, [
      { code: 'DEPENDENCY_NOT_CHECKED', file: MANIFEST_FILE, pointer: '/dependencies/@community~1linux' },
      { code: 'DEPENDENCY_NOT_CHECKED', file: MANIFEST_FILE, pointer: '/dependencies/@community~1chatops' },
    ]);
    assert.ok(result.issues.every((issue) => issue.severity === 'warning'));
  });

  it('accepts what scaffoldPackage writes, for both kinds', () => {
    for (const kind of ['pattern', 'action'] as const) {
      const files = scaffoldPackage({
        kind,
        name: '@acme/first-steps',
        description: 'A "quoted": description',
      });
      const result = validatePackage(files);
      assert.deepEqual(result.issues, [], kind);
      assert.equal(result.manifest?.kind, kind);
      assert.equal(result.manifest?.description, 'A "quoted": description');
      const members = kind === 'pattern' ? result.contents?.workflows : result.contents?.actions;
      assert.deepEqual(
        members?.map((member) => member.name),
        ['first-steps'],
      );
    }
  });
});

describe('validatePackage: one rule per fixture', () => {
  it('MANIFEST_MISSING', () => {
    const result = validate('manifest-missing');
    assert.equal(result.ok, false);
    assert.equal(result.manifest, undefined);
    assert.equal(result.contents, undefined);
    assertIssues(result, [{ code: 'MANIFEST_MISSING', file: MANIFEST_FILE, pointer: '' }]);
  });

  it('INVALID_YAML, with the position in the message', () => {
    const result = validate('yaml-invalid');
    const issue = assertIssue(result, { code: 'INVALID_YAML', file: 'workflows/broken.yaml', pointer: '' });
    assert.match(issue.message, /line 6/);
    // The manifest is fine: the package still has a summary, without the broken file.
    assert.deepEqual(result.contents?.workflows, []);
  });

  it('SCHEMA on the manifest: no manifest in the result', () => {
    const result = validate('schema-manifest');
    assertIssues(result, [
      { code: 'SCHEMA', file: MANIFEST_FILE, pointer: '' },
      { code: 'SCHEMA', file: MANIFEST_FILE, pointer: '/version' },
    ]);
    assert.equal(result.manifest, undefined);
  });

  it('SCHEMA on a workflow, pointing at each fault', () => {
    assertIssues(validate('schema-workflow'), [
      { code: 'SCHEMA', file: 'workflows/hello.yaml', pointer: '/workflow/version' },
      { code: 'SCHEMA', file: 'workflows/hello.yaml', pointer: '/workflow/tasks/say' },
      { code: 'SCHEMA', file: 'workflows/hello.yaml', pointer: '/workflow/tasks/done/join' },
    ]);
  });

  it('SCHEMA on an action parameter', () => {
    assertIssues(validate('schema-action'), [
      { code: 'SCHEMA', file: 'actions/greet.yaml', pointer: '/parameters/who/type' },
    ]);
  });

  it('NAME_MISMATCH', () => {
    assertIssues(validate('name-mismatch'), [
      { code: 'NAME_MISMATCH', file: 'workflows/hello.yaml', pointer: '/name' },
    ]);
  });

  it('DUPLICATE_NAME, on the second file', () => {
    assertIssues(validate('duplicate-name'), [
      { code: 'DUPLICATE_NAME', file: 'workflows/hello.yml', pointer: '/name' },
    ]);
  });

  it('INVALID_MEMBER_NAME for a StackStorm-style dotted name', () => {
    assertIssues(validate('invalid-member-name'), [
      { code: 'INVALID_MEMBER_NAME', file: 'actions/kv.get.yaml', pointer: '/name' },
    ]);
  });

  it('KIND_MISMATCH: a pattern with actions/', () => {
    assertIssues(validate('kind-mismatch'), [
      { code: 'KIND_MISMATCH', file: MANIFEST_FILE, pointer: '/kind' },
    ]);
  });

  it('KIND_MISMATCH: an action package without actions', () => {
    assertIssues(validate('kind-empty'), [{ code: 'KIND_MISMATCH', file: MANIFEST_FILE, pointer: '/kind' }]);
  });

  it('SELF_DEPENDENCY and INVALID_RANGE', () => {
    assertIssues(validate('manifest-dependencies'), [
      { code: 'SELF_DEPENDENCY', file: MANIFEST_FILE, pointer: '/dependencies/@test~1manifest-dependencies' },
      { code: 'INVALID_RANGE', file: MANIFEST_FILE, pointer: '/dependencies/@community~1linux' },
    ]);
  });

  it('UNDECLARED_DEPENDENCY', () => {
    assertIssues(validate('undeclared-dependency'), [
      {
        code: 'UNDECLARED_DEPENDENCY',
        file: 'workflows/check.yaml',
        pointer: '/workflow/tasks/diagnose/action',
      },
    ]);
  });

  it('UNKNOWN_ACTION: a missing member of a dependency or of the package itself, and a malformed ref', () => {
    assertIssues(validate('unknown-action'), [
      { code: 'UNKNOWN_ACTION', file: 'workflows/check.yaml', pointer: '/workflow/tasks/diagnose/action' },
      { code: 'UNKNOWN_ACTION', file: 'workflows/check.yaml', pointer: '/workflow/tasks/legacy/action' },
      { code: 'UNKNOWN_ACTION', file: 'workflows/check.yaml', pointer: '/workflow/tasks/local/action' },
    ]);
  });

  it('UNKNOWN_INPUT, MISSING_REQUIRED_INPUT and IMMUTABLE_INPUT; runner parameters are accepted', () => {
    // `timeout` is a parameter of the remote-shell-script runner, so no issue for it.
    assertIssues(validate('task-inputs'), [
      { code: 'UNKNOWN_INPUT', file: 'workflows/check.yaml', pointer: '/workflow/tasks/diagnose/input/host' },
      {
        code: 'MISSING_REQUIRED_INPUT',
        file: 'workflows/check.yaml',
        pointer: '/workflow/tasks/diagnose/input',
      },
      { code: 'IMMUTABLE_INPUT', file: 'workflows/check.yaml', pointer: '/workflow/tasks/rotate/input/cmd' },
      { code: 'MISSING_REQUIRED_INPUT', file: 'workflows/check.yaml', pointer: '/workflow/tasks/again' },
    ]);
  });

  // Orquesta accepts unreachable tasks and too high a join count (they just never run): both are
  // warnings now, listed in the README's table of checks beyond Orquesta.
  it('UNKNOWN_TASK; UNREACHABLE_TASK and JOIN_UNSATISFIABLE as warnings; engine commands are not tasks', () => {
    const result = validate('workflow-graph');
    assert.deepEqual(
      result.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code),
      ['UNKNOWN_TASK'],
    );
    assertIssues(result, [
      { code: 'UNKNOWN_TASK', file: 'workflows/flow.yaml', pointer: '/workflow/tasks/start/next/0/do/1' },
      { code: 'JOIN_UNSATISFIABLE', file: 'workflows/flow.yaml', pointer: '/workflow/tasks/finish/join' },
      { code: 'UNREACHABLE_TASK', file: 'workflows/flow.yaml', pointer: '/workflow/tasks/island' },
      { code: 'UNREACHABLE_TASK', file: 'workflows/flow.yaml', pointer: '/workflow/tasks/lagoon' },
    ]);
  });

  it('NO_START_TASK', () => {
    assertIssues(validate('no-start-task'), [
      { code: 'NO_START_TASK', file: 'workflows/loop.yaml', pointer: '/workflow/tasks' },
    ]);
  });

  // Orquesta reads `ctx().get('name', default)` as no read at all (the safe-lookup idiom), so the
  // output `level` is no longer reported.
  it('UNKNOWN_VARIABLE in YAQL and Jinja, in every ctx() spelling, with the offset of the read', () => {
    const result = validate('unknown-variable');
    assertIssues(result, [
      {
        code: 'UNKNOWN_VARIABLE',
        file: 'workflows/greet.yaml',
        pointer: '/workflow/tasks/say/input/message',
      },
      {
        code: 'UNKNOWN_VARIABLE',
        file: 'workflows/greet.yaml',
        pointer: '/workflow/tasks/shout/input/message',
      },
    ]);
    const names = result.issues.map((issue) => /variable "(\w+)"/.exec(issue.message)?.[1]);
    assert.deepEqual(names, ['sender', 'volume']);
    assert.deepEqual(
      result.issues.map((issue) => issue.offset),
      [45, 29],
    );
  });

  it('MISSING_ENTRY_POINT: absent file, path outside the package, runner that needs one', () => {
    assertIssues(validate('missing-entry-point'), [
      { code: 'MISSING_ENTRY_POINT', file: 'actions/cleanup.yaml', pointer: '/entry_point' },
      { code: 'MISSING_ENTRY_POINT', file: 'actions/escape.yaml', pointer: '/entry_point' },
      { code: 'MISSING_ENTRY_POINT', file: 'actions/bare.yaml', pointer: '' },
    ]);
  });

  it('PARAMETER_NOT_IN_INPUT (error) and INPUT_NOT_A_PARAMETER (warning)', () => {
    const result = validate('workflow-inputs');
    assertIssues(result, [
      {
        code: 'PARAMETER_NOT_IN_INPUT',
        file: 'workflows/deploy.yaml',
        pointer: '/parameters/region',
        severity: 'error',
      },
      {
        code: 'INPUT_NOT_A_PARAMETER',
        file: 'workflows/deploy.yaml',
        pointer: '/workflow/input/1',
        severity: 'warning',
      },
    ]);
    assert.equal(result.ok, false);
  });

  it('DYNAMIC_ACTION is a warning only', () => {
    const result = validate('dynamic-action');
    assertIssues(result, [
      {
        code: 'DYNAMIC_ACTION',
        file: 'workflows/dispatch.yaml',
        pointer: '/workflow/tasks/run/action',
        severity: 'warning',
      },
    ]);
    assert.equal(result.ok, true);
  });
});

describe('validatePackage: options and package-wide checks', () => {
  it('EXPECT_MISMATCH on name and version', () => {
    const result = validatePackage(readFixture('valid-action'), {
      expect: { name: '@community/windows', version: '2.1.4' },
    });
    assertIssues(result, [
      { code: 'EXPECT_MISMATCH', file: MANIFEST_FILE, pointer: '/name' },
      { code: 'EXPECT_MISMATCH', file: MANIFEST_FILE, pointer: '/version' },
    ]);
    const matching = validatePackage(readFixture('valid-action'), {
      expect: { name: '@community/linux', version: '2.1.3' },
    });
    assert.equal(matching.ok, true);
  });

  it('reports limits: file count, file size, total size, path length', () => {
    const result = validatePackage(readFixture('valid-action'), {
      limits: { maxFiles: 2, maxFileBytes: 400, maxUnpackedBytes: 1000, maxPathLength: 20 },
    });
    assertIssue(result, { code: 'TOO_MANY_FILES', file: '', pointer: '' });
    assertIssue(result, { code: 'FILE_TOO_LARGE', file: 'actions/check_disk.yaml', pointer: '' });
    assertIssue(result, { code: 'PACKAGE_TOO_LARGE', file: '', pointer: '' });
    assertIssue(result, { code: 'PATH_TOO_LONG', file: 'actions/check_disk.yaml', pointer: '' });
  });

  it('refuses unsafe paths', () => {
    const files = readFixture('valid-action');
    for (const path of ['/etc/passwd', '../up.txt', 'actions/./x.sh', 'a\\b', 'a//b'])
      files.set(path, new Uint8Array());
    const result = validatePackage(files);
    for (const path of ['/etc/passwd', '../up.txt', 'actions/./x.sh', 'a\\b', 'a//b']) {
      assertIssue(result, { code: 'UNSAFE_PATH', file: path, pointer: '' });
    }
  });

  it('passes the YAML alias limit on to the parser', () => {
    const files = readFixture('valid-action');
    files.set(
      'actions/aliases.yaml',
      new TextEncoder().encode('name: &n aliases\nrunner_type: noop\ndescription: *n\n'),
    );
    const strict = validatePackage(files, { limits: { maxYamlAliases: 0 } });
    assertIssue(strict, { code: 'INVALID_YAML', file: 'actions/aliases.yaml', pointer: '' });
    const lax = validatePackage(files, { limits: { maxYamlAliases: 5 } });
    assert.ok(!lax.issues.some((issue) => issue.code === 'INVALID_YAML'));
  });

  it('reports every issue of every file in one run', () => {
    const files = filesFromRecord({
      [MANIFEST_FILE]: 'name: "@t/many"\nversion: 1.0.0\nkind: pattern\ndescription: Many faults.\n',
      'workflows/a.yaml':
        'name: b\nworkflow:\n  tasks:\n    x:\n      action: nope\n      next: [{ do: y }]\n',
      'workflows/c.yaml': 'name: c\nworkflow:\n  tasks:\n    z:\n      input: { m: <% ctx().q %> }\n',
      'workflows/d.yaml': 'name: [',
    });
    const codes = validatePackage(files)
      .issues.map((issue) => issue.code)
      .sort();
    assert.deepEqual(codes, [
      'INVALID_YAML',
      'NAME_MISMATCH',
      'UNKNOWN_ACTION',
      'UNKNOWN_TASK',
      'UNKNOWN_VARIABLE',
    ]);
  });

  it('treats a document that is not a mapping as a SCHEMA issue at the root', () => {
    const files = readFixture('valid-action');
    files.set('actions/empty.yaml', new Uint8Array());
    files.set('actions/list.yaml', new TextEncoder().encode('- a\n- b\n'));
    const result = validatePackage(files);
    assertIssue(result, { code: 'SCHEMA', file: 'actions/empty.yaml', pointer: '' });
    assertIssue(result, { code: 'SCHEMA', file: 'actions/list.yaml', pointer: '' });
  });

  it('gives every issue a documented code and an RFC 6901 pointer', () => {
    const fixtures = [
      'workflow-graph',
      'unknown-variable',
      'task-inputs',
      'manifest-dependencies',
      'schema-workflow',
    ];
    for (const fixture of fixtures) {
      for (const issue of validate(fixture).issues) {
        assert.ok(Object.hasOwn(ISSUE_CODES, issue.code), issue.code);
        assert.match(issue.pointer, /^(\/([^~]|~[01])*)*$/);
      }
    }
  });
});
