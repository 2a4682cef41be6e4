import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { escapeToken, pointerTo } from '../../src/core/json-pointer.js';
import { filesFromRecord, MANIFEST_FILE } from '../../src/core/package-files.js';
import { scaffoldPackage } from '../../src/core/templates.js';
import { resolveEntryPoint } from '../../src/core/validate/entry-points.js';
import { contextReadsIn } from '../../src/core/validate/expressions.js';
import { summarizePackage } from '../../src/core/validate/index.js';
import { parseInlineParams, splitInlineAction } from '../../src/core/validate/inline-params.js';
import { IssueList } from '../../src/core/validate/issues.js';
import { checkSchema } from '../../src/core/validate/schema-issues.js';
import { readFixture } from './validate-fixtures.js';

describe("expressions (Orquesta's rules)", () => {
  const names = (text: string) =>
    contextReadsIn(text).map((read) => `${read.language}:${read.name}@${read.offset}`);

  it('reads only expressions on one line, as Orquesta finds them', () => {
    assert.deepEqual(names('<% ctx().x\n + 1 %>'), []);
    assert.deepEqual(names('{% if ctx().x %}y{% endif %}'), []);
  });

  it('reads ctx().x, ctx(x), ctx("x") and ctx(\'x\') with the offset of ctx', () => {
    assert.deepEqual(names('<% ctx().a + ctx(b) + ctx("c") %>'), ['yaql:a@3', 'yaql:b@13', 'yaql:c@22']);
    assert.deepEqual(names("{{ ctx('d') }}"), ['jinja:d@3']);
  });

  it("does not count ctx().get('x'), ctx()['x'] or method calls as reads, as Orquesta does not", () => {
    assert.deepEqual(names("<% ctx().get('f', 1) + ctx()['e'] + ctx().keys() + ctx() %>"), []);
  });

  it('counts a ctx() inside a string literal, as Orquesta does, and nothing outside expressions', () => {
    assert.deepEqual(names("<% 'ctx().z' %> ctx().y"), ['yaql:z@4']);
  });
});

describe('inline parameters', () => {
  it('parses Orquesta inline parameters of every value form', () => {
    const params = parseInlineParams(
      'a="x y" b=\'z\' c=<% ctx().q %> d={{ 1 }} e=[1, 2] f=1.5 g=-2 h=true i=null',
    );
    assert.deepEqual(
      params.map((param) => param.name),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    );
    assert.equal(params[2]!.text, '<% ctx().q %>');
  });

  it('splits an action line into its ref and inline input', () => {
    assert.deepEqual(splitInlineAction('core.echo message="hi"'), {
      ref: 'core.echo',
      params: [{ name: 'message', text: '"hi"', offset: 10 }],
    });
    assert.deepEqual(splitInlineAction('@a/b.c'), { ref: '@a/b.c', params: [] });
    // An unquoted word is no inline value: the whole line is the action's name, as in Orquesta.
    assert.deepEqual(splitInlineAction('core.echo message=hello'), {
      ref: 'core.echo message=hello',
      params: [],
    });
  });
});

describe('JSON pointers', () => {
  it('escapes ~ and / as RFC 6901 says', () => {
    assert.equal(escapeToken('a/b~c'), 'a~1b~0c');
    assert.equal(pointerTo('', 'dependencies', '@scope/name'), '/dependencies/@scope~1name');
    assert.equal(pointerTo('/workflow', 'tasks', 0), '/workflow/tasks/0');
    assert.equal(pointerTo('/x'), '/x');
  });
});

describe('entry points', () => {
  it('resolve relative to actions/ and never outside the package', () => {
    assert.equal(resolveEntryPoint('check.sh'), 'actions/check.sh');
    assert.equal(resolveEntryPoint('workflows/deploy.yaml'), 'actions/workflows/deploy.yaml');
    assert.equal(resolveEntryPoint('./lib/../run.py'), 'actions/run.py');
    assert.equal(resolveEntryPoint('../scripts/run.sh'), 'scripts/run.sh');
    assert.equal(resolveEntryPoint('../../etc/passwd'), undefined);
    assert.equal(resolveEntryPoint('/usr/bin/env'), undefined);
  });
});

