/**
 * Memory benchmark: the resident memory of `patternhub serve` after the compare benchmark's corpus
 * is published and read (Linux: it reads /proc).
 *
 *   npm run build && npx tsx bench/memory/run.ts [--reads 3] [--clients 16] [--postgres URL]
 *   PATTERNHUB_PGLITE_SETTINGS=shared_buffers=128MB npx tsx bench/memory/run.ts   # any server setting
 *   npx tsx bench/memory/run.ts --data DIR    # a data folder made before (`patternhub migrate --data DIR`)
 *   npx tsx bench/memory/run.ts --idle 60     # and once more after a minute without requests
 *
 * It starts the built server on a fresh PGlite data folder (or the PostgreSQL database named), creates
 * the organisations, publishes the 275 versions of bench/install/graph.ts 4 at a time (as
 * bench/compare does), then reads every package document, every version and every tarball `--reads`
 * times from `--clients` concurrent clients, plus searches; and prints the server's RSS and peak RSS
 * (VmRSS, VmHWM) after each phase.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/pack.js';
import { buildGraph, releases } from '../install/graph.js';

const { values: flags } = parseArgs({
  options: {
    reads: { type: 'string', default: '3' },
    clients: { type: 'string', default: '16' },
    postgres: { type: 'string' },
    data: { type: 'string' },
    idle: { type: 'string', default: '0' },
  },
});
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'patternhub.js');

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

async function start(work: string): Promise<{ child: ChildProcess; url: string; token: string }> {
  const token = `ph_bench_${randomBytes(16).toString('hex')}`;
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', flags.data ?? join(work, 'data')],
    {
      env: {
        ...process.env,
        PATTERNHUB_ADMIN_TOKEN: token,
        DATABASE_URL: flags.postgres ?? '',
        PATTERNHUB_RATE_PUBLISHES: '0',
        PATTERNHUB_RATE_SEARCHES: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /patternhub registry on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
  });
  return { child, url, token };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'patternhub-bench-memory-'));
  const { child, url, token } = await start(work);
  const pid = child.pid!;
  const report = (phase: string) => {
    const { rssMb, peakMb } = memoryOf(pid);
    process.stdout.write(`${phase.padEnd(10)} RSS ${rssMb} MB (peak ${peakMb} MB)\n`);
  };
  try {
    report('started');
    const call = async (method: string, path: string, body?: Uint8Array | string, type?: string) => {
      const response = await fetch(url + path, {
        method,
        body: body as string | undefined,
        headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) },
      });
      const bytes = await response.arrayBuffer();
      if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status}`);
      return bytes;
    };
    const { corpus, bundles } = buildGraph();
    const all = [
      ...corpus.filter((p) => p.kind === 'action'),
      ...corpus.filter((p) => p.kind === 'pattern'),
      ...bundles,
    ];
    for (const scope of new Set(all.map((p) => p.scope)))
      await call('POST', '/v1/orgs', JSON.stringify({ name: scope }), 'application/json');
    const published: string[] = [];
    // Phase by phase (actions, patterns, bundles), 4 packages at a time, versions in order.
    for (const phase of ['action', 'pattern', 'bundle']) {
      const queue = all.filter((p) => (p.scope === 'ops' ? 'bundle' : p.kind) === phase);
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          for (let pkg = queue.shift(); pkg; pkg = queue.shift()) {
            const count = pkg.kind === 'action' ? 3 : pkg.scope === 'ops' ? 1 : 2;
            for (const release of releases(pkg, count)) {
              const path = `/v1/packages/${pkg.scope}/${pkg.shortName}/${release.version}`;
              await call('PUT', path, packFiles(filesFromRecord(release.files)), 'application/gzip');
              published.push(path);
            }
          }
        }),
      );
    }
    report('published');
    const paths = [
      ...all.map((p) => `/v1/packages/${p.scope}/${p.shortName}`),
      ...published,
      ...published.map((p) => `${p}/tarball`),
      ...['disk', 'restart', 'linux', 'alert', 'backup'].map((q) => `/v1/search?q=${q}`),
    ];
    for (let round = 0; round < Number(flags.reads); round++) {
      const queue = [...paths];
      await Promise.all(
        Array.from({ length: Number(flags.clients) }, async () => {
          for (let path = queue.shift(); path; path = queue.shift()) await call('GET', path);
        }),
      );
    }
    report('read');
    if (Number(flags.idle) > 0) {
      // V8 gives back heap it no longer needs once the process is idle for a while.
      await new Promise((resolve) => setTimeout(resolve, Number(flags.idle) * 1000));
      report(`idle ${flags.idle} s`);
    }
    process.stdout.write(
      `${published.length} versions published, ${paths.length} paths read ${flags.reads}×; load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
