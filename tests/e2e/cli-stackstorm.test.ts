import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { filesFromRecord } from '../../src/core/package-files.js';
import { runCli } from '../helpers/cli.js';
import { napalmReleases } from '../helpers/napalm-history.js';
import { createOrg } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { assertStackStormAccepts, packView } from '../helpers/stackstorm-oracle.js';
import { copySample, entryPointStubs, readTree } from '../helpers/stackstorm-packs.js';

function writeTree(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** A git repository holding the napalm releases, one commit and one tag each. */
function napalmRepository(dir: string): string[] {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        GIT_AUTHOR_NAME: 'Upstream',
        GIT_AUTHOR_EMAIL: 'upstream@example.org',
        GIT_COMMITTER_NAME: 'Upstream',
        GIT_COMMITTER_EMAIL: 'upstream@example.org',
      },
      stdio: 'pipe',
    });
  mkdirSync(dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  const tags: string[] = [];
  for (const release of napalmReleases()) {
    for (const entry of readdirSync(dir)) if (entry !== '.git') rmSync(join(dir, entry), { recursive: true });
    writeTree(dir, release.files);
    git('add', '-A');
    git('commit', '-q', '-m', `Release ${release.tag}`);
    git('tag', release.tag);
    tags.push(release.tag);
  }
  git('tag', 'stable'); // not a version: left out, and said so
  return tags;
}

