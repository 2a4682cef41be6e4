/**
 * After an install, `patternhub validate` of the consuming project checks its own workflows against
 * the installed actions' parameters (issue: install).
 */
import assert from 'node:assert/strict';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

const ACTION_PACKAGE = {
  'patternhub.yaml':
    'name: "@community/linux"\nversion: 1.0.0\nkind: action\ndescription: Linux host actions.\n',
  'actions/check_disk.yaml': [
    'name: check_disk',
    'description: Report usage of the filesystems on a host.',
    'runner_type: local-shell-script',
    'entry_point: check_disk.sh',
    'parameters:',
    '  hosts: { type: string, required: true, description: Hosts to check }',
    '  threshold: { type: integer, default: 90 }',
    '',
  ].join('\n'),
  'actions/check_disk.sh': '#!/bin/sh\ndf -h\n',
};

function workflow(input: string): string {
  return [
    'name: disk',
    'description: Check the disk of a host.',
    'parameters:',
    '  host: { type: string, required: true }',
    'workflow:',
    '  version: 1.0',
    '  input: [host]',
    '  tasks:',
    '    check:',
    '      action: "@community/linux.check_disk"',
    `      input: ${input}`,
    '',
  ].join('\n');
}

interface Validation {
  ok: boolean;
  issues: Array<{ code: string; severity: string; file: string }>;
}

describe('validate a consuming project against its installed dependencies', () => {
  let registry: TestRegistry;
  let work: string;
  let project: string;
  let env: Record<string, string>;

  before(async () => {
    registry = await startTestRegistry();
    work = tempDir('patternhub-project');
    env = {
      PATTERNHUB_REGISTRY: registry.url,
      PATTERNHUB_TOKEN: registry.adminToken,
      PATTERNHUB_CONFIG: join(work, 'config.yaml'),
      PATTERNHUB_CACHE: join(work, 'cache'),
    };
    const org = await registry.request('/v1/orgs', {
      method: 'POST',
      token: registry.adminToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'community' }),
    });
    assert.equal(org.status, 201);
    const actions = join(work, 'linux');
    for (const [path, text] of Object.entries(ACTION_PACKAGE)) {
      mkdirSync(join(actions, path, '..'), { recursive: true });
      writeFileSync(join(actions, path), text);
    }
    assert.equal((await runCli(['publish', actions], { env })).code, 0);

    const init = await runCli(['init', 'ops', '--kind', 'pattern', '--name', '@acme/ops'], {
      cwd: work,
      env,
    });
    assert.equal(init.code, 0, init.stderr);
    project = join(work, 'ops');
    const install = await runCli(['install', '@community/linux'], { cwd: project, env });
    assert.equal(install.code, 0, install.stderr);
  });
  after(async () => {
    await registry?.close();
  });

  const validate = async () => {
    const run = await runCli(['validate', '--json'], { cwd: project, env });
    return { code: run.code, result: run.json<Validation>() };
  };

  it('finds a missing required input and an unknown one', async () => {
    writeFileSync(join(project, 'workflows/disk.yaml'), workflow('{ threshold: 95, bogus: 1 }'));
    const { code, result } = await validate();
    assert.equal(code, 3);
    const codes = result.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.code);
    assert.ok(codes.includes('MISSING_REQUIRED_INPUT'), codes.join(','));
    assert.ok(codes.includes('UNKNOWN_INPUT'), codes.join(','));
  });

  it('accepts the workflow once it passes what the action asks for', async () => {
    writeFileSync(
      join(project, 'workflows/disk.yaml'),
      workflow('{ hosts: <% ctx().host %>, threshold: 95 }'),
    );
    const { code, result } = await validate();
    assert.equal(code, 0, JSON.stringify(result.issues));
    assert.ok(!result.issues.some((issue) => issue.code === 'DEPENDENCY_NOT_CHECKED'));
  });

  it('without the install, it can only warn that the calls were not checked', async () => {
    writeFileSync(join(project, 'workflows/disk.yaml'), workflow('{ threshold: 95 }'));
    renameSync(join(project, '.patternhub'), join(work, 'installed-away'));
    try {
      const { code, result } = await validate();
      assert.equal(code, 0);
      assert.ok(result.issues.some((issue) => issue.code === 'DEPENDENCY_NOT_CHECKED'));
    } finally {
      renameSync(join(work, 'installed-away'), join(project, '.patternhub'));
    }
  });
});
