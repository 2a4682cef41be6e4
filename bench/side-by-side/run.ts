/**
 * `bench/compare`: Patternhub beside Verdaccio and pnpm, in one run, on one corpus.
 *
 * Installs Verdaccio (with the override /work/shared/BENCH.md names) and pnpm into a cached folder
 * under the OS temp dir, starts Verdaccio, a bare hono app (the ceiling) and Patternhub on PGlite and on
 * PostgreSQL as separate processes, publishes the install benchmark's corpus (bench/install/graph.ts)
 * to every registry, then measures each figure against every target back to back (so a burst of load
 * on a shared machine hits them alike) and prints a table of ratios; the figures also go to a JSON file.
 *
 * Usage: bench/compare [--only metadata,version,tarball,search,publish,install,startup,rss]
 *                      [--seconds N] [--connections N] [--db pglite|postgres|both] [--runs N] [--out FILE]
 * PostgreSQL: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a fresh database is
 * created beside it for the run and dropped after.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { stringify } from 'yaml';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import type { CorpusPackage } from '../../tests/helpers/corpus.js';
import { buildGraph, projectManifest, releases } from '../install/graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'patternhub.js');
const FIGURES = ['metadata', 'version', 'tarball', 'search', 'publish', 'install', 'startup', 'rss'] as const;
type Figure = (typeof FIGURES)[number];

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    db: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '2' },
    publishes: { type: 'string', default: '15' },
    out: { type: 'string', default: join(tmpdir(), 'patternhub-bench-compare.json') },
  },
});
const only = new Set<Figure>(
  flags.only ? (flags.only.split(',').map((f) => f.trim()) as Figure[]) : [...FIGURES],
);
for (const figure of only) if (!FIGURES.includes(figure)) throw new Error(`--only: unknown figure ${figure}`);
if (!['pglite', 'postgres', 'both'].includes(flags.db!)) throw new Error('--db is pglite, postgres or both');
const SECONDS = Math.max(1, Number(flags.seconds));
const CONNECTIONS = Math.max(1, Number(flags.connections));
const RUNS = Math.max(1, Number(flags.runs));
const ROUNDS = Math.max(1, Number(flags.rounds));
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------
// Tools: Verdaccio and pnpm, installed once into a folder kept between runs

const TOOLS = join(tmpdir(), 'patternhub-bench-tools');
function ensureTools() {
  const verdaccio = join(TOOLS, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  const pnpm = join(TOOLS, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
  if (!existsSync(verdaccio) || !existsSync(pnpm)) {
    mkdirSync(TOOLS, { recursive: true });
    writeFileSync(
      join(TOOLS, 'package.json'),
      JSON.stringify({
        private: true,
        dependencies: { verdaccio: '^6.8.0', pnpm: '^10.0.0' },
        overrides: { 'node-fetch': '2.7.0' },
      }),
    );
    log(`installing Verdaccio and pnpm into ${TOOLS} (once)…`);
    const run = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: TOOLS, stdio: 'inherit' });
    if (run.status !== 0) throw new Error('npm install of Verdaccio and pnpm failed');
  }
  const version = (pkg: string) =>
    (
      JSON.parse(readFileSync(join(TOOLS, 'node_modules', pkg, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  return { verdaccio, pnpm, versions: { verdaccio: version('verdaccio'), pnpm: version('pnpm') } };
}

// ---------------------------------------------------------------------------------------------
// Processes

const children: ChildProcess[] = [];
function startProcess(
  args: string[],
  env: Record<string, string | undefined>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: 'pipe' });
    children.push(child);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = output.match(ready);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${output.slice(-2000)}`)));
  });
}

function freePort(): Promise<number> {
  return import('node:net').then(
    ({ createServer }) =>
      new Promise((resolve) => {
        const server = createServer().listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      }),
  );
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

// ---------------------------------------------------------------------------------------------
// Load (wrk)

interface Load {
  rps: number;
  p99Ms: number;
  errors: number;
}
function wrk(url: string): Load {
  const run = spawnSync('wrk', ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', url], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`wrk ${url}: ${run.stderr}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(run.stdout)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(run.stdout);
  const p99Ms = p99 ? Number(p99[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[p99[2] as 'us'] : Number.NaN;
  const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(run.stdout)?.[1] ?? 0);
  return { rps: Math.round(rps), p99Ms: Math.round(p99Ms * 10) / 10, errors };
}

// ---------------------------------------------------------------------------------------------
// The corpus, in both formats

interface Release {
  pkg: CorpusPackage;
  version: string;
  files: Record<string, string>;
}
function corpusReleases(): {
  all: Release[];
  scopes: string[];
  bundles: CorpusPackage[];
  probe: CorpusPackage;
} {
  const { corpus, bundles } = buildGraph();
  const all: Release[] = [];
  const ordered = [
    ...corpus.filter((p) => p.kind === 'action'),
    ...corpus.filter((p) => p.kind === 'pattern'),
    ...bundles,
  ];
  for (const pkg of ordered) {
    const count = pkg.kind === 'action' ? 3 : pkg.scope === 'ops' ? 1 : 2;
    for (const release of releases(pkg, count)) all.push({ pkg, ...release });
  }
  const probe = corpus.find((p) => p.kind === 'action')!;
  return { all, scopes: [...new Set(ordered.map((p) => p.scope))], bundles, probe };
}

function npmTarball(release: Release): Uint8Array {
  const files: Record<string, string> = {
    'package/package.json': JSON.stringify({
      name: release.pkg.name,
      version: release.version,
      description: release.pkg.description,
      dependencies: release.pkg.dependencies,
    }),
  };
  for (const [path, text] of Object.entries(release.files)) files[`package/${path}`] = text;
  return packFiles(filesFromRecord(files));
}

function npmDocument(url: string, release: Release, tarball: Uint8Array) {
  const { name } = release.pkg;
  const file = `${name}-${release.version}.tgz`;
  return {
    _id: name,
    name,
    description: release.pkg.description,
    'dist-tags': { latest: release.version },
    versions: {
      [release.version]: {
        name,
        version: release.version,
        description: release.pkg.description,
        dependencies: release.pkg.dependencies,
        _id: `${name}@${release.version}`,
        dist: {
          shasum: createHash('sha1').update(tarball).digest('hex'),
          integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
          tarball: `${url}/${name}/-/${file}`,
        },
      },
    },
    _attachments: {
      [file]: {
        content_type: 'application/octet-stream',
        data: Buffer.from(tarball).toString('base64'),
        length: tarball.byteLength,
      },
    },
  };
}

async function check(response: Response, what: string) {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
}

/** A registry under test: how to publish one release to it and the URLs that load reads. */
interface Target {
  label: string;
  url: string;
  pid: number;
  publish(release: Release): Promise<void>;
  urls(probe: CorpusPackage): { metadata: string; version: string; tarball: string; search: string };
}

