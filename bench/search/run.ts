/**
 * Search benchmark: loads a generated corpus of realistic ops packages (10,000 by default), then
 * times a fixed set of queries through the search service (server-side latency: what the route
 * spends, without HTTP) and, with --http, over HTTP under concurrent load.
 *
 *   npx tsx bench/search/run.ts [--packages 10000] [--copies 1] [--seed 42] [--runs 30]
 *                               [--database-url postgres://…] [--keep] [--http [--connections 50] [--seconds 10]]
 *                               [--http-only] [--search-cache-ms N]   (the route's answer cache, search-cache.ts; 0: off)
 *
 * PGlite by default (in memory; the loaded database is cached as a dump in the temporary folder,
 * keyed by size, seed and the search code, as loading 10,000 packages takes minutes); PostgreSQL
 * with --database-url or DATABASE_URL (a scratch database, dropped unless --keep, which also reuses it).
 * Prints median and p95 per query and overall. On PGlite it also prints the CPU time each search
 * took: the machines are shared, and CPU time is what the search costs, whatever else is running.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import postgres from 'postgres';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateDatabase, migrationsFolder, projectRoot } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { createApp } from '../../src/server/app.js';
import { createAnalysisPool } from '../../src/services/analysis-pool.js';
import { createDownloadCounter } from '../../src/services/downloads.js';
import { parseSearchRequest, searchPackages } from '../../src/services/search.js';
import { DEFAULT_SEARCH_CACHE_TTL_MS } from '../../src/services/search-cache.js';
import type { ServiceDeps } from '../../src/services/services.js';
import { prepareSigner } from '../../src/services/signing-keys.js';
import { createPostgresBlobStore } from '../../src/storage/postgres-blob-store.js';
import { generateCorpus } from '../../tests/helpers/corpus.js';
import { loadCorpus } from './load.js';
import { replicateListing } from './replicate.js';

/** The fixed query set: the issue's queries, everyday ops searches, typos, filters, paging. */
export const QUERIES: ReadonlyArray<Record<string, string>> = [
  { q: 'disk full' },
  { q: 'restart service' },
  { q: 'dsik ful' },
  { q: 'restrat servce' },
  { q: 'uses @community/linux.check_disk' },
  { q: 'disk-full-remediation' },
  { q: '@acme/disk-full-remediation' },
  { q: 'nginx' },
  { q: 'linux' },
  { q: 'postgres failover' },
  { q: 'certificate renewal' },
  { q: 'certifcate renewl' },
  { q: 'kubernetes node drain' },
  { q: 'kafka consumer lag' },
  { q: 'high cpu' },
  { q: 'oom killer memory' },
  { q: 'rollback deployment' },
  { q: 'ssh brute force' },
  { q: '"disk space" -docker' },
  { q: 'backup', kind: 'pattern' },
  { q: 'service', scope: 'acme' },
  { keyword: 'disk' },
  { q: 'dns', license: 'MIT' },
  { q: '' },
  { q: 'disk full', page: '3' },
  { q: 'restart service', deprecated: 'include' },
];

