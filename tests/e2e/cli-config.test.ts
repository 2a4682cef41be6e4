/**
 * Where the CLI sends its requests and with which token: --registry over PATTERNHUB_REGISTRY over
 * the config file, per-scope registries each with its own token; plus the top-level behaviour
 * (--help, --version, unknown commands, network errors). Two real registries, spawned binary.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { type CliRun, runCli } from '../helpers/cli.js';
import { type DeadRegistry, startDeadRegistry } from '../helpers/dead-registry.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

const work = tempDir('cli-config');
let counter = 0;

/** A fresh HOME with a config file at PATTERNHUB_CONFIG (written when `config` is given). */
function sandbox(config?: Record<string, unknown>, env: Record<string, string> = {}) {
  const home = join(work, `home-${++counter}`);
  mkdirSync(home, { recursive: true });
  const configFile = join(home, 'patternhub-config.yaml');
  if (config) writeFileSync(configFile, stringify(config), { mode: 0o600 });
  return { home, configFile, env: { HOME: home, PATTERNHUB_CONFIG: configFile, ...env } };
}

function cli(box: { env: Record<string, string> }, args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: work, env: { ...box.env, ...env } });
}

function assertExit(run: CliRun, code: number): void {
  assert.equal(
    run.code,
    code,
    `exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`,
  );
}

async function ok<T = Record<string, unknown>>(
  box: { env: Record<string, string> },
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const run = await cli(box, [...args, '--json'], env);
  assertExit(run, 0);
  return run.json<T>();
}

async function failure(
  box: { env: Record<string, string> },
  args: string[],
  exit: number,
  env: Record<string, string> = {},
): Promise<string> {
  const run = await cli(box, [...args, '--json'], env);
  assertExit(run, exit);
  assert.equal(run.stdout, '');
  return (JSON.parse(run.stderr) as { error: { code: string } }).error.code;
}

let a: TestRegistry;
let b: TestRegistry;
let dead: string;
let deadServer: DeadRegistry | undefined;
const packages: Record<string, string> = {};

async function initPackage(name: string): Promise<string> {
  const dir = join(work, 'packages', name.replace('/', '-'));
  const run = await runCli(['init', dir, '--kind', 'pattern', '--name', name], { env: sandbox().env });
  assertExit(run, 0);
  return dir;
}

before(async () => {
  [a, b] = await Promise.all([startTestRegistry(), startTestRegistry()]);
  deadServer = await startDeadRegistry();
  dead = deadServer.url;
  await Promise.all(
    ['@acme/alpha', '@team/beta', '@team/gamma'].map(async (name) => {
      packages[name] = await initPackage(name);
    }),
  );
});
after(async () => {
  await Promise.all([a?.close(), b?.close(), deadServer?.close()]);
  rmSync(work, { recursive: true, force: true });
});

async function status(registry: TestRegistry, path: string): Promise<number> {
  const response = await registry.request(path);
  await response.arrayBuffer();
  return response.status;
}