async function startVerdaccio(bin: string, work: string): Promise<Target> {
  const port = await freePort();
  const dir = join(work, 'verdaccio');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'config.yaml'),
    stringify({
      storage: join(dir, 'storage'),
      auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1000 } },
      uplinks: {},
      packages: { '**': { access: '$all', publish: '$authenticated' } },
      listen: `127.0.0.1:${port}`,
      max_body_size: '10mb',
      userRateLimit: { windowMs: 1000, max: 10000000 },
      log: { type: 'stdout', format: 'pretty', level: 'error' },
      web: { enable: false },
    }),
  );
  const { child } = await startProcess(
    [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    {},
    /./,
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/-/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (i > 600) throw new Error('Verdaccio did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const login = await fetch(`${url}/-/user/org.couchdb.user:bench`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password: 'bench-password-1' }),
  });
  await check(login, 'Verdaccio login');
  const { token } = (await login.json()) as { token: string };
  return {
    label: 'Verdaccio',
    url,
    pid: child.pid!,
    async publish(release) {
      const tarball = npmTarball(release);
      const put = () =>
        fetch(`${url}/${release.pkg.name.replace('/', '%2f')}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(npmDocument(url, release, tarball)),
        });
      let response: Response;
      try {
        response = await put();
      } catch (error) {
        // Verdaccio closes an idle kept-alive socket (its 5 s keepAliveTimeout) while fetch may be
        // reusing it (a reset, or EPIPE while the body is written): once, the request is sent again;
        // a 409 then means the first one landed.
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code !== 'UND_ERR_SOCKET' && code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
        response = await put();
        if (response.status === 409) return;
      }
      await check(response, `Verdaccio publish ${release.pkg.name}@${release.version}`);
    },
    urls(probe) {
      const latest = releases(probe, 3).at(-1)!.version;
      return {
        metadata: `${url}/${probe.name.replace('/', '%2f')}`,
        version: `${url}/${probe.name.replace('/', '%2f')}/${latest}`,
        tarball: `${url}/${probe.name}/-/${probe.shortName}-${latest}.tgz`,
        search: `${url}/-/v1/search?text=disk&size=20`,
      };
    },
  };
}

async function startPatternhub(
  label: string,
  work: string,
  databaseUrl: string | undefined,
): Promise<Target & { token: string }> {
  const token = `ph_bench_${randomBytes(16).toString('hex')}`;
  const { child, match } = await startProcess(
    [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', join(work, `data-${label}`)],
    {
      PATTERNHUB_ADMIN_TOKEN: token,
      DATABASE_URL: databaseUrl ?? '',
      // Lifted like Verdaccio's userRateLimit: a load test, not a rate-limit test.
      PATTERNHUB_RATE_PUBLISHES: '0',
      PATTERNHUB_RATE_SEARCHES: '0',
    },
    /patternhub registry on (http:\/\/\S+)/,
  );
  const url = match[1]!;
  const call = (method: string, path: string, body: string | Uint8Array, type: string) =>
    fetch(url + path, {
      method,
      body: body as string,
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
    });
  return {
    label,
    url,
    pid: child.pid!,
    token,
    async publish(release) {
      const { scope, shortName } = release.pkg;
      const response = await call(
        'PUT',
        `/v1/packages/${scope}/${shortName}/${release.version}`,
        packFiles(filesFromRecord(release.files)),
        'application/gzip',
      );
      await check(response, `publish ${release.pkg.name}@${release.version}`);
    },
    urls(probe) {
      const latest = releases(probe, 3).at(-1)!.version;
      const base = `${url}/v1/packages/${probe.scope}/${probe.shortName}`;
      return {
        metadata: base,
        version: `${base}/${latest}`,
        tarball: `${base}/${latest}/tarball`,
        search: `${url}/v1/search?q=disk`,
      };
    },
  };
}

async function createOrgs(target: { url: string; token: string }, scopes: string[]) {
  for (const name of scopes) {
    const response = await fetch(`${target.url}/v1/orgs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    await check(response, `create org ${name}`);
  }
}

/**
 * Publishes the corpus `clients` at a time: each client takes the next package and publishes its
 * versions in order (Verdaccio answers 500 to concurrent publishes of one package); action packages
 * first, then the patterns that call them, then the bundles.
 */
async function publishAll(target: Target, all: Release[], clients: number): Promise<number> {
  const started = performance.now();
  const phases = new Map<string, Map<string, Release[]>>();
  for (const release of all) {
    const phase = release.pkg.scope === 'ops' ? 'bundle' : release.pkg.kind;
    if (!phases.has(phase)) phases.set(phase, new Map());
    const byPackage = phases.get(phase)!;
    if (!byPackage.has(release.pkg.name)) byPackage.set(release.pkg.name, []);
    byPackage.get(release.pkg.name)!.push(release);
  }
  for (const byPackage of phases.values()) {
    const queue = [...byPackage.values()];
    await Promise.all(
      Array.from({ length: clients }, async () => {
        for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
          for (const release of pkg) await target.publish(release);
        }
      }),
    );
  }
  return performance.now() - started;
}

// ---------------------------------------------------------------------------------------------
// Install and start-up (one process per run, wall clock)

function timeProcess(command: string, args: string[], cwd: string, env: Record<string, string>): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  return ms;
}
const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
};

