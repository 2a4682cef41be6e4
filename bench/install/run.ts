/**
 * Install benchmark: a real registry (PGlite in a temporary data folder), a generated graph of about
 * 50 realistic packages published through the real API, then `patternhub install` timed as the user
 * runs it, one CLI process per run, wall clock from spawn to exit:
 *
 * - cold:   no cache, no lockfile, no installed packages (resolve + download + extract);
 * - frozen: lockfile, empty cache (a CI machine or a teammate's first install);
 * - warm:   cache and lockfile, no installed packages (what pnpm calls an install with a warm store);
 * - no-op:  everything installed already.
 *
 * Usage: npx tsx bench/install/run.ts [--runs N] [--json] [--keep]
 * (`--keep`: after the figures, keep the registry and project for profiling until Ctrl-C.)
 * Build first (`node scripts/build.mjs`): the bench runs bin/patternhub.js, as users do.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import { parseServerConfig } from '../../src/main/config.js';
import { startServer } from '../../src/main/start-server.js';
import { buildGraph, projectManifest, releases } from './graph.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'patternhub.js');

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean' }, keep: { type: 'boolean' } },
});
const RUNS = Math.max(1, Number(flags.runs));
const log = (line: string) => {
  if (!flags.json) process.stderr.write(`${line}\n`);
};

async function api(
  url: string,
  token: string,
  method: string,
  path: string,
  body?: string | Uint8Array<ArrayBuffer>,
  type = 'application/json',
) {
  const response = await fetch(url + path, {
    method,
    body: body ?? null,
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ ms: number; code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - started, code: code ?? 1, stderr }));
  });
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return { median: Math.round(median), min: Math.round(sorted[0]!), max: Math.round(sorted.at(-1)!) };
}

async function main() {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed');
  const work = mkdtempSync(join(tmpdir(), 'patternhub-bench-install-'));
  const adminToken = `ph_bench_${randomBytes(16).toString('hex')}`;
  let started = performance.now();
  const server = await startServer(
    parseServerConfig({
      env: { PORT: '0', PATTERNHUB_ADMIN_TOKEN: adminToken, PATTERNHUB_DATA: join(work, 'data') },
      cwd: work,
    }),
  );
  log(`registry on ${server.url} (PGlite) in ${Math.round(performance.now() - started)} ms`);
  try {
    const { actions, patterns, bundles } = buildGraph();
    started = performance.now();
    const scopes = new Set([...actions, ...patterns, ...bundles].map((pkg) => pkg.scope));
    for (const scope of scopes)
      await api(server.url, adminToken, 'POST', '/v1/orgs', JSON.stringify({ name: scope }));
    let published = 0;
    let tarballBytes = 0;
    for (const [group, count] of [
      [actions, 3],
      [patterns, 2],
      [bundles, 1],
    ] as const) {
      for (const pkg of group) {
        for (const release of releases(pkg, count)) {
          const tarball = packFiles(filesFromRecord(release.files));
          tarballBytes += tarball.byteLength;
          await api(
            server.url,
            adminToken,
            'PUT',
            `/v1/packages/${pkg.scope}/${pkg.shortName}/${release.version}`,
            tarball as Uint8Array<ArrayBuffer>,
            'application/gzip',
          );
          published++;
        }
      }
    }
    const graphSize = actions.length + patterns.length + bundles.length;
    log(
      `published ${published} versions of ${graphSize} packages (${Math.round(tarballBytes / published)} B per tarball) in ${Math.round(performance.now() - started)} ms`,
    );

    const project = join(work, 'project');
    const home = join(work, 'home');
    mkdirSync(project);
    mkdirSync(home);
    const config = join(home, 'config.yaml');
    writeFileSync(config, stringify({ registry: server.url }));
    writeFileSync(join(project, 'patternhub.yaml'), projectManifest(bundles));
    const cache = join(work, 'cache');
    const env = { HOME: home, PATTERNHUB_CONFIG: config, PATTERNHUB_CACHE: cache, NO_COLOR: '1' };
    const clear = (what: { cache?: boolean; lockfile?: boolean; packages?: boolean }) => {
      if (what.cache) rmSync(cache, { recursive: true, force: true });
      if (what.lockfile) rmSync(join(project, 'patternhub.lock'), { force: true });
      if (what.packages) rmSync(join(project, '.patternhub'), { recursive: true, force: true });
    };
    const scenarios = [
      {
        name: 'cold',
        prepare: () => clear({ cache: true, lockfile: true, packages: true }),
        args: ['install'],
      },
      {
        name: 'frozen',
        prepare: () => clear({ cache: true, packages: true }),
        args: ['install', '--frozen-lockfile'],
      },
      { name: 'warm', prepare: () => clear({ packages: true }), args: ['install'] },
      { name: 'no-op', prepare: () => {}, args: ['install'] },
      { name: '--version', prepare: () => {}, args: ['--version'] },
    ];
    // One unmeasured install first: the server's first queries and the OS file cache warm up.
    const first = await runCli(['install', '--json'], project, env);
    if (first.code !== 0) throw new Error(`install failed: ${first.stderr}`);
    const installed = Object.keys(
      (parse(readFileSync(join(project, 'patternhub.lock'), 'utf8')) as { packages: object }).packages,
    ).length;
    log(`the project installs ${installed} packages\n`);
    const results: Record<string, ReturnType<typeof stats>> = {};
    // Interleaved rounds, so a burst of load on this shared machine hits every scenario alike.
    const samples: Record<string, number[]> = Object.fromEntries(scenarios.map((s) => [s.name, []]));
    for (let round = 0; round < RUNS; round++) {
      for (const scenario of scenarios) {
        scenario.prepare();
        const run = await runCli(scenario.args, project, env);
        if (run.code !== 0) throw new Error(`${scenario.name}: exit ${run.code}: ${run.stderr}`);
        samples[scenario.name]!.push(run.ms);
      }
    }
    for (const scenario of scenarios) results[scenario.name] = stats(samples[scenario.name]!);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ packages: installed, runs: RUNS, ms: results }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `patternhub install, ${installed} packages, ${RUNS} runs each (ms, wall clock per CLI process)\n`,
      );
      process.stdout.write(
        `${'scenario'.padEnd(10)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}\n`,
      );
      for (const [name, figure] of Object.entries(results)) {
        process.stdout.write(
          `${name.padEnd(10)} ${String(figure.median).padStart(7)} ${String(figure.min).padStart(7)} ${String(figure.max).padStart(7)}\n`,
        );
      }
    }
    if (flags.keep) {
      process.stderr.write(
        `\nkept: cd ${project} && env ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')} node ${BIN} install\n`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