describe('which registry', () => {
  it('--registry beats PATTERNHUB_REGISTRY, which beats the config file, which beats the default', async () => {
    const fromConfig = 'http://127.0.0.1:1001';
    const fromEnv = 'http://127.0.0.1:1002';
    const fromFlag = 'http://127.0.0.1:1003';
    // `config get registry` says which registry is in effect, without sending anything.
    const target = async (box: ReturnType<typeof sandbox>, flags: string[] = []) =>
      (await ok<{ value: string }>(box, ['config', 'get', 'registry', ...flags])).value;

    const chosen = await Promise.all([
      target(sandbox()),
      target(sandbox({ registry: fromConfig })),
      target(sandbox({ registry: fromConfig }, { PATTERNHUB_REGISTRY: fromEnv })),
      target(sandbox({ registry: fromConfig }, { PATTERNHUB_REGISTRY: fromEnv }), ['--registry', fromFlag]),
      // A trailing slash is the same registry.
      target(sandbox({ registry: `${fromConfig}/` })),
    ]);
    assert.deepEqual(chosen, ['http://127.0.0.1:4873', fromConfig, fromEnv, fromFlag, fromConfig]);
  });

  it('and the requests really go there, with the token that belongs to it', async () => {
    const box = sandbox({ registry: a.url, tokens: { [a.url]: a.adminToken } });
    const who = await ok<{ registry: string; username: string }>(box, ['whoami']);
    assert.deepEqual([who.registry, who.username], [a.url, 'admin']);

    // The environment points elsewhere (nothing listens there): it wins over the config file…
    assert.equal(await failure(box, ['whoami'], 7, { PATTERNHUB_REGISTRY: dead }), 'NETWORK_ERROR');
    // …and --registry wins over the environment.
    const flagged = await ok<{ registry: string }>(box, ['whoami', '--registry', a.url], {
      PATTERNHUB_REGISTRY: dead,
    });
    assert.equal(flagged.registry, a.url);
    // A token stored for another registry is not sent to this one.
    assert.equal(await failure(box, ['whoami', '--registry', b.url], 6), 'UNAUTHENTICATED');
  });

  it('PATTERNHUB_TOKEN beats the stored token, for the default registry', async () => {
    const carol = await ok<{ token: string }>(sandbox({}, { PATTERNHUB_TOKEN: a.adminToken }), [
      'user',
      'create',
      'carol',
      '--registry',
      a.url,
    ]);
    const box = sandbox({ registry: a.url, tokens: { [a.url]: carol.token } });
    assert.equal((await ok<{ username: string }>(box, ['whoami'])).username, 'carol');
    assert.equal(
      (await ok<{ username: string }>(box, ['whoami'], { PATTERNHUB_TOKEN: a.adminToken })).username,
      'admin',
    );
  });
});

describe('per-scope registries', () => {
  it('sends each scope to its own registry with its own token', async () => {
    const box = sandbox({
      registry: a.url,
      scopes: { '@team': b.url },
      tokens: { [a.url]: a.adminToken, [b.url]: b.adminToken },
    });
    // `org create` follows the scope too: @team is made on B, @acme on A.
    await Promise.all([ok(box, ['org', 'create', 'team']), ok(box, ['org', 'create', 'acme'])]);
    assert.equal(await status(b, '/v1/orgs/team'), 200);
    assert.equal(await status(a, '/v1/orgs/team'), 404);
    assert.equal(await status(a, '/v1/orgs/acme'), 200);
    assert.equal(await status(b, '/v1/orgs/acme'), 404);

    const [team, acme] = await Promise.all([
      ok<{ registry: string }>(box, ['publish', packages['@team/beta']!]),
      ok<{ registry: string }>(box, ['publish', packages['@acme/alpha']!]),
    ]);
    assert.equal(team.registry, b.url);
    assert.equal(acme.registry, a.url);
    assert.equal(await status(b, '/v1/packages/team/beta/0.1.0'), 200);
    assert.equal(await status(a, '/v1/packages/team/beta'), 404);
    assert.equal(await status(a, '/v1/packages/acme/alpha/0.1.0'), 200);
    assert.equal(await status(b, '/v1/packages/acme/alpha'), 404);

    // Reads follow the same map; the default registry does not have @team/beta at all.
    const reads = await Promise.all([
      ok<{ name: string }>(box, ['info', '@team/beta']).then((info) => info.name),
      ok<{ name: string }>(box, ['info', '@acme/alpha']).then((info) => info.name),
      failure(box, ['info', '@team/beta', '--registry', a.url], 4),
    ]);
    assert.deepEqual(reads, ['@team/beta', '@acme/alpha', 'PACKAGE_NOT_FOUND']);

    // PATTERNHUB_TOKEN belongs to the default registry: a scope's registry keeps its own token.
    const gamma = await ok<{ registry: string }>(box, ['publish', packages['@team/gamma']!], {
      PATTERNHUB_TOKEN: 'ph_for_the_default_registry_only_000000',
    });
    assert.equal(gamma.registry, b.url);
    assert.equal(await status(b, '/v1/packages/team/gamma/0.1.0'), 200);
  });

  it('login --scope maps the scope to the registry and stores its token', async () => {
    // The default registry is one nothing answers on.
    const box = sandbox({ registry: dead });
    await ok(box, ['login', '--scope', '@team', '--registry', b.url, '--token', b.adminToken]);
    const config = parse(readFileSync(box.configFile, 'utf8')) as {
      scopes: Record<string, string>;
      tokens: Record<string, string>;
    };
    assert.equal((config as { registry?: string }).registry, dead, 'the default registry is kept');
    assert.deepEqual(config.scopes, { '@team': b.url });
    assert.deepEqual(config.tokens, { [b.url]: b.adminToken });
    assert.equal(statSync(box.configFile).mode & 0o777, 0o600);
    // No --registry from here on: the scope finds its registry, other scopes the default one.
    assert.equal((await ok<{ name: string }>(box, ['info', '@team/beta'])).name, '@team/beta');
    assert.equal(await failure(box, ['info', '@acme/alpha'], 7), 'NETWORK_ERROR');
    assert.equal(await failure(box, ['login', '--scope', 'team', '--token', 'x'], 2), 'USAGE');
  });
});

