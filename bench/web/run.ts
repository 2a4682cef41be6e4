/**
 * Web page benchmark: the server time of each page beside the JSON answer it is built from, as a
 * ratio, and each page's size. In-process (`app.request()` on the real app, real database), so
 * the figures are what the server spends, without the network; rounds interleave page and JSON.
 *
 *   npx tsx bench/web/run.ts [--runs 200] [--json]
 *
 * PGlite in memory by default; PostgreSQL with DATABASE_URL (a scratch database, dropped after).
 * Printed, never asserted: the machines are shared.
 */

import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createApp } from '../../src/server/app.js';
import { startTestRegistry } from '../../tests/helpers/registry.js';
import { publishWebFixtures } from '../../tests/helpers/web-fixtures.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, json: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);

const diff = new URLSearchParams({ from: '@acme/disk-full@1.0.0', to: '@acme/disk-full@1.1.0' });
/** Each page and the JSON route(s) it stands beside. */
const PAIRS: Array<{ page: string; json: string }> = [
  { page: '/packages/@acme/disk-full', json: '/v1/packages/acme/disk-full' },
  { page: '/packages/@acme/disk-full', json: '/v1/packages/acme/disk-full/1.1.0' },
  { page: '/packages/@acme/big-runbook', json: '/v1/packages/acme/big-runbook' },
  { page: '/packages/@community/linux', json: '/v1/packages/community/linux' },
  { page: `/diff?${diff}`, json: `/v1/diff?${diff}` },
  { page: '/search?q=disk', json: '/v1/search?q=disk' },
  { page: '/', json: '/v1/search' },
];

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const registry = await startTestRegistry();
try {
  await publishWebFixtures(registry);
  const app = createApp(registry.server.deps);
  const time = async (path: string): Promise<{ ms: number; bytes: number; gzip: number }> => {
    const started = performance.now();
    const res = await app.request(`http://bench.local${path}`);
    const body = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return { ms, bytes: body.byteLength, gzip: gzipSync(body).byteLength };
  };
  const rows = [];
  for (const pair of PAIRS) {
    // The first page view lays its graphs out; later ones take the layout from the cache.
    const first = await time(pair.page);
    for (let i = 0; i < 20; i++) {
      await time(pair.page);
      await time(pair.json);
    }
    const page: number[] = [];
    const json: number[] = [];
    let sizes = { bytes: 0, gzip: 0, json: 0 };
    for (let i = 0; i < runs; i++) {
      const p = await time(pair.page);
      const j = await time(pair.json);
      page.push(p.ms);
      json.push(j.ms);
      sizes = { bytes: p.bytes, gzip: p.gzip, json: j.bytes };
    }
    page.sort((a, b) => a - b);
    json.sort((a, b) => a - b);
    rows.push({
      page: pair.page,
      json: pair.json,
      firstMs: Number(first.ms.toFixed(2)),
      pageMedianMs: Number(quantile(page, 0.5).toFixed(2)),
      pageP95Ms: Number(quantile(page, 0.95).toFixed(2)),
      jsonMedianMs: Number(quantile(json, 0.5).toFixed(2)),
      ratio: Number((quantile(page, 0.5) / quantile(json, 0.5)).toFixed(2)),
      pageBytes: sizes.bytes,
      pageGzipBytes: sizes.gzip,
      jsonBytes: sizes.json,
    });
  }
  if (values.json) console.log(JSON.stringify({ database: registry.database.driver, runs, rows }, null, 2));
  else {
    console.log(
      `# web pages vs JSON, ${registry.database.driver}, ${runs} interleaved runs each (server time, in-process)`,
    );
    console.table(rows);
  }
} finally {
  await registry.close();
}