// ---------------------------------------------------------------------------------------------

async function main() {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');
  const tools = ensureTools();
  const work = mkdtempSync(join(tmpdir(), 'patternhub-bench-compare-'));
  const baseUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `bench_compare_${randomBytes(4).toString('hex')}`;
  const admin = flags.db === 'pglite' ? undefined : postgres(baseUrl, { max: 1, onnotice: () => {} });
  const results: Record<string, Record<string, unknown>> = {};
  const record = (figure: string, target: string, value: unknown) => {
    results[figure] ??= {};
    results[figure][target] = value;
  };
  try {
    if (admin) await admin.unsafe(`create database ${dbName}`);
    const { all, scopes, bundles, probe } = corpusReleases();
    log(`corpus: ${new Set(all.map((r) => r.pkg.name)).size} packages, ${all.length} versions`);

    const verdaccio = await startVerdaccio(tools.verdaccio, work);
    const ours: Array<Target & { token: string }> = [];
    if (flags.db !== 'postgres') ours.push(await startPatternhub('PGlite', work, undefined));
    if (admin)
      ours.push(await startPatternhub('PostgreSQL', work, baseUrl.replace(/\/[^/]*$/, `/${dbName}`)));
    for (const target of ours) await createOrgs(target, [...scopes, 'bench']);
    // Loading the corpus is not a figure: every registry at once, to save time.
    await Promise.all(
      [verdaccio, ...ours].map(async (target) => {
        const ms = await publishAll(target, all, 4);
        log(`published to ${target.label} in ${Math.round(ms)} ms`);
      }),
    );
    const metadataBytes = (await (await fetch(ours[0]!.urls(probe).metadata)).arrayBuffer()).byteLength;
    const ceilingProcess = await startProcess(
      [join(ROOT, 'bench', 'side-by-side', 'ceiling.mjs')],
      { BODY_BYTES: String(metadataBytes) },
      /ceiling on (http:\/\/\S+)/,
    );
    const ceiling = ceilingProcess.match[1]!;
    const targets = [verdaccio, ...ours];

    // Reads in interleaved rounds, every target back to back within a figure; the ceiling is taken
    // again beside each document figure, as this machine's speed moves from minute to minute.
    const rounds = (figure: string, target: string, load: Load) => {
      const earlier = (results[figure]?.[target] as { rounds?: Load[] } | undefined)?.rounds ?? [];
      const all = [...earlier, load];
      const rps = all.map((round) => round.rps).sort((a, b) => a - b);
      record(figure, target, { ...load, rps: rps[Math.floor((rps.length - 1) / 2)], rounds: all });
    };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const figure of ['metadata', 'version', 'tarball', 'search'] as const) {
        if (!only.has(figure)) continue;
        if (figure === 'metadata' || figure === 'version') {
          const load = wrk(ceiling);
          rounds(`ceiling ${figure}`, 'hono', load);
          log(`round ${round}: ceiling (bare hono, ${metadataBytes} B) beside ${figure}: ${load.rps} req/s`);
        }
        for (const target of targets) {
          const load = wrk(target.urls(probe)[figure]);
          rounds(figure, target.label, load);
          log(
            `round ${round}: ${figure} ${target.label}: ${load.rps} req/s, p99 ${load.p99Ms} ms, errors ${load.errors}`,
          );
        }
      }
    }

    if (only.has('publish')) {
      // 4 clients, each publishing fresh versions of its own package.
      const base = all.find((r) => r.pkg.kind === 'action')!;
      const fresh = (client: number, i: number): Release => {
        const name = `@bench/pub-${client}`;
        const version = `1.0.${i}`;
        const files = { ...base.files };
        files['patternhub.yaml'] = files['patternhub.yaml']!.replace(
          /^name: .*$/m,
          `name: "${name}"`,
        ).replace(/^version: .*$/m, `version: ${version}`);
        return { pkg: { ...base.pkg, name, scope: 'bench', shortName: `pub-${client}` }, version, files };
      };
      const perClient = Math.max(1, Number(flags.publishes));
      for (const target of targets) {
        const started = performance.now();
        await Promise.all(
          Array.from({ length: 4 }, async (_, client) => {
            for (let i = 0; i < perClient; i++) await target.publish(fresh(client, i));
          }),
        );
        const perSecond = Math.round(((4 * perClient) / ((performance.now() - started) / 1000)) * 10) / 10;
        record('publish', target.label, { perSecond });
        log(`publish ${target.label}: ${perSecond} versions/s at 4 clients`);
      }
    }

    if (only.has('install')) {
      const home = join(work, 'home');
      mkdirSync(home, { recursive: true });
      const samples: Record<string, number[]> = {};
      const add = (key: string, ms: number) => {
        samples[key] ??= [];
        samples[key].push(ms);
      };
      // pnpm from Verdaccio
      const pnpmProject = join(work, 'pnpm-project');
      mkdirSync(pnpmProject);
      writeFileSync(
        join(pnpmProject, 'package.json'),
        JSON.stringify({
          name: 'runbooks',
          version: '0.1.0',
          private: true,
          dependencies: Object.fromEntries(bundles.map((b) => [b.name, '^1.0.0'])),
        }),
      );
      const pnpmStore = join(work, 'pnpm-store');
      const pnpmCache = join(work, 'pnpm-cache');
      const pnpmEnv = { HOME: home, npm_config_registry: `${verdaccio.url}/` };
      const pnpmArgs = [
        '--store-dir',
        pnpmStore,
        '--cache-dir',
        pnpmCache,
        '--reporter',
        'silent',
        '--ignore-scripts',
      ];
      const pnpmCold = () => {
        for (const path of [
          pnpmStore,
          pnpmCache,
          join(pnpmProject, 'node_modules'),
          join(pnpmProject, 'pnpm-lock.yaml'),
        ])
          rmSync(path, { recursive: true, force: true });
        return timeProcess(
          process.execPath,
          [tools.pnpm, 'install', '--registry', `${verdaccio.url}/`, '--no-frozen-lockfile', ...pnpmArgs],
          pnpmProject,
          pnpmEnv,
        );
      };
      const pnpmWarm = () => {
        rmSync(join(pnpmProject, 'node_modules'), { recursive: true, force: true });
        return timeProcess(
          process.execPath,
          [tools.pnpm, 'install', '--offline', '--frozen-lockfile', ...pnpmArgs],
          pnpmProject,
          pnpmEnv,
        );
      };
      // patternhub from each of our servers
      const projects = ours.map((target) => {
        const dir = join(work, `project-${target.label}`);
        mkdirSync(dir);
        const config = join(dir, 'config.yaml');
        writeFileSync(config, stringify({ registry: target.url }));
        writeFileSync(join(dir, 'patternhub.yaml'), projectManifest(bundles));
        const cache = join(dir, 'cache');
        const env = { HOME: home, PATTERNHUB_CONFIG: config, PATTERNHUB_CACHE: cache, NO_COLOR: '1' };
        return {
          label: target.label,
          cold: () => {
            for (const path of [cache, join(dir, 'patternhub.lock'), join(dir, '.patternhub')])
              rmSync(path, { recursive: true, force: true });
            return timeProcess(process.execPath, [BIN, 'install'], dir, env);
          },
          warm: () => {
            rmSync(join(dir, '.patternhub'), { recursive: true, force: true });
            return timeProcess(process.execPath, [BIN, 'install'], dir, env);
          },
        };
      });
      // One unmeasured round warms the servers and the OS file cache.
      pnpmCold();
      for (const project of projects) project.cold();
      for (let round = 0; round < RUNS; round++) {
        add('pnpm cold', pnpmCold());
        add('pnpm warm', pnpmWarm());
        for (const project of projects) {
          add(`${project.label} cold`, project.cold());
          add(`${project.label} warm`, project.warm());
        }
      }
      record('install', 'pnpm', {
        coldMs: median(samples['pnpm cold']!),
        warmMs: median(samples['pnpm warm']!),
      });
      for (const project of projects) {
        record('install', project.label, {
          coldMs: median(samples[`${project.label} cold`]!),
          warmMs: median(samples[`${project.label} warm`]!),
        });
      }
      log(`install: ${JSON.stringify(results.install)}`);
    }

    if (only.has('startup')) {
      const node: number[] = [];
      const script: number[] = [];
      const version: number[] = [];
      // The least any command can cost: Node running a one-line CommonJS file (not `-e`).
      const oneLine = join(work, 'one-line.cjs');
      writeFileSync(oneLine, "process.stdout.write('0\\n');\n");
      // 30 interleaved rounds (a process start is ~0.1 s): medians of enough samples to compare.
      for (let round = 0; round < 30; round++) {
        node.push(timeProcess(process.execPath, ['-e', '0'], work, {}));
        script.push(timeProcess(process.execPath, [oneLine], work, {}));
        version.push(timeProcess(process.execPath, [BIN, '--version'], work, { HOME: work }));
      }
      record('startup', 'node -e 0', { ms: median(node) });
      record('startup', 'node one-line.cjs', { ms: median(script) });
      record('startup', 'patternhub --version', { ms: median(version) });
      log(
        `start-up: node -e 0 ${median(node)} ms, a one-line file ${median(script)} ms, patternhub --version ${median(version)} ms`,
      );
    }

    if (only.has('rss')) for (const target of targets) record('rss', target.label, { mb: rssMb(target.pid) });

    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        loadavg: loadavg().map((l) => Math.round(l * 10) / 10),
      },
      tools: tools.versions,
      corpus: { packages: new Set(all.map((r) => r.pkg.name)).size, versions: all.length, metadataBytes },
      load: { tool: 'wrk', threads: 2, connections: CONNECTIONS, seconds: SECONDS },
      results,
    };
    writeFileSync(flags.out!, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      table(
        report.results,
        ours.map((t) => t.label),
      ),
    );
    process.stdout.write(
      `\n${report.date}, ${report.machine.cpus} × ${report.machine.model}, load average ${report.machine.loadavg.join(' ')}; JSON in ${flags.out}\n`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((child) =>
        child.exitCode === null && child.signalCode === null
          ? new Promise((resolve) => child.once('exit', resolve))
          : undefined,
      ),
    );
    if (admin) {
      await admin
        .unsafe(`drop database if exists ${dbName} with (force)`)
        .catch((error: unknown) => log(`could not drop database ${dbName}: ${String(error)}`));
      await admin.end();
    }
    rmSync(work, { recursive: true, force: true });
  }
}

