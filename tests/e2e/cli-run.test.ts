/**
 * `patternhub test`, `run` and `runs`, spawned as the built binary in a project folder: a pattern of
 * local actions runs with its record kept; a task that needs StackStorm is named before anything runs;
 * --mock and --dry-run; failing and invalid test files.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type CliRun, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const work = tempDir('cli-run');
after(() => rmSync(work, { recursive: true, force: true }));

let counter = 0;

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const RESTART = `name: restart
parameters:
  service: { type: string, default: web }
workflow:
  version: 1.0
  input: [service]
  tasks:
    check:
      action: core.local
      input: { cmd: "echo checking <% ctx().service %>" }
      next:
        - when: <% succeeded() %>
          publish: [{ said: <% result().stdout %> }]
          do: greet
    greet:
      action: core.echo
      input: { message: hello }
      next: [{ do: script }]
    script:
      action: "@local/tools.hello"
      input: { name: <% ctx().service %>, token: s3cret }
      next:
        - when: <% succeeded() %>
          publish: [{ greeting: <% result().stdout %> }]
  output: [{ said: <% ctx().said %> }, { greeting: <% ctx().greeting %> }]
`;

const REMOTE = `name: remote
workflow:
  version: 1.0
  tasks:
    touch:
      action: core.local
      input: { cmd: "touch touched" }
      next: [{ do: fetch }]
    fetch:
      action: core.remote
      input: { hosts: web1, cmd: uptime }
      next:
        - when: <% succeeded() %>
          publish: [{ up: <% result().web1.stdout %> }]
  output: [{ up: <% ctx().up %> }]
`;

/** A pattern package that is its own project, with an installed action package. */
function project(): { dir: string; env: Record<string, string> } {
  const dir = join(work, `p-${++counter}`);
  write(dir, {
    'patternhub.yaml':
      'name: "@local/ops"\nversion: 1.0.0\nkind: pattern\ndescription: Local operations.\ndependencies: { "@local/tools": "^1.0.0" }\n',
    'workflows/restart.yaml': RESTART,
    'workflows/remote.yaml': REMOTE,
    'tests/restart.yaml':
      'workflow: restart\nactions: { check: { result: { stdout: checking web } }, script: { result: { stdout: hi web } } }\nexpect: { status: succeeded, tasks: [check, greet, script, continue], output: { said: checking web } }\n',
    '.patternhub/packages/@local/tools/patternhub.yaml':
      'name: "@local/tools"\nversion: 1.0.0\nkind: action\ndescription: Tools.\n',
    '.patternhub/packages/@local/tools/actions/hello.yaml':
      'name: hello\nrunner_type: local-shell-script\nentry_point: hello.sh\nparameters:\n  name: { type: string, position: 0 }\n  token: { type: string, secret: true }\n',
    '.patternhub/packages/@local/tools/actions/hello.sh': '#!/bin/sh\necho "hi $1 ($#)"\n',
  });
  chmodSync(join(dir, '.patternhub/packages/@local/tools/actions/hello.sh'), 0o755);
  mkdirSync(join(dir, 'home'), { recursive: true });
  return { dir, env: { HOME: join(dir, 'home'), PATTERNHUB_CONFIG: join(dir, 'home', 'config.yaml') } };
}

function cli(box: { dir: string; env: Record<string, string> }, args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: box.dir, env: box.env });
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
  );
}

function errorOf(run: CliRun): { code: string; details?: unknown } {
  return (JSON.parse(run.stderr) as { error: { code: string; details?: unknown } }).error;
}

interface Record_ {
  id: string;
  status: string;
  inputs: Record<string, unknown>;
  output: Record<string, unknown>;
  path: { task: string; status: string }[];
  tasks: {
    task: string;
    input: Record<string, unknown>;
    result: Record<string, unknown>;
    startedAt: string;
  }[];
}