describe('patternhub import/export stackstorm', () => {
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;
  const cli = (args: string[], cwd = work) => runCli(args, { cwd, env, timeoutMs: 300_000 });
  const errorOf = (run: { stderr: string }) =>
    (JSON.parse(run.stderr) as { error: { code: string } }).error.code;

  before(async () => {
    registry = await startTestRegistry();
    work = mkdtempSync(join(tmpdir(), 'patternhub-stackstorm-'));
    env = {
      HOME: work,
      PATTERNHUB_REGISTRY: registry.url,
      PATTERNHUB_TOKEN: registry.adminToken,
      PATTERNHUB_CONFIG: join(work, 'config.yaml'),
      PATTERNHUB_CACHE: join(work, 'cache'),
    };
    await createOrg(registry, registry.adminToken, 'acme');
  });

  after(async () => {
    await registry?.close();
  });

  it('imports a sample pack into two packages that validate, and reports what it keeps as files', async () => {
    const pack = copySample('napalm-1.0.1');
    writeTree(pack, entryPointStubs(readTree(pack)));
    const run = await cli(['import', 'stackstorm', pack, '--scope', 'acme', '--out', 'imported', '--json']);
    assert.equal(run.code, 0, run.stderr);
    const report = run.json<{
      packages: Array<{ name: string; kind: string }>;
      kept: Array<{ kind: string }>;
    }>();
    assert.deepEqual(
      report.packages.map((pkg) => [pkg.name, pkg.kind]),
      [
        ['@acme/napalm', 'action'],
        ['@acme/napalm-patterns', 'pattern'],
      ],
    );
    assert.ok(report.kept.some((file) => file.kind === 'action-chain'));
    const validate = await cli(['validate', join('imported', 'napalm-patterns')]);
    assert.equal(validate.code, 0, validate.stdout + validate.stderr);

    const text = await cli(['import', 'stackstorm', pack, '--scope', 'acme', '--out', 'imported-2']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /kept as a file \(action-chain\): actions\/bgp_prefix_exceeded_chain\.yaml/);
  });

  it('exports two package folders back to the pack, which StackStorm accepts', async () => {
    const run = await cli([
      'export',
      'stackstorm',
      join('imported', 'napalm'),
      join('imported', 'napalm-patterns'),
      'exported',
      '--json',
    ]);
    assert.equal(run.code, 0, run.stderr);
    // The pack as imported: the sample and the entry-point scripts the test added.
    const original = readTree(copySample('napalm-1.0.1'));
    const imported = new Map([...original, ...filesFromRecord(entryPointStubs(original))]);
    const exported = readTree(join(work, 'exported'));
    assert.deepEqual(packView(exported), packView(imported));
    assertStackStormAccepts(exported, 'exported', imported);
  });

  it('refuses bad input with a stable code and writes nothing', async () => {
    const bare = copySample('napalm-1.0.1'); // no entry-point scripts: the action package would not validate
    const invalid = await cli([
      'import',
      'stackstorm',
      bare,
      '--scope',
      'acme',
      '--out',
      'nothing',
      '--json',
    ]);
    assert.equal(invalid.code, 3);
    assert.equal(errorOf(invalid), 'INVALID_PACKAGE');
    assert.throws(() => readdirSync(join(work, 'nothing')));

    const cases: Array<[string[], number, string]> = [
      [['import', 'stackstorm', bare, '--json'], 2, 'USAGE'],
      [['import', 'ansible', bare, '--scope', 'acme', '--json'], 2, 'USAGE'],
      [['import', 'stackstorm', bare, '--scope', 'Not_A_Scope', '--json'], 2, 'INVALID_NAME'],
      [['import', 'stackstorm', join(work, 'imported'), '--scope', 'acme', '--json'], 3, 'INVALID_PACK'],
      [['import', 'stackstorm', join(work, 'missing'), '--scope', 'acme', '--json'], 2, 'USAGE'],
      [['import', 'stackstorm', bare, '--scope', 'acme', '--history', '--json'], 2, 'USAGE'],
      [['import', 'stackstorm', bare, '--scope', 'acme', '--history', '--out', 'x', '--json'], 2, 'USAGE'],
      [['export', 'stackstorm', join('imported', 'napalm'), 'exported', '--json'], 5, 'ALREADY_EXISTS'],
      [['export', 'stackstorm', 'out-only', '--json'], 2, 'USAGE'],
      [['export', 'ansible', join('imported', 'napalm'), 'x', '--json'], 2, 'USAGE'],
      [['export', 'stackstorm', '@acme/no-such-package', 'x', '--json'], 4, 'PACKAGE_NOT_FOUND'],
    ];
    for (const [args, code, error] of cases) {
      const run = await cli(args);
      assert.equal(run.code, code, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(errorOf(run), error, args.join(' '));
    }
    const pack = copySample('napalm-1.0.1');
    writeTree(pack, entryPointStubs(readTree(pack)));
    const taken = await cli(['import', 'stackstorm', pack, '--scope', 'acme', '--out', 'imported', '--json']);
    assert.equal(taken.code, 5);
    assert.equal(errorOf(taken), 'ALREADY_EXISTS');
  });

  it('imports a dozen releases with their history, installs elsewhere, diffs release to release, exports back', async () => {
    const repo = join(work, 'napalm-repo');
    const tags = napalmRepository(repo);
    assert.ok(tags.length >= 12);

    const run = await cli(['import', 'stackstorm', repo, '--scope', 'acme', '--history', '--json']);
    assert.equal(run.code, 0, run.stderr);
    type Part = { name: string; version: string; status: string; reason?: string };
    const report = run.json<{ releases: Array<{ tag: string; published: Part[] }>; ignoredTags: string[] }>();
    assert.deepEqual(
      report.releases.map((release) => release.tag),
      tags,
    );
    assert.deepEqual(report.ignoredTags, ['stable']);
    const overridden = report.releases.flatMap((release) =>
      release.published
        .filter((part) => part.status === 'overridden')
        .map((part) => [release.tag, part.name]),
    );
    const expected = napalmReleases()
      .filter((release) => release.expect.override)
      .map((release) => [release.tag, '@acme/napalm']);
    assert.deepEqual(overridden, expected);

    // The override is recorded with the version, naming the tag.
    const version = (await (await registry.request('/v1/packages/acme/napalm/1.3.1')).json()) as {
      bumpOverride: { reason: string; required: string } | null;
    };
    assert.match(version.bumpOverride?.reason ?? '', /tag v1\.3\.1/);
    assert.equal(version.bumpOverride?.required, 'major');
    const packument = (await (await registry.request('/v1/packages/acme/napalm-patterns')).json()) as {
      versions: Record<string, unknown>;
      distTags: Record<string, string>;
    };
    assert.equal(Object.keys(packument.versions).length, tags.length);
    assert.equal(packument.distTags.latest, '3.0.0');

    // Running it again publishes nothing twice.
    const again = await cli(['import', 'stackstorm', repo, '--scope', 'acme', '--history', '--json']);
    assert.equal(again.code, 0, again.stderr);
    const statuses = new Set(
      again
        .json<{ releases: Array<{ published: Part[] }> }>()
        .releases.flatMap((r) => r.published.map((p) => p.status)),
    );
    assert.deepEqual([...statuses], ['exists']);

    // Installs elsewhere: a project of another team takes the patterns, and with them the actions.
    const project = join(work, 'project');
    const init = await cli([
      'init',
      project,
      '--kind',
      'pattern',
      '--name',
      '@acme/ops',
      '--description',
      'Our runbooks',
    ]);
    assert.equal(init.code, 0, init.stderr);
    const install = await cli(['install', '@acme/napalm-patterns@^2.1.0'], project);
    assert.equal(install.code, 0, install.stderr);
    const installed = join(project, '.patternhub', 'packages', '@acme');
    assert.deepEqual(readdirSync(installed).sort(), ['napalm', 'napalm-patterns']);

    // Diffs release to release: each required bump is the one the edits call for.
    const versions = napalmReleases().map((release) => release.tag.slice(1));
    for (let index = 1; index < versions.length; index++) {
      const from = versions[index - 1];
      const to = versions[index];
      const rank = { none: 0, patch: 1, minor: 2, major: 3 } as const;
      let required: keyof typeof rank = 'none';
      for (const name of ['napalm', 'napalm-patterns']) {
        const response = await registry.request(`/v1/diff?from=@acme/${name}@${from}&to=@acme/${name}@${to}`);
        assert.equal(response.status, 200);
        const diff = (await response.json()) as { requiredBump: keyof typeof rank };
        if (rank[diff.requiredBump] > rank[required]) required = diff.requiredBump;
      }
      assert.equal(required, napalmReleases()[index]!.expect.required, `${from} → ${to}`);
    }
    const diff = await cli(['diff', '@acme/napalm@1.3.0', '@acme/napalm@1.3.1', '--json']);
    assert.equal(diff.code, 0, diff.stderr);
    const changes = diff.json<{ requiredBump: string; changes: Array<{ kind: string; path?: string }> }>();
    assert.equal(changes.requiredBump, 'major');
    assert.deepEqual(
      changes.changes.map((change) => [change.kind, change.path]),
      [['parameter.removed', 'htmlout']],
    );

    // Exports back: from the registry (the action half is fetched by the range), and from the install.
    const latest = filesFromRecord(napalmReleases().at(-1)!.files);
    const fromRegistry = await cli([
      'export',
      'stackstorm',
      '@acme/napalm-patterns@3.0.0',
      'napalm-3.0.0',
      '--json',
    ]);
    assert.equal(fromRegistry.code, 0, fromRegistry.stderr);
    const exported = readTree(join(work, 'napalm-3.0.0'));
    assert.deepEqual(packView(exported), packView(latest));
    assertStackStormAccepts(exported, 'from the registry', latest);

    const fromInstall = await cli([
      'export',
      'stackstorm',
      join(installed, 'napalm-patterns'),
      'napalm-installed',
    ]);
    assert.equal(fromInstall.code, 0, fromInstall.stderr);
    // ^2.1.0 installed the newest 2.x: the v2.2.0 release, given back whole (its action half from beside it).
    const v220 = filesFromRecord(napalmReleases().find((release) => release.tag === 'v2.2.0')!.files);
    const fromInstallPack = readTree(join(work, 'napalm-installed'));
    assert.deepEqual(packView(fromInstallPack), packView(v220));
    assertStackStormAccepts(fromInstallPack, 'from the install', v220);
  });

  it('bump and publish agree on a backport: both compare with the highest version below', async () => {
    // 3.0.0 is out (previous test); a fix on the 1.3 line starts from the 1.3.1 release.
    const release = napalmReleases().find((entry) => entry.tag === 'v1.3.1')!;
    const pack = join(work, 'backport-pack');
    writeTree(pack, release.files);
    const imported = await cli(['import', 'stackstorm', pack, '--scope', 'acme', '--out', 'backport']);
    assert.equal(imported.code, 0, imported.stderr);
    const dir = join(work, 'backport', 'napalm');
    const action = join(dir, 'actions', 'get_log.yaml');
    writeFileSync(action, readFileSync(action, 'utf8').replace('description: Get', 'description: Fetch'));

    const bump = await cli(['bump', dir, '--write', '--json']);
    assert.equal(bump.code, 0, bump.stderr);
    const answer = bump.json<{ published: string; required: string; suggested: string }>();
    assert.deepEqual([answer.published, answer.required, answer.suggested], ['1.3.1', 'patch', '1.3.2']);
    const publish = await cli(['publish', dir, '--json']);
    assert.equal(publish.code, 0, publish.stderr);
    assert.equal(publish.json<{ version: string; bumpOverride: unknown }>().bumpOverride, null);
  });
});
