/**
 * A warm mirrored metadata read against a local one, side by side in one run: an upstream registry
 * and a team registry mirroring its `@community` scope (both real servers on PGlite), the same
 * package published upstream and locally, then `GET /v1/packages/…` timed on the team registry
 * for each, `--requests` of them with `--connections` in flight. Printed, never asserted.
 *
 *   npx tsx bench/mirror/run.ts [--requests 3000] [--connections 16]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseServerConfig } from '../../src/main/config.js';
import { type RunningServer, startServer } from '../../src/main/start-server.js';
import { buildTarball } from '../../tests/helpers/packages.js';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '3000' }, connections: { type: 'string', default: '16' } },
});
const REQUESTS = Number(values.requests);
const CONNECTIONS = Number(values.connections);
const work = mkdtempSync(join(tmpdir(), 'bench-mirror-'));

async function start(
  name: string,
  env: Record<string, string>,
): Promise<{ server: RunningServer; token: string }> {
  const token = `ph_bench_${randomBytes(16).toString('hex')}`;
  const config = parseServerConfig({
    env: { PORT: '0', PATTERNHUB_ADMIN_TOKEN: token, PATTERNHUB_DATA: join(work, name), ...env },
    cwd: work,
  });
  return { server: await startServer(config), token };
}

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${await res.text()}`);
  return res;
}

async function seed(registry: { server: RunningServer; token: string }, scope: string, name: string) {
  const auth = { authorization: `Bearer ${registry.token}`, 'content-type': 'application/json' };
  await call(`${registry.server.url}/v1/orgs`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ name: scope }),
  });
  for (const version of ['1.0.0', '1.1.0', '1.2.0']) {
    const tarball = buildTarball({ name: `@${scope}/${name}`, version, kind: 'action' });
    await call(`${registry.server.url}/v1/packages/${scope}/${name}/${version}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${registry.token}`, 'content-type': 'application/gzip' },
      body: tarball as Uint8Array<ArrayBuffer>,
    });
  }
}

async function time(url: string): Promise<{ perSecond: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next++ < REQUESTS) {
        const t = performance.now();
        await (await call(url)).arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: REQUESTS / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

console.error('starting two registries (PGlite data folders)…');
const upstream = await start('upstream', {});
const team = await start('team', {
  PATTERNHUB_UPSTREAMS: `@community=${upstream.server.url}`,
  PATTERNHUB_UPSTREAM_TTL: '3600',
});
try {
  await seed(upstream, 'community', 'linux');
  await seed(team, 'acme', 'linux');
  const mirrored = `${team.server.url}/v1/packages/community/linux`;
  const local = `${team.server.url}/v1/packages/acme/linux`;
  console.error('warming…');
  await call(mirrored); // warm: fetched, verified and kept
  for (const url of [local, mirrored]) await time(url); // JIT and connection warm-up
  const results: Array<[string, { perSecond: number; p99: number }]> = [];
  for (let round = 0; round < 2; round++) {
    results.push([`local    (round ${round + 1})`, await time(local)]);
    results.push([`mirrored (round ${round + 1})`, await time(mirrored)]);
  }
  console.log(
    `package metadata GET on one team registry (PGlite), ${REQUESTS} requests, ${CONNECTIONS} in flight`,
  );
  for (const [label, r] of results)
    console.log(`  ${label}  ${r.perSecond.toFixed(0).padStart(6)} req/s  p99 ${r.p99.toFixed(1)} ms`);
  const avg = (prefix: string) => {
    const picked = results.filter(([label]) => label.startsWith(prefix));
    return picked.reduce((sum, [, r]) => sum + r.perSecond, 0) / picked.length;
  };
  console.log(`  mirrored / local: ${(avg('mirrored') / avg('local')).toFixed(2)}`);
} finally {
  await team.server.close();
  await upstream.server.close();
  rmSync(work, { recursive: true, force: true });
}