describe('patternhub run', () => {
  it('runs a pattern of local actions, traces it and keeps its record', async () => {
    const box = project();
    const run = await cli(box, ['run', '@local/ops.restart', '--input', 'service=db', '--json']);
    assertExit(run, 0);
    const record = run.json<Record_>();
    assert.equal(record.status, 'succeeded');
    assert.deepEqual(record.inputs, { service: 'db' });
    assert.deepEqual(
      record.path.map((p) => [p.task, p.status]),
      [
        ['check', 'succeeded'],
        ['greet', 'succeeded'],
        ['script', 'succeeded'],
        ['continue', 'succeeded'],
      ],
    );
    assert.deepEqual(record.output, { said: 'checking db', greeting: 'hi db (2)' });
    const script = record.tasks.find((t) => t.task === 'script')!;
    assert.equal(script.input.token, '********', 'a secret parameter is masked in the record');
    assert.match(run.stderr, /check/, 'the live trace goes to stderr with --json');
    const file = join(box.dir, '.patternhub', 'runs', `${record.id}.json`);
    assert.ok(existsSync(file));
    assert.doesNotMatch(readFileSync(file, 'utf8'), /s3cret/);

    const shown = await cli(box, ['runs', 'show', record.id, '--json']);
    assertExit(shown, 0);
    assert.deepEqual(shown.json<Record_>(), record);
    const text = await cli(box, ['runs', 'show', record.id]);
    assertExit(text, 0);
    assert.match(text.stdout, /script/);
    const listed = await cli(box, ['runs', 'list', '--json']);
    assert.deepEqual(
      listed.json<{ id: string }[]>().map((r) => r.id),
      [record.id],
    );
  });

  it('names the tasks that need StackStorm before anything runs', async () => {
    const box = project();
    const run = await cli(box, ['run', '@local/ops.remote', '--json']);
    assertExit(run, 3);
    const error = errorOf(run);
    assert.equal(error.code, 'RUN_NEEDS_STACKSTORM');
    assert.deepEqual(
      (error.details as { tasks: { task: string }[] }).tasks.map((t) => t.task),
      ['fetch'],
    );
    assert.equal(existsSync(join(box.dir, 'touched')), false, 'nothing ran');
    assert.equal(existsSync(join(box.dir, '.patternhub', 'runs')), false, 'no record');
  });

  it('--mock gives the results of actions that cannot run here', async () => {
    const box = project();
    write(box.dir, { 'mock.yaml': 'actions:\n  fetch: { result: { web1: { stdout: up 3 days } } }\n' });
    const run = await cli(box, ['run', '@local/ops.remote', '--mock', 'mock.yaml', '--json']);
    assertExit(run, 0);
    const record = run.json<Record_ & { mocked: string[] }>();
    assert.deepEqual(record.output, { up: 'up 3 days' });
    assert.deepEqual(record.mocked, ['fetch']);
    assert.equal(existsSync(join(box.dir, 'touched')), true, 'the local task ran');
  });

  it('--dry-run shows the path without executing anything', async () => {
    const box = project();
    const run = await cli(box, ['run', '@local/ops.remote', '--dry-run']);
    assertExit(run, 0);
    assert.match(run.stdout, /touch/);
    assert.match(run.stdout, /fetch/);
    assert.equal(existsSync(join(box.dir, 'touched')), false);
    assert.match(run.stdout, /dry run/);
  });

  it('refuses a bad reference, an uninstalled package and an unknown run', async () => {
    const box = project();
    assertExit(await cli(box, ['run', 'not-a-ref', '--json']), 2);
    const missing = await cli(box, ['run', '@other/pkg.flow', '--json']);
    assertExit(missing, 4);
    assert.equal(errorOf(missing).code, 'NOT_INSTALLED');
    const unknown = await cli(box, ['runs', 'show', '20261130T000000Z-abcdef', '--json']);
    assertExit(unknown, 4);
    assert.equal(errorOf(unknown).code, 'RUN_NOT_FOUND');
    assertExit(await cli(box, ['run', '@local/ops.restart', '--input', 'novalue', '--json']), 2);
  });
});

describe('patternhub test', () => {
  it('passes, fails with the broken expectation, and refuses invalid test files', async () => {
    const box = project();
    const ok = await cli(box, ['test', '--json']);
    assertExit(ok, 0);
    assert.deepEqual(ok.json<{ passed: number; failed: number }>().passed, 1);

    write(box.dir, {
      'tests/wrong.yaml':
        'workflow: restart\nactions: { check: { result: { stdout: x } }, script: { result: { stdout: y } } }\nexpect: { tasks: [check, script] }\n',
    });
    const failed = await cli(box, ['test', '--json']);
    assertExit(failed, 3);
    const report = failed.json<{
      failed: number;
      cases: { name: string; failures: { expectation: string }[]; path: unknown[] }[];
    }>();
    assert.equal(report.failed, 1);
    const wrong = report.cases.find((c) => c.name === 'wrong')!;
    assert.deepEqual(
      wrong.failures.map((f) => f.expectation),
      ['tasks'],
    );
    assert.equal(wrong.path.length, 4);
    const text = await cli(box, ['test']);
    assertExit(text, 3);
    assert.match(text.stdout, /path: check/);

    write(box.dir, { 'tests/wrong.yaml': 'workflow: restart\nactions: { nope: {} }\n' });
    const invalid = await cli(box, ['test', '--json']);
    assertExit(invalid, 3);
    const issues = invalid.json<{ issues: { code: string; file: string; pointer: string }[] }>().issues;
    assert.deepEqual(
      issues.map((i) => [i.code, i.file, i.pointer]),
      [['TEST_UNKNOWN_TASK', 'tests/wrong.yaml', '/actions/nope']],
    );
    assert.deepEqual(readdirSync(join(box.dir, 'tests')).sort(), ['restart.yaml', 'wrong.yaml']);
  });
});