type Results = Record<string, Record<string, unknown>>;
function table(results: Results, labels: string[]): string {
  const get = (figure: string, target: string, key: string) =>
    (results[figure]?.[target] as Record<string, number> | undefined)?.[key];
  const ratio = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || b === 0 ? '' : ` (${(a / b).toFixed(2)}×)`;
  const rows: string[][] = [];
  const roundsOf = (figure: string, target: string) =>
    ((results[figure]?.[target] as { rounds?: Array<{ rps: number }> } | undefined)?.rounds ?? []).map(
      (round) => round.rps,
    );
  /** Ratios taken round by round (each round's figures were taken back to back): low–high. */
  const span = (values: number[], digits: number, unit: string) => {
    if (values.length === 0) return '';
    const [low, high] = [Math.min(...values), Math.max(...values)];
    return low === high
      ? `${low.toFixed(digits)}${unit}`
      : `${low.toFixed(digits)}–${high.toFixed(digits)}${unit}`;
  };
  const perRound = (a: number[], b: number[]) => a.map((value, i) => value / (b[i] ?? Number.NaN));
  for (const figure of ['metadata', 'version', 'tarball', 'search']) {
    if (!results[figure]) continue;
    const theirs = roundsOf(figure, 'Verdaccio');
    const ceiling = roundsOf(`ceiling ${figure}`, 'hono');
    rows.push([
      `${figure}, req/s`,
      span(theirs, 0, ''),
      ...labels.map((label) => {
        const ours = roundsOf(figure, label);
        const share = ceiling.length
          ? `, ${span(
              perRound(ours, ceiling).map((r) => r * 100),
              0,
              ' %',
            )} of ceiling`
          : '';
        return `${span(ours, 0, '')} (${span(perRound(ours, theirs), 1, '×')})${share}`;
      }),
    ]);
  }
  for (const figure of ['metadata', 'version']) {
    const ceiling = roundsOf(`ceiling ${figure}`, 'hono');
    if (ceiling.length)
      rows.push([`bare hono ceiling beside ${figure}, req/s`, '', ...labels.map(() => span(ceiling, 0, ''))]);
  }
  if (results.publish) {
    const theirs = get('publish', 'Verdaccio', 'perSecond');
    rows.push([
      'publish at 4 clients, versions/s',
      String(theirs),
      ...labels.map(
        (label) =>
          `${get('publish', label, 'perSecond')}${ratio(get('publish', label, 'perSecond'), theirs)}`,
      ),
    ]);
  }
  if (results.install) {
    for (const kind of ['cold', 'warm'] as const) {
      const theirs = get('install', 'pnpm', `${kind}Ms`);
      rows.push([
        `install ${kind}, ms (pnpm ← Verdaccio)`,
        String(theirs),
        ...labels.map(
          (label) =>
            `${get('install', label, `${kind}Ms`)}${ratio(get('install', label, `${kind}Ms`), theirs)}`,
        ),
      ]);
    }
  }
  if (results.startup) {
    const node = get('startup', 'node -e 0', 'ms');
    const ours = get('startup', 'patternhub --version', 'ms');
    rows.push([
      'CLI start-up, ms (node -e 0)',
      String(node),
      ...labels.map(() => `${ours}${ratio(ours, node)}`),
    ]);
    const script = get('startup', 'node one-line.cjs', 'ms');
    rows.push([
      'a one-line .cjs file, ms (node -e 0)',
      String(node),
      ...labels.map(() => `${script}${ratio(script, node)}`),
    ]);
  }
  if (results.rss) {
    rows.push([
      'server RSS after load, MB',
      String(get('rss', 'Verdaccio', 'mb')),
      ...labels.map((label) => String(get('rss', label, 'mb'))),
    ]);
  }
  const header = ['figure', 'Verdaccio / pnpm / node', ...labels.map((l) => `Patternhub on ${l}`)];
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

await main();