describe('schema issues', () => {
  it('reports the deeper fault of the branch that fits, not every branch of a oneOf', () => {
    const issues = new IssueList();
    const doc = {
      name: 'w',
      workflow: { tasks: { t: { action: 'core.echo', with: { items: 'ctx().xs' } } } },
    };
    checkSchema('workflow', doc, 'w.yaml', issues);
    assert.deepEqual(
      issues.items.map((issue) => issue.pointer),
      ['/workflow/tasks/t/with/items'],
    );
  });

  it('says which forms would fit when no branch does', () => {
    const issues = new IssueList();
    checkSchema('workflow', { name: 'w', workflow: { tasks: { t: { join: 'some' } } } }, 'w.yaml', issues);
    assert.equal(issues.items.length, 1);
    assert.equal(issues.items[0]!.pointer, '/workflow/tasks/t/join');
    assert.match(issues.items[0]!.message, /"all"/);
  });

  it('locates bad property names at their object, naming the property', () => {
    const issues = new IssueList();
    checkSchema(
      'workflow',
      {
        name: 'w',
        workflow: { tasks: { 'bad-name': { action: 'core.noop' }, 'a.b': { action: 'core.noop' } } },
      },
      'w.yaml',
      issues,
    );
    assert.deepEqual(
      issues.items.map((issue) => issue.pointer),
      ['/workflow/tasks', '/workflow/tasks'],
    );
    assert.match(issues.items[0]!.message, /bad-name/);
    assert.match(issues.items[1]!.message, /a\.b/);
  });
});

describe('summarizePackage', () => {
  it('lists actions with their runner, entry point, parameters and output schema', () => {
    const contents = summarizePackage(readFixture('valid-action'));
    assert.deepEqual(
      contents.actions.map((action) => [action.name, action.file, action.runnerType, action.entryPoint]),
      [
        ['check_disk', 'actions/check_disk.yaml', 'remote-shell-script', 'check_disk.sh'],
        ['rotate_logs', 'actions/rotate_logs.yaml', 'remote-shell-cmd', undefined],
      ],
    );
    assert.deepEqual(Object.keys(contents.actions[0]!.parameters), ['hosts', 'threshold', 'token']);
    assert.deepEqual(Object.keys(contents.actions[0]!.outputSchema ?? {}), ['usage']);
    assert.deepEqual(contents.workflows, []);
  });

  it('lists workflows with outputs, tasks, and every action used, sorted and unique, without inline input', () => {
    const contents = summarizePackage(readFixture('valid-pattern'));
    const [diskFull, notify] = contents.workflows;
    assert.deepEqual(diskFull?.tasks, ['diagnose', 'clean_logs', 'report']);
    assert.deepEqual(diskFull?.output, ['usage']);
    assert.deepEqual(diskFull?.uses, [
      '@acme/disk-full-remediation.notify',
      '@community/linux.check_disk',
      '@community/linux.rotate_logs',
    ]);
    assert.deepEqual(notify?.uses, ['@community/chatops.post_message', 'core.echo']);
    assert.equal(diskFull?.parameters.host?.required, true);
  });

  it('is best effort: broken files are left out, a missing name falls back to the file name', () => {
    const contents = summarizePackage(
      filesFromRecord({
        [MANIFEST_FILE]: 'name: "@t/x"\n',
        'workflows/broken.yaml': 'name: [',
        'workflows/nameless.yaml': 'workflow:\n  tasks:\n    t:\n      action: core.noop\n',
      }),
    );
    assert.deepEqual(
      contents.workflows.map((workflow) => [workflow.name, workflow.uses]),
      [['nameless', ['core.noop']]],
    );
  });
});

describe('scaffoldPackage', () => {
  it('writes the manifest, a README and the first member of the kind', () => {
    assert.deepEqual([...scaffoldPackage({ kind: 'pattern', name: '@acme/restart' }).keys()].sort(), [
      'README.md',
      'patternhub.yaml',
      'workflows/restart.yaml',
    ]);
    assert.deepEqual([...scaffoldPackage({ kind: 'action', name: '@acme/restart' }).keys()].sort(), [
      'README.md',
      'actions/restart.sh',
      'actions/restart.yaml',
      'patternhub.yaml',
    ]);
  });

  it('refuses a malformed name or an unknown kind', () => {
    assert.throws(
      () => scaffoldPackage({ kind: 'pattern', name: 'restart' }),
      (error) => isRegistryError(error, 'INVALID_NAME'),
    );
    assert.throws(
      () => scaffoldPackage({ kind: 'library' as 'pattern', name: '@acme/restart' }),
      (error) => isRegistryError(error, 'USAGE'),
    );
  });
});