describe('errors and top-level flags', () => {
  it('a registry that does not answer is a network error (exit 7)', async () => {
    const box = sandbox({ tokens: { [dead]: 'ph_whatever_000000000000000000000' } });
    const codes = await Promise.all(
      [
        ['whoami'],
        ['info', '@acme/alpha'],
        ['publish', packages['@acme/alpha']!],
        ['dist-tag', 'ls', '@acme/alpha'],
      ].map((args) => failure(box, [...args, '--registry', dead], 7)),
    );
    assert.deepEqual(codes, ['NETWORK_ERROR', 'NETWORK_ERROR', 'NETWORK_ERROR', 'NETWORK_ERROR']);
    const human = await cli(box, ['whoami', '--registry', dead]);
    assertExit(human, 7);
    assert.ok(human.stderr.includes('NETWORK_ERROR'), human.stderr);
  });

  it('a bad config file or registry URL is a usage error (exit 2)', async () => {
    const broken = sandbox();
    writeFileSync(broken.configFile, 'registry: [unclosed\n');
    const codes = await Promise.all([
      failure(broken, ['whoami'], 2),
      failure(sandbox({ scopes: { team: a.url } }), ['whoami'], 2), // a scope is spelled @team
      failure(sandbox(), ['whoami', '--registry', 'ftp://example.test'], 2),
      failure(sandbox(), ['whoami'], 2, { PATTERNHUB_REGISTRY: 'not a url' }),
    ]);
    assert.deepEqual(codes, ['CONFIG_INVALID', 'CONFIG_INVALID', 'CONFIG_INVALID', 'CONFIG_INVALID']);
  });

  it('an unknown command or option exits 2', async () => {
    const box = sandbox();
    assert.equal(await failure(box, ['frobnicate'], 2), 'USAGE');
    assert.equal(await failure(box, ['whoami', '--frobnicate'], 2), 'USAGE');
    const human = await cli(box, ['frobnicate']);
    assertExit(human, 2);
    assert.equal(human.stdout, '');
    assert.notEqual(human.stderr, '');
    // No command at all: the help, on a usage error.
    const bare = await cli(box, []);
    assertExit(bare, 2);
    assert.ok(bare.stdout.includes('publish'));
  });

  it('--help lists the commands; a command --help shows its usage', async () => {
    const box = sandbox();
    const help = await cli(box, ['--help']);
    assertExit(help, 0);
    for (const command of [
      'init',
      'validate',
      'pack',
      'publish',
      'login',
      'whoami',
      'info',
      'dist-tag',
      'serve',
    ]) {
      assert.match(help.stdout, new RegExp(`^\\s+${command}\\s`, 'm'), command);
    }
    const publish = await cli(box, ['publish', '--help']);
    assertExit(publish, 0);
    assert.ok(publish.stdout.includes('--dry-run'), publish.stdout);
    assert.ok(publish.stdout.includes('--tag'), publish.stdout);
  });

  it('--version prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-v']) {
      const run = await cli(sandbox(), [flag]);
      assertExit(run, 0);
      assert.equal(run.stdout, `${version}\n`);
    }
  });
});
