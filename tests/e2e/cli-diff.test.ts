import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Edits a file of a package folder in place. */
function edit(dir: string, path: string, change: (text: string) => string): void {
  const file = join(dir, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit of ${path} changed nothing`);
  writeFileSync(file, after);
}

const REQUIRE_MESSAGE = (text: string) =>
  text.replace('    default: Hello from Patternhub', '    required: true');
const ADD_CHANNEL = (text: string) =>
  text
    .replace('workflow:\n', "  channel:\n    type: string\n    default: '#ops'\nworkflow:\n")
    .replace('    - message\n', '    - message\n    - channel\n');

describe('patternhub diff and bump against a real registry', () => {
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;
  const cli = (args: string[], cwd = work) => runCli(args, { cwd, env });

  before(async () => {
    registry = await startTestRegistry();
    work = tempDir('patternhub-diff');
    env = {
      PATTERNHUB_REGISTRY: registry.url,
      PATTERNHUB_TOKEN: registry.adminToken,
      PATTERNHUB_CONFIG: join(work, 'config.yaml'),
    };
    for (const org of ['acme', 'community']) {
      const response = await registry.request('/v1/orgs', {
        method: 'POST',
        token: registry.adminToken,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: org }),
      });
      assert.equal(response.status, 201);
    }
    // The community's pattern at 1.0.0, and ACME's variant of it at 2.0.0 with a required parameter.
    const init = await cli(['init', 'community', '--kind', 'pattern', '--name', '@community/disk-full']);
    assert.equal(init.code, 0, init.stderr);
    edit(join(work, 'community'), 'patternhub.yaml', (text) =>
      text.replace('version: 0.1.0', 'version: 1.0.0'),
    );
    assert.equal((await cli(['publish', 'community'])).code, 0);

    cpSync(join(work, 'community'), join(work, 'acme'), { recursive: true });
    edit(join(work, 'acme'), 'patternhub.yaml', (text) =>
      text.replace('@community/disk-full', '@acme/disk-full').replace('version: 1.0.0', 'version: 2.0.0'),
    );
    edit(join(work, 'acme'), 'workflows/disk-full.yaml', REQUIRE_MESSAGE);
    const published = await cli(['publish', 'acme', '--access', 'private']);
    assert.equal(published.code, 0, published.stderr);
  });

  after(async () => {
    await registry?.close();
  });

  it('diffs two organisations\u2019 variants and names the breaking change', async () => {
    const run = await cli(['diff', '@community/disk-full@1.0.0', '@acme/disk-full@2.0.0', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const diff = run.json<{ requiredBump: string; changes: Array<{ kind: string; weight: string }> }>();
    assert.equal(diff.requiredBump, 'major');
    assert.ok(
      diff.changes.some((change) => change.kind === 'parameter.required' && change.weight === 'major'),
    );

    const human = await cli(['diff', '@community/disk-full@1.0.0', '@acme/disk-full@2.0.0']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /major/i);
    assert.doesNotMatch(human.stdout, /\u001b\[/, 'no colour codes when not on a terminal');
  });

  it('diffs a folder against a published version, with --stat', async () => {
    const run = await cli(['diff', '@community/disk-full@1.0.0', './acme', '--stat']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /workflows\/disk-full\.yaml/);
  });

  it('hides a private package from a caller who may not see it', async () => {
    const anonymous = await runCli(
      ['diff', '@community/disk-full@1.0.0', '@acme/disk-full@2.0.0', '--json'],
      { cwd: work, env: { PATTERNHUB_REGISTRY: registry.url, PATTERNHUB_CONFIG: join(work, 'none.yaml') } },
    );
    assert.equal(anonymous.code, 4);
    assert.equal(JSON.parse(anonymous.stderr).error.code, 'PACKAGE_NOT_FOUND');
  });

  it('bump says what the local changes require, and --write sets it', async () => {
    const dir = join(work, 'community');
    edit(dir, 'workflows/disk-full.yaml', ADD_CHANNEL);
    const minor = await cli(['bump', dir, '--json']);
    assert.equal(minor.code, 0, minor.stderr);
    assert.deepEqual(
      {
        required: minor.json<{ required: string }>().required,
        suggested: minor.json<{ suggested: string }>().suggested,
      },
      { required: 'minor', suggested: '1.1.0' },
    );

    edit(dir, 'workflows/disk-full.yaml', REQUIRE_MESSAGE);
    const major = await cli(['bump', dir, '--write', '--json']);
    assert.equal(major.code, 0, major.stderr);
    assert.equal(major.json<{ suggested: string }>().suggested, '2.0.0');
    assert.match(readFileSync(join(dir, 'patternhub.yaml'), 'utf8'), /^version: 2\.0\.0$/m);
  });

  it('refuses a breaking change published as a minor release, and records an explicit override', async () => {
    const dir = join(work, 'community');
    edit(dir, 'patternhub.yaml', (text) => text.replace(/^version: .*$/m, 'version: 1.1.0'));
    const refused = await cli(['publish', dir, '--json']);
    assert.equal(refused.code, 5);
    const error = JSON.parse(refused.stderr).error as {
      code: string;
      details: { required: string; changes: unknown[] };
    };
    assert.equal(error.code, 'SEMVER_BUMP_MISMATCH');
    assert.equal(error.details.required, 'major');
    assert.ok(error.details.changes.length > 0);

    const info = await cli(['info', '@community/disk-full', '--json']);
    assert.deepEqual(Object.keys(info.json<{ versions: Record<string, unknown> }>().versions), ['1.0.0']);

    const forced = await cli(['publish', dir, '--override-bump', 'callers were all migrated', '--json']);
    assert.equal(forced.code, 0, forced.stderr);
    const version = await cli(['info', '@community/disk-full@1.1.0', '--json']);
    const override = version.json<{ bumpOverride: { reason: string; required: string } }>().bumpOverride;
    assert.equal(override.reason, 'callers were all migrated');
    assert.equal(override.required, 'major');
  });

  it('reports a usage error for a missing argument', async () => {
    const run = await cli(['diff', '@community/disk-full@1.0.0', '--json']);
    assert.equal(run.code, 2);
    assert.equal(JSON.parse(run.stderr).error.code, 'USAGE');
  });
});
