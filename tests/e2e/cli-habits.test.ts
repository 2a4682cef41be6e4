/**
 * The CLI as npm and pnpm users expect it, spawned as the built binary against a real registry that
 * holds the example packages: global options anywhere, help, suggestions, aliases, init's
 * .gitignore, config, --json everywhere, token refusals, a publish dry run the registry checks,
 * access, ls / why, and messages that blame the right thing. Steps build on each other, in order.
 */
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { examplesDir, publishExamples } from '../../registry-cli/examples.js';
import { answerOf, assertExit, type CliUser, newCliUser, runCli } from '../helpers/cli.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

let registry: TestRegistry;
let work: string;
/** The registry's admin, owner of @community (the examples' organisation). */
let admin: CliUser;
let anyone: CliUser;

before(async () => {
  registry = await startTestRegistry();
  work = tempDir('cli-habits');
  const seeded = await publishExamples(registry.url, registry.adminToken, examplesDir());
  assert.ok(seeded.published.includes('@community/disk-full@1.0.0'), JSON.stringify(seeded));
  admin = newCliUser(work, registry.url, 'admin', { PATTERNHUB_TOKEN: registry.adminToken });
  anyone = newCliUser(work, registry.url, 'anyone');
});
after(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function cli(user: CliUser, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return runCli(args, { cwd: options.cwd ?? work, env: { ...user.env, ...options.env } });
}

async function json<T = Record<string, unknown>>(
  user: CliUser,
  args: string[],
  code = 0,
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<T> {
  return answerOf<T>(await cli(user, [...args, '--json'], options), code);
}

interface Failure {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
}

it('global options may stand before the command', async () => {
  const who = await json<{ username: string; registry: string }>(
    anyone,
    ['--registry', registry.url, '--json', 'whoami'],
    0,
    { env: { PATTERNHUB_REGISTRY: 'http://127.0.0.1:9', PATTERNHUB_TOKEN: registry.adminToken } },
  );
  assert.deepEqual([who.username, who.registry], ['admin', registry.url]);
});

it('help CMD and CMD --help explain every option, the aliases and examples', async () => {
  const help = await cli(anyone, ['help', 'install']);
  assertExit(help, 0);
  for (const text of [
    '--force',
    '--concurrency N',
    '--cache DIR',
    '--frozen-lockfile',
    'Aliases: i, add',
    'Examples:',
  ]) {
    assert.ok(help.stdout.includes(text), `${text} in:\n${help.stdout}`);
  }
  const flag = await cli(anyone, ['install', '--help']);
  assert.equal(flag.stdout, help.stdout);
  const alias = await cli(anyone, ['help', 'i']);
  assert.equal(alias.stdout, help.stdout);
  const data = await json<{
    name: string;
    aliases: string[];
    options: Record<string, { description: string }>;
  }>(anyone, ['help', 'install']);
  assert.deepEqual([data.name, data.aliases], ['install', ['i', 'add']]);
  assert.match(data.options.concurrency?.description ?? '', /at once/);
  const general = await cli(anyone, ['help']);
  assertExit(general, 0);
  assert.match(general.stdout, /install \(i, add\)/);
});

it('mistakes get a suggestion and a message in our words', async () => {
  const command = await json<Failure>(anyone, ['instal'], 2);
  assert.equal(command.code, 'USAGE');
  assert.match(command.hint ?? '', /Did you mean `patternhub install`\?/);
  const option = await json<Failure>(anyone, ['publish', '--dryrun'], 2);
  assert.match(option.message, /publish has no option --dryrun/);
  assert.match(option.hint ?? '', /Did you mean --dry-run\?/);
  const action = await json<Failure>(anyone, ['org', 'creat', 'acme'], 2);
  assert.match(action.hint ?? '', /Did you mean `patternhub org create`\?/);
  const value = await json<Failure>(anyone, ['search', 'disk', '--kind'], 2);
  assert.match(value.message, /--kind needs a value/);
  const kind = await json<Failure>(anyone, ['init', join(work, 'nokind'), '--name', '@a/b'], 2);
  assert.match(kind.message, /Missing --kind/);
  assert.ok(!existsSync(join(work, 'nokind', 'patternhub.yaml')));
});

it('aliases: view, s, i', async () => {
  assert.equal((await json<{ name: string }>(anyone, ['view', '@community/linux'])).name, '@community/linux');
  const found = await json<{ results: Array<{ name: string }> }>(anyone, ['s', 'disk', 'full']);
  assert.equal(found.results[0]?.name, '@community/disk-full');
});

it('search prints a table when piped (--json for scripts) and says plainly when nothing matches', async () => {
  const table = await cli(anyone, ['search', 'restart', 'service', '--kind', 'pattern']);
  assertExit(table, 0);
  assert.match(table.stdout, /^NAME\s+VERSION/m);
  assert.match(table.stdout, /@community\/service-restart/);
  const none = await cli(anyone, ['search', 'zzqxv', 'wwqxv']);
  assertExit(none, 0);
  assert.match(none.stdout, /No packages match/);
  assert.doesNotMatch(none.stdout, /match some/);
});

it('init writes a .gitignore for .patternhub/ (appending to one that exists), never packed', async () => {
  const dir = join(work, 'fresh');
  await json(anyone, ['init', dir, '--kind', 'pattern', '--name', '@acme/fresh']);
  assert.match(readFileSync(join(dir, '.gitignore'), 'utf8'), /^\.patternhub\/$/m);
  const other = join(work, 'has-ignore');
  mkdirSync(other);
  writeFileSync(join(other, '.gitignore'), 'node_modules/');
  await json(anyone, ['init', other, '--kind', 'action', '--name', '@acme/other']);
  assert.equal(readFileSync(join(other, '.gitignore'), 'utf8').split('\n')[0], 'node_modules/');
  assert.match(readFileSync(join(other, '.gitignore'), 'utf8'), /^\.patternhub\/$/m);
  const packed = await json<{ files: Array<{ path: string }> }>(anyone, ['pack', dir, '--dry-run']);
  assert.ok(!packed.files.some((file) => file.path === '.gitignore'));
});

it('config get / set / delete / list; the file keeps its comments and is validated', async () => {
  const user = newCliUser(work, registry.url, 'configured');
  const file = join(user.home, 'config.yaml');
  delete (user.env as Record<string, string>).PATTERNHUB_REGISTRY;
  writeFileSync(file, '# my settings\nregistry: http://127.0.0.1:1\n');
  assert.equal(
    (
      await json<{ value: string }>(user, ['config', 'get', 'registry'], 0, {
        env: { PATTERNHUB_CONFIG: file },
      })
    ).value,
    'http://127.0.0.1:1',
  );
  await json(user, ['config', 'set', 'registry', `${registry.url}/`], 0, {
    env: { PATTERNHUB_CONFIG: file },
  });
  await json(user, ['config', 'set', '@acme:registry', 'https://patterns.acme.example'], 0, {
    env: { PATTERNHUB_CONFIG: file },
  });
  const text = readFileSync(file, 'utf8');
  assert.match(text, /^# my settings$/m);
  assert.match(text, new RegExp(`^registry: ${registry.url}$`, 'm'));
  // A new shell: the default registry comes from the file.
  const who = await json<{ registry: string }>(user, ['whoami'], 0, {
    env: { PATTERNHUB_CONFIG: file, PATTERNHUB_TOKEN: registry.adminToken },
  });
  assert.equal(who.registry, registry.url);
  const list = await json<{ scopes: Record<string, string> }>(user, ['config', 'list'], 0, {
    env: { PATTERNHUB_CONFIG: file },
  });
  assert.deepEqual(list.scopes, { '@acme': 'https://patterns.acme.example' });
  await json(user, ['config', 'delete', '@acme:registry'], 0, { env: { PATTERNHUB_CONFIG: file } });
  assert.doesNotMatch(readFileSync(file, 'utf8'), /acme/);
  assert.equal(
    (
      await json<Failure>(user, ['config', 'set', 'registry', 'ftp://x'], 2, {
        env: { PATTERNHUB_CONFIG: file },
      })
    ).code,
    'CONFIG_INVALID',
  );
  assert.equal(
    (await json<Failure>(user, ['config', 'get', 'colour'], 2, { env: { PATTERNHUB_CONFIG: file } })).code,
    'USAGE',
  );
  // A scalar where a mapping belongs is named as such, not walked character by character.
  writeFileSync(file, 'scopes: "@acme"\n');
  const bad = await json<Failure>(user, ['config', 'list'], 2, { env: { PATTERNHUB_CONFIG: file } });
  assert.equal(bad.code, 'CONFIG_INVALID');
  assert.match(bad.message, /\/scopes must be an object/);
  assert.ok(bad.message.split('scopes').length <= 3, bad.message);
});

it('--json is honoured by --version and migrate', async () => {
  const version = await cli(anyone, ['--version', '--json']);
  assertExit(version, 0);
  assert.equal(typeof (JSON.parse(version.stdout) as { version: string }).version, 'string');
  const migrated = await json<{ applied: boolean; database: string }>(
    anyone,
    ['migrate', '--data', join(work, 'migrate-data')],
    0,
    {
      env: { DATABASE_URL: '' },
    },
  );
  assert.deepEqual([migrated.applied, migrated.database], [true, 'pglite']);
});

it('a refused token says why: malformed, unknown, revoked, expired; token flags are named as flags', async () => {
  const reason = async (token: string) =>
    (await json<Failure>(anyone, ['whoami'], 6, { env: { PATTERNHUB_TOKEN: token } })).details?.reason;
  assert.equal(await reason('not-a-token'), 'malformed');
  assert.equal(await reason(`ph_${'x'.repeat(40)}`), 'unknown');
  const revoked = await json<{ id: string; token: string }>(admin, ['token', 'create', '--name', 'gone']);
  await json(admin, ['token', 'revoke', revoked.id]);
  assert.equal(await reason(revoked.token), 'revoked');
  const expiring = await json<{ token: string }>(admin, [
    'token',
    'create',
    '--name',
    'soon',
    '--expires-days',
    '1',
  ]);
  registry.clock.offsetMs = 2 * 86_400_000;
  try {
    assert.equal(await reason(expiring.token), 'expired');
  } finally {
    registry.clock.offsetMs = 0;
  }
  const days = await json<Failure>(admin, ['token', 'create', '--name', 'x', '--expires-days', '99999'], 2);
  assert.match(days.message, /--expires-days/);
  assert.doesNotMatch(days.message, /expiresInDays/);
  const scopes = await json<Failure>(admin, ['token', 'create', '--name', 'x', '--scopes', 'root'], 2);
  assert.match(scopes.message, /--scopes/);
});

let dryDir: string;

it('publish --dry-run runs every check of a real publish and stores nothing', async () => {
  dryDir = join(work, 'dry');
  await json(admin, ['init', dryDir, '--kind', 'action', '--name', '@community/dry']);
  const first = await json<{ dryRun: boolean; version: string }>(admin, ['publish', dryDir, '--dry-run']);
  assert.deepEqual([first.dryRun, first.version], [true, '0.1.0']);
  assert.equal((await registry.request('/v1/packages/community/dry')).status, 404);
  const audit = await json<{ entries: Array<{ target: string }> }>(admin, ['org', 'audit', 'community']);
  assert.ok(!audit.entries.some((entry) => entry.target?.startsWith('@community/dry')));

  await json(admin, ['publish', dryDir]);
  assert.equal((await json<Failure>(admin, ['publish', dryDir, '--dry-run'], 5)).code, 'VERSION_EXISTS');

  // A required parameter added: a breaking change, so 0.1.1 is too small a step under 1.0.0.
  const action = join(dryDir, 'actions', 'dry.yaml');
  writeFileSync(
    action,
    readFileSync(action, 'utf8').replace(
      'parameters:\n',
      'parameters:\n  target:\n    type: string\n    required: true\n    description: Where.\n',
    ),
  );
  const manifest = join(dryDir, 'patternhub.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('version: 0.1.0', 'version: 0.1.1'));
  assert.equal(
    (await json<Failure>(admin, ['publish', dryDir, '--dry-run'], 5)).code,
    'SEMVER_BUMP_MISMATCH',
  );
  const overridden = await cli(admin, [
    'publish',
    dryDir,
    '--dry-run',
    '--override-bump',
    'nobody calls it yet',
  ]);
  assertExit(overridden, 0);
  assert.match(overridden.stdout, /Would publish @community\/dry@0\.1\.1/);
  assert.match(overridden.stdout, /semver bump check overridden/);
  const versions = await json<{ versions: Record<string, unknown> }>(anyone, ['info', '@community/dry']);
  assert.deepEqual(Object.keys(versions.versions), ['0.1.0']);

  // Published for real, then removed: its number stays taken, and the dry run says so.
  await json(admin, ['publish', dryDir, '--override-bump', 'nobody calls it yet']);
  await json(admin, ['unpublish', '@community/dry@0.1.1']);
  assert.equal(
    (await json<Failure>(admin, ['publish', dryDir, '--dry-run', '--override-bump', 'again'], 5)).code,
    'VERSION_EXISTS',
  );
});

it('an overridden bump shows in info, org audit and install', async () => {
  writeFileSync(
    join(dryDir, 'patternhub.yaml'),
    readFileSync(join(dryDir, 'patternhub.yaml'), 'utf8').replace('version: 0.1.1', 'version: 0.1.2'),
  );
  await json(admin, ['publish', dryDir, '--override-bump', 'nobody calls it yet']);
  const info = await cli(anyone, ['info', '@community/dry']);
  assert.match(info.stdout, /0\.1\.2 .*semver check overridden \(needs minor\): nobody calls it yet/);
  const version = await cli(anyone, ['info', '@community/dry@0.1.2']);
  assert.match(version.stdout, /semver check overridden by admin/);
  const audit = await cli(admin, ['org', 'audit', 'community']);
  assert.match(audit.stdout, /@community\/dry@0\.1\.2 \(semver check overridden: needs minor/);

  const project = join(work, 'override-project');
  await json(anyone, ['init', project, '--kind', 'pattern', '--name', '@acme/override-project']);
  const installed = await cli(anyone, ['install', '@community/dry@0.1.2'], { cwd: project });
  assertExit(installed, 0);
  assert.match(installed.stdout, /@community\/dry@0\.1\.2 was published with an overridden semver check/);
});

it('access: owners switch a package; the public-cannot-depend-on-private rule holds both ways', async () => {
  const blocked = await json<Failure>(admin, ['access', 'private', '@community/linux'], 5);
  assert.equal(blocked.code, 'HAS_DEPENDENTS');
  assert.deepEqual(blocked.details?.dependents, ['@community/disk-full']);

  const changed = await json<{ access: string; changed: boolean }>(admin, [
    'access',
    'private',
    '@community/dry',
  ]);
  assert.deepEqual([changed.access, changed.changed], ['private', true]);
  assert.equal((await registry.request('/v1/packages/community/dry')).status, 404);
  const again = await json<{ changed: boolean }>(admin, ['access', 'private', '@community/dry']);
  assert.equal(again.changed, false);

  // A private pattern standing on the private action cannot be made public.
  const user = join(work, 'uses-dry');
  await json(admin, ['init', user, '--kind', 'pattern', '--name', '@community/uses-dry']);
  writeFileSync(
    join(user, 'patternhub.yaml'),
    `${readFileSync(join(user, 'patternhub.yaml'), 'utf8')}dependencies:\n  "@community/dry": "^0.1.0"\n`,
  );
  await json(admin, ['publish', user, '--access', 'private']);
  assert.equal(
    (await json<Failure>(admin, ['access', 'public', '@community/uses-dry'], 5)).code,
    'PRIVATE_DEPENDENCY',
  );

  await json(admin, ['access', 'public', '@community/dry']);
  assert.equal((await registry.request('/v1/packages/community/dry')).status, 200);
  const audit = await json<{ entries: Array<{ action: string; target: string; details: { to?: string } }> }>(
    admin,
    ['org', 'audit', 'community'],
  );
  const switches = audit.entries
    .filter((entry) => entry.action === 'package.access')
    .map((entry) => entry.details.to);
  assert.deepEqual(switches, ['public', 'private']);

  assert.equal((await json<Failure>(admin, ['access', 'secret', '@community/dry'], 2)).code, 'USAGE');
  assert.equal(
    (await json<Failure>(anyone, ['access', 'private', '@community/dry'], 6)).code,
    'UNAUTHENTICATED',
  );
});

it('ls and why read the installed tree; a range typed on the command line is blamed on it', async () => {
  const project = join(work, 'ops');
  await json(anyone, ['init', project, '--kind', 'pattern', '--name', '@acme/ops']);
  await json(anyone, ['i', '@community/disk-full'], 0, { cwd: project });
  const top = await json<{ dependencies: Array<{ name: string; version: string; dependencies: unknown[] }> }>(
    anyone,
    ['ls'],
    0,
    { cwd: project },
  );
  assert.deepEqual(
    top.dependencies.map((node) => [node.name, node.version, node.dependencies.length]),
    [['@community/disk-full', '1.0.0', 0]],
  );
  const all = await cli(anyone, ['ls', '--all'], { cwd: project });
  assert.match(
    all.stdout,
    /└─┬ @community\/disk-full 1\.0\.0\n {2}├── @community\/chatops 1\.3\.0\n {2}└── @community\/linux 2\.1\.0/,
  );
  const why = await json<{ chains: Array<Array<{ name: string }>> }>(anyone, ['why', '@community/linux'], 0, {
    cwd: project,
  });
  assert.deepEqual(
    why.chains.map((chain) => chain.map((step) => step.name)),
    [['@community/disk-full', '@community/linux']],
  );
  assert.equal(
    (await json<Failure>(anyone, ['why', '@community/http'], 4, { cwd: project })).code,
    'NOT_INSTALLED',
  );

  const range = await json<Failure>(anyone, ['install', '@community/linux@^9'], 4, { cwd: project });
  assert.equal(range.code, 'VERSION_NOT_FOUND');
  assert.match(range.message, /command line/);
  assert.doesNotMatch(range.message, /patternhub\.yaml/);
});

it('install keeps patternhub.yaml as written: comments, blank lines, the init template', async () => {
  const project = join(work, 'formatted');
  mkdirSync(project);
  const original = [
    '# Our runbooks',
    'name: "@acme/formatted"',
    'version: 0.1.0   # bumped by CI',
    '',
    'kind: pattern',
    'description: Runbooks.',
    '',
    '# What we use',
    'dependencies:',
    '  "@community/chatops": "~1.3.0"  # the chat bridge',
    '',
    'keywords: [ops]',
    '',
  ].join('\n');
  writeFileSync(join(project, 'patternhub.yaml'), original);
  await json(anyone, ['install', '@community/http'], 0, { cwd: project });
  const after = readFileSync(join(project, 'patternhub.yaml'), 'utf8');
  // Only the new line; the YAML library writes one space before an inline comment.
  const expected = original
    .replace('0.1.0   # bumped', '0.1.0 # bumped')
    .replace('"~1.3.0"  # the chat bridge\n', '"~1.3.0" # the chat bridge\n  "@community/http": "^1.0.0"\n');
  assert.equal(after, expected);

  // A fresh init: the first dependency replaces the template's commented example in place.
  const fresh = join(work, 'fresh-ops');
  await json(anyone, ['init', fresh, '--kind', 'pattern', '--name', '@acme/fresh-ops']);
  await json(anyone, ['install', '@community/http'], 0, { cwd: fresh });
  const text = readFileSync(join(fresh, 'patternhub.yaml'), 'utf8');
  assert.match(
    text,
    /# {3}"@community\/linux": "\^2\.1\.0"\ndependencies:\n {2}"@community\/http": "\^1\.0\.0"\n$/,
  );
  assert.doesNotMatch(text, /\n\n/);
});

it('link DIR: a symbolic link recorded in the lockfile, seen by validate, ended by install NAME', async () => {
  const action = join(work, 'dev', 'probe');
  const project = join(work, 'dev', 'runbooks');
  await json(anyone, ['init', action, '--kind', 'action', '--name', '@community/probe']);
  await json(anyone, ['init', project, '--kind', 'pattern', '--name', '@acme/runbooks']);
  const workflow = join(project, 'workflows', 'runbooks.yaml');
  writeFileSync(
    workflow,
    readFileSync(workflow, 'utf8').replace('action: core.echo', 'action: "@community/probe.probe"'),
  );

  const linked = await json<{ linked: Array<{ name: string; source: string }> }>(
    anyone,
    ['link', '../probe'],
    0,
    {
      cwd: project,
    },
  );
  assert.deepEqual(linked.linked, [{ name: '@community/probe', source: 'link:../probe' }]);
  assert.ok(lstatSync(join(project, '.patternhub', 'packages', '@community', 'probe')).isSymbolicLink());
  const lock = readFileSync(join(project, 'patternhub.lock'), 'utf8');
  assert.match(lock, /"@community\/probe":\n {4}version: 0\.1\.0\n {4}source: link:\.\.\/probe\n/);
  assert.match(readFileSync(join(project, 'patternhub.yaml'), 'utf8'), /"@community\/probe": "\^0\.1\.0"/);
  await json(anyone, ['validate'], 0, { cwd: project });

  // An edit in the linked folder is seen at once: a new required parameter breaks the caller.
  const meta = join(action, 'actions', 'probe.yaml');
  writeFileSync(
    meta,
    readFileSync(meta, 'utf8').replace(
      'parameters:\n',
      'parameters:\n  colour:\n    type: string\n    required: true\n    description: Which.\n',
    ),
  );
  const invalid = await cli(anyone, ['validate', '--json'], { cwd: project });
  assertExit(invalid, 3);
  assert.deepEqual(
    invalid.json<{ issues: Array<{ code: string }> }>().issues.map((issue) => issue.code),
    ['MISSING_REQUIRED_INPUT'],
  );

  // install keeps the link; another dependency resolves beside it; uninstall leaves the folder alone.
  const again = await json<{ unchanged: number }>(anyone, ['install', '@community/http'], 0, {
    cwd: project,
  });
  assert.ok(again.unchanged >= 1);
  assert.ok(lstatSync(join(project, '.patternhub', 'packages', '@community', 'probe')).isSymbolicLink());
  await json(anyone, ['uninstall', '@community/probe'], 0, { cwd: project });
  assert.ok(existsSync(meta), 'the linked folder is untouched');
  assert.ok(!existsSync(join(project, '.patternhub', 'packages', '@community', 'probe')));
  assert.equal((await json<Failure>(anyone, ['link', '../nowhere'], 2, { cwd: project })).code, 'USAGE');
});

it('install DIR and install FILE.tgz copy a local package in, checked against the lockfile after', async () => {
  const action = join(work, 'local', 'tools');
  const project = join(work, 'local', 'ops');
  await json(anyone, ['init', action, '--kind', 'action', '--name', '@acme/tools']);
  await json(anyone, ['init', project, '--kind', 'pattern', '--name', '@acme/local-ops']);
  const fromFolder = await json<{ added: Array<{ name: string }> }>(anyone, ['install', '../tools'], 0, {
    cwd: project,
  });
  assert.deepEqual(
    fromFolder.added.map((entry) => entry.name),
    ['@acme/tools'],
  );
  const installed = join(project, '.patternhub', 'packages', '@acme', 'tools');
  assert.ok(!lstatSync(installed).isSymbolicLink());
  assert.ok(existsSync(join(installed, 'actions', 'tools.sh')));
  assert.match(readFileSync(join(project, 'patternhub.lock'), 'utf8'), /source: file:\.\.\/tools\n/);

  // A fresh clone makes the copy again from the folder, and refuses a folder that changed since.
  rmSync(join(project, '.patternhub'), { recursive: true });
  await json(anyone, ['install'], 0, { cwd: project });
  assert.ok(existsSync(join(installed, 'actions', 'tools.sh')));
  rmSync(join(project, '.patternhub'), { recursive: true });
  writeFileSync(join(action, 'README.md'), 'changed\n');
  assert.equal((await json<Failure>(anyone, ['install'], 5, { cwd: project })).code, 'LOCKFILE_OUT_OF_DATE');

  // A tarball from `pack`.
  const packed = await json<{ file: string }>(anyone, ['pack', action, '--out', join(work, 'local')]);
  await json(anyone, ['install', packed.file], 0, { cwd: project });
  assert.match(
    readFileSync(join(project, 'patternhub.lock'), 'utf8'),
    /source: file:\.\.\/acme-tools-0\.1\.0\.tgz\n/,
  );
  assert.ok(existsSync(join(installed, 'actions', 'tools.sh')));
});