const { values: args } = parseArgs({
  options: {
    packages: { type: 'string', default: '10000' },
    copies: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    runs: { type: 'string', default: '30' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
    http: { type: 'boolean', default: false },
    'http-only': { type: 'boolean', default: false },
    connections: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    'search-cache-ms': { type: 'string' },
  },
});
const packages = Number(args.packages);
/** `--copies 10`: the loaded corpus replicated to ten times its size (replicate.ts), for 100,000 packages in seconds. */
const copies = Number(args.copies);
const size = copies > 1 ? `${packages}x${copies}` : String(packages);
const seed = Number(args.seed);
const runs = Number(args.runs);
const databaseUrl = args['database-url'] ?? process.env.DATABASE_URL;

/** Changes to the migrations, the indexing or the corpus invalidate a cached load. */
function codeHash(): string {
  const hash = createHash('sha256');
  const root = projectRoot();
  for (const file of readdirSync(migrationsFolder())
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    hash.update(readFileSync(join(migrationsFolder(), file)));
  }
  for (const file of ['src/services/search-document.ts', 'tests/helpers/corpus.ts', 'bench/search/load.ts']) {
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest('hex').slice(0, 10);
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function load(handle: DatabaseHandle): Promise<void> {
  const corpus = generateCorpus({ packages, seed });
  const started = performance.now();
  const report = await loadCorpus(handle.db, corpus, {
    progress: (done, total) => {
      if (done % 1000 === 0 || done === total) log(`  indexed ${done}/${total}`);
    },
  });
  log(
    `loaded ${report.packages} packages in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
      `(validate ${(report.validateMs / 1000).toFixed(1)} s, insert ${(report.insertMs / 1000).toFixed(1)} s, ` +
      `index ${(report.indexMs / 1000).toFixed(1)} s: ${(report.indexMs / report.packages).toFixed(1)} ms a package)`,
  );
}

function pgliteCache(name: string): string {
  return join(tmpdir(), `patternhub-bench-search-${name}-${seed}-${codeHash()}.tar`);
}

/** A loaded PGlite: from the cached dump when there is one. */
async function openPglite(): Promise<DatabaseHandle> {
  const cache = pgliteCache(size);
  if (existsSync(cache)) {
    log(`PGlite: loading the cached corpus ${cache}`);
    return openDatabase({ loadDataDir: new Blob([readFileSync(cache)]) });
  }
  const base = pgliteCache(String(packages));
  if (copies > 1 && existsSync(base)) {
    log(`PGlite: replicating the cached corpus ${base} ${copies} times (cached afterwards in ${cache})`);
    const handle = await openDatabase({ loadDataDir: new Blob([readFileSync(base)]) });
    const started = performance.now();
    await replicateListing(handle.db, copies);
    log(`replicated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    writeFileSync(cache, Buffer.from(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
    return handle;
  }
  log(`PGlite: generating and loading ${packages} packages (cached afterwards in ${cache})`);
  const handle = await openDatabase({});
  await migrateDatabase(handle);
  await load(handle);
  await replicateListing(handle.db, copies);
  writeFileSync(cache, Buffer.from(await (await handle.pglite!.dumpDataDir('none')).arrayBuffer()));
  return handle;
}

/** A loaded scratch database on the PostgreSQL server of `url`. */
async function openPostgres(url: string): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const name = `ph_bench_search_${size}_${seed}_${codeHash()}`;
  const base = `ph_bench_search_${packages}_${seed}_${codeHash()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [existing] = await admin`select 1 from pg_database where datname = ${name}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  if (existing && !args.keep) await admin.unsafe(`drop database "${name}" with (force)`);
  const reuse = Boolean(existing) && args.keep;
  // A larger listing starts from a kept database of the base size, when there is one.
  const [kept] = copies > 1 ? await admin`select 1 from pg_database where datname = ${base}` : [];
  if (!reuse) await admin.unsafe(`create database "${name}"${kept ? ` template "${base}"` : ''}`);
  const handle = await openDatabase({ url: target.toString(), poolSize: 10 });
  if (reuse) {
    log(`PostgreSQL: reusing ${name}`);
  } else if (kept) {
    log(`PostgreSQL: replicating ${base} ${copies} times into ${name}`);
    const started = performance.now();
    await replicateListing(handle.db, copies);
    log(`replicated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`PostgreSQL: loading ${packages} packages into ${name}`);
    await migrateDatabase(handle);
    await load(handle);
    await replicateListing(handle.db, copies);
  }
  return {
    handle,
    drop: async () => {
      await handle.close();
      if (!args.keep) await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function label(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([key, value]) => (key === 'q' ? JSON.stringify(value) : `${key}=${value}`))
    .join(' ');
}

/** Server-side latency: the search service alone, each query `runs` times after a warm-up. */
async function timeService(handle: DatabaseHandle): Promise<void> {
  const inProcess = handle.driver === 'pglite';
  // A running server is warm: the JIT has compiled the hot paths (PGlite's WebAssembly included) and
  // the pages are in the buffer cache. Two passes over the whole set before any timing.
  const requests = QUERIES.map((query) => parseSearchRequest(query));
  for (let pass = 0; pass < 2; pass++) {
    for (const request of requests) await searchPackages(handle.db, null, request);
  }
  const all: number[] = [];
  const allCpu: number[] = [];
  const rows: string[][] = [];
  for (const query of QUERIES) {
    const request = parseSearchRequest(query);
    let total = 0;
    for (let i = 0; i < 3; i++) total = (await searchPackages(handle.db, null, request)).total;
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await searchPackages(handle.db, null, request);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    wall.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    all.push(...wall);
    allCpu.push(...cpu);
    rows.push([
      label(query),
      String(total),
      percentile(wall, 0.5).toFixed(2),
      percentile(wall, 0.95).toFixed(2),
      ...(inProcess ? [percentile(cpu, 0.5).toFixed(2), percentile(cpu, 0.95).toFixed(2)] : []),
    ]);
  }
  all.sort((a, b) => a - b);
  allCpu.sort((a, b) => a - b);
  rows.push([
    `ALL (${QUERIES.length} queries × ${runs})`,
    '',
    percentile(all, 0.5).toFixed(2),
    percentile(all, 0.95).toFixed(2),
    ...(inProcess ? [percentile(allCpu, 0.5).toFixed(2), percentile(allCpu, 0.95).toFixed(2)] : []),
  ]);
  const headers = ['query', 'total', 'median ms', 'p95 ms', ...(inProcess ? ['cpu median', 'cpu p95'] : [])];
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  console.log(line(headers));
  for (const row of rows) console.log(line(row));
}

interface LoadResult {
  tool: string;
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

function collect(command: string, argv: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
    });
    child.on('error', reject);
    child.on('close', () => resolve(text));
  });
}

async function hasWrk(): Promise<boolean> {
  try {
    return (await collect('wrk', ['--version'])).includes('wrk');
  } catch {
    return false;
  }
}

/** `wrk` (as bench/compare loads), the query set taken in turn by a Lua script; the node client otherwise. */
async function loadWithWrk(base: string, paths: string[]): Promise<LoadResult> {
  const script = join(tmpdir(), `patternhub-bench-search-${process.pid}.lua`);
  writeFileSync(
    script,
    `local paths = {${paths.map((path) => JSON.stringify(path)).join(', ')}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
`,
  );
  const text = await collect('wrk', [
    '-t2',
    `-c${args.connections}`,
    `-d${args.seconds}s`,
    '--latency',
    '-s',
    script,
    base,
  ]);
  const ms = (label: string) => {
    const match = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(text);
    return match ? Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[match[2] as 'us'] : Number.NaN;
  };
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  return {
    tool: 'wrk',
    requests,
    errors: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? 0),
    p50: ms('50'),
    p99: ms('99'),
  };
}

async function loadWithNode(base: string, paths: string[]): Promise<LoadResult> {
  const script = `
    const [base, seconds, connections, paths] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3]), JSON.parse(process.argv[4])];
    const latencies = []; let errors = 0; let next = 0;
    const end = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < end) {
        const path = paths[next++ % paths.length];
        const start = performance.now();
        try { const res = await fetch(base + path); await res.arrayBuffer(); if (!res.ok) errors++; } catch { errors++; }
        latencies.push(performance.now() - start);
      }
    };
    await Promise.all(Array.from({ length: connections }, worker));
    latencies.sort((a, b) => a - b);
    const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)];
    console.log(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) }));`;
  const output = await collect(process.execPath, [
    '--input-type=module',
    '-e',
    script,
    base,
    args.seconds!,
    args.connections!,
    JSON.stringify(paths),
  ]);
  return { tool: 'node fetch', ...JSON.parse(output) };
}

/**
 * Throughput over HTTP: the real app on a port, and a load generator in its own process (so it
 * does not share the server's event loop: wrk when installed, else a node client) keeping `connections`
 * requests in flight for `seconds`, the query set in turn; also the server-side time of each request.
 */
async function timeHttp(handle: DatabaseHandle): Promise<void> {
  const deps: ServiceDeps = {
    db: handle.db,
    blobs: createPostgresBlobStore(handle.db),
    limits: DEFAULT_LIMITS,
    // Search never uses it; a pool starts no worker until a publish or a diff needs one.
    analysis: createAnalysisPool(),
    downloads: createDownloadCounter(handle.db),
    signer: await prepareSigner(handle.db, undefined, new Date()),
    now: () => new Date(),
    singleClient: handle.driver === 'pglite',
    ...(args['search-cache-ms'] === undefined ? {} : { searchCacheMs: Number(args['search-cache-ms']) }),
  };
  const app = createApp(deps, { logError: (error) => console.error(error) });
  const serverTimes: number[] = [];
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    // Server-side time of each request under the load: from the app's entry to its answer.
    const fetch = async (request: Request) => {
      const start = performance.now();
      inFlight++;
      try {
        return await app.fetch(request);
      } finally {
        serverTimes.push(performance.now() - start);
        if (--inFlight === 0) drained?.();
      }
    };
    const instance = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(instance));
  });
  const port = (server.address() as AddressInfo).port;
  const paths = QUERIES.map((query) => `/v1/search?${new URLSearchParams(query)}`);
  const output = (await hasWrk())
    ? await loadWithWrk(`http://127.0.0.1:${port}`, paths)
    : await loadWithNode(`http://127.0.0.1:${port}`, paths);
  // The load stops with requests still running: let them finish before the database closes.
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
  server.close();
  (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
  await deps.downloads.close();
  await deps.analysis.close();
  const result = output;
  serverTimes.sort((a, b) => a - b);
  console.log(
    `HTTP (${result.tool}): ${result.rps.toFixed(0)} req/s over ${args.seconds} s with ${args.connections} connections ` +
      `(${result.requests} requests, ${result.errors} errors, search cache ${deps.searchCacheMs ?? DEFAULT_SEARCH_CACHE_TTL_MS} ms), ` +
      `client-side p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms; server-side p50 ` +
      `${percentile(serverTimes, 0.5).toFixed(2)} ms, p95 ${percentile(serverTimes, 0.95).toFixed(2)} ms, ` +
      `p99 ${percentile(serverTimes, 0.99).toFixed(2)} ms; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

async function main(): Promise<void> {
  const opened = databaseUrl
    ? await openPostgres(databaseUrl)
    : { handle: await openPglite(), drop: undefined };
  const { handle } = opened;
  try {
    console.log(
      `search benchmark: ${packages * copies} packages (seed ${seed}${copies > 1 ? `, ${packages} × ${copies} copies` : ''}) on ${handle.driver === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ` +
        `${runs} runs a query, node ${process.version}, load average ${loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')}`,
    );
    if (!args['http-only']) await timeService(handle);
    if (args.http || args['http-only']) await timeHttp(handle);
  } finally {
    if (opened.drop) await opened.drop();
    else await handle.close();
  }
}

await main();
