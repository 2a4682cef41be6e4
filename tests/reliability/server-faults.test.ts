/**
 * Reliability under load and faults, with real server processes (the built `patternhub serve`):
 * several servers on one PostgreSQL taking 50 versions of one package at once, a server killed
 * with SIGKILL mid-publish, PostgreSQL stopped (fast and immediate) and restarted under load; and
 * the same storm and kill on embedded PGlite. PostgreSQL here is a private cluster of this file's
 * own (initdb/pg_ctl), so stopping it disturbs no other test; without the server binaries those
 * tests are skipped with the reason. Health latency during the storms is printed, not asserted.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { type Served, serveKit } from '../e2e/cli-serve-process.js';
import { buildTarball, type PackageSpec } from '../helpers/packages.js';
import { type PrivatePostgres, postgresBinaries, startPrivatePostgres } from '../helpers/private-postgres.js';

const ADMIN = `ph_${randomBytes(24).toString('hex')}`;
/** Asks a server to check the database rather than trust its cache (exact read-after-write across servers). */
const FRESH = { 'cache-control': 'no-cache' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | null;
}

async function call(url: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const response = await fetch(url + path, { ...init, headers, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // a tarball or an empty body
  }
  return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
}

/** Publishes; a connection the server dropped (it was killed) counts as not acknowledged. */
async function publish(url: string, spec: PackageSpec): Promise<Answer | 'dropped'> {
  const [scope, name] = spec.name.slice(1).split('/');
  try {
    return await call(url, `/v1/packages/${scope}/${name}/${spec.version}`, {
      method: 'PUT',
      token: ADMIN,
      body: buildTarball(spec) as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/gzip' },
    });
  } catch {
    return 'dropped';
  }
}

function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** Every acknowledged version is listed and its tarball is the bytes that were acknowledged. */
async function assertKept(url: string, name: string, acknowledged: Map<string, string>): Promise<void> {
  const [scope, bare] = name.slice(1).split('/');
  // no-cache: the writes went through other servers too, and this read must not wait for their
  // change notifications (src/services/package-heads.ts) to be exact.
  const doc = await call(url, `/v1/packages/${scope}/${bare}`, { token: ADMIN, headers: FRESH });
  assert.equal(doc.status, 200, JSON.stringify(doc.body));
  const listed = Object.keys(doc.body.versions as Record<string, unknown>);
  for (const version of acknowledged.keys()) {
    assert.ok(listed.includes(version), `${name}@${version} was acknowledged but is gone`);
  }
  // Nothing half-written either: every listed version has its tarball, with its integrity.
  for (const version of listed) {
    const response = await fetch(`${url}/v1/packages/${scope}/${bare}/${version}/tarball`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(response.status, 200, `${name}@${version} is listed without its tarball`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const expected = acknowledged.get(version);
    if (expected) assert.equal(integrityOf(bytes), expected);
  }
}

/** Polls health every 50 ms while `work` runs; returns the slowest answer's milliseconds. */
async function healthDuring<T>(
  urls: string[],
  work: () => Promise<T>,
): Promise<{ result: T; slowestMs: number }> {
  let running = true;
  let slowestMs = 0;
  const failures: string[] = [];
  const pollers = urls.map(async (url) => {
    while (running) {
      const started = performance.now();
      try {
        const answer = await call(url, '/v1/health');
        if (answer.status !== 200) failures.push(`${answer.status} ${JSON.stringify(answer.body)}`);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        failures.push(`${String(error)} (${cause?.code ?? cause?.message ?? 'no cause'})`);
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  try {
    return { result: await work(), slowestMs };
  } finally {
    running = false;
    await Promise.all(pollers);
    assert.deepEqual(failures, [], 'health during the storm');
  }
}

/** 50 versions of one package at once, spread over the servers, with readers running alongside. */
async function storm(urls: string[], name: string): Promise<void> {
  const versions = Array.from({ length: 50 }, (_, i) => `1.0.${i}`);
  let reading = true;
  const [scope, bare] = name.slice(1).split('/');
  const readers = urls.map(async (url) => {
    while (reading) {
      const answer = await call(url, `/v1/packages/${scope}/${bare}`);
      assert.ok([200, 404].includes(answer.status), JSON.stringify(answer.body));
    }
  });
  const { result, slowestMs } = await healthDuring(urls, () =>
    Promise.all(versions.map((version, i) => publish(urls[i % urls.length]!, { name, version }))),
  );
  reading = false;
  await Promise.all(readers);
  for (const [i, answer] of result.entries()) {
    assert.notEqual(answer, 'dropped');
    if (answer !== 'dropped')
      assert.equal(answer.status, 201, `${versions[i]}: ${JSON.stringify(answer.body)}`);
  }
  const doc = await call(urls[0]!, `/v1/packages/${scope}/${bare}`, { headers: FRESH });
  assert.equal(Object.keys(doc.body.versions as object).length, 50);
  assert.equal((doc.body.distTags as Record<string, string>).latest, '1.0.49');
  console.log(
    `# ${name}: 50 versions on ${urls.length} server(s); slowest health answer ${slowestMs.toFixed(0)} ms`,
  );
}

/** Publishes versions one after another until `stop`; returns the acknowledged ones with integrities. */
function publishLoop(urls: string[], name: string, first: number) {
  const acknowledged = new Map<string, string>();
  const statuses: number[] = [];
  let stopped = false;
  let next = first;
  const done = (async () => {
    while (!stopped) {
      const spec = { name, version: `1.${next++}.0` };
      const answer = await publish(urls[next % urls.length]!, spec);
      if (answer === 'dropped') continue;
      statuses.push(answer.status);
      if (answer.status === 201) acknowledged.set(spec.version, answer.body.integrity as string);
    }
  })();
  return {
    acknowledged,
    statuses,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(served: Served): boolean {
  return served.child.exitCode === null && served.child.signalCode === null;
}

const SERVER_ENV = {
  PATTERNHUB_ADMIN_TOKEN: ADMIN,
  PATTERNHUB_RATE_PUBLISHES: '0',
  PATTERNHUB_RATE_SEARCHES: '0',
};

const binaries = postgresBinaries();

describe('several servers on one PostgreSQL', {
  skip: binaries ? false : 'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin',
}, () => {
  const kit = serveKit('reliability-pg');
  let cluster: PrivatePostgres | undefined;
  let servers: Served[] = [];
  let env: Record<string, string> = {};

  before(async () => {
    cluster = await startPrivatePostgres();
    assert.ok(cluster);
    const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
    await admin`create database registry`;
    await admin.end();
    env = kit.userEnv({ ...SERVER_ENV, DATABASE_URL: cluster.urlOf('registry') });
    const args = ['--data', join(kit.work, 'unused')];
    // Started together: they migrate together, one at a time under the advisory lock.
    servers = await Promise.all([kit.serve(args, env), kit.serve(args, env), kit.serve(args, env)]);
    const org = await call(servers[0]!.url, '/v1/orgs', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ name: 'storm' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
  });
  after(async () => {
    for (const served of servers) if (alive(served)) served.child.kill('SIGKILL');
    await Promise.all(servers.map((served) => served.exited));
    await cluster?.destroy();
  });

  it('50 versions of one package at once all land, latest right, health answering', async () => {
    await storm(
      servers.map((served) => served.url),
      '@storm/pager',
    );
  });

  it('a server killed with SIGKILL mid-publish loses nothing it acknowledged', async () => {
    const victim = servers[2]!;
    const loop = publishLoop([victim.url], '@storm/crash', 0);
    await until('a few acknowledged publishes', async () => loop.acknowledged.size >= 3);
    victim.child.kill('SIGKILL');
    await victim.exited;
    await loop.stop();
    await assertKept(servers[0]!.url, '@storm/crash', loop.acknowledged);
    servers = servers.slice(0, 2);
  });

  for (const mode of ['fast', 'immediate'] as const) {
    it(`PostgreSQL stopped (${mode}) under load: servers stay up, answer 503 + Retry-After, recover, lose nothing`, async () => {
      const urls = servers.map((served) => served.url);
      const loop = publishLoop(urls, `@storm/restart-${mode}`, 0);
      await until('publishes flowing', async () => loop.acknowledged.size >= 3);
      await cluster!.stop(mode);
      for (const url of urls) {
        await until(`503 from ${url}`, async () => {
          const answer = await call(url, '/v1/health');
          if (answer.status === 200) return false;
          assert.equal(answer.status, 503, JSON.stringify(answer.body));
          assert.equal(answer.body.code, 'DATABASE_UNAVAILABLE');
          assert.match(answer.retryAfter ?? '', /^\d+$/);
          return true;
        });
      }
      await cluster!.start();
      for (const url of urls) {
        await until(`health back on ${url}`, async () => (await call(url, '/v1/health')).status === 200);
      }
      const before = loop.acknowledged.size;
      await until('publishes flowing again', async () => loop.acknowledged.size >= before + 3);
      await loop.stop();
      for (const served of servers) assert.ok(alive(served), served.output());
      // While the database was away, publishes failed as 503s, never as INTERNAL.
      assert.deepEqual(
        [...new Set(loop.statuses)].filter((status) => status !== 201 && status !== 503),
        [],
        served(servers),
      );
      await assertKept(urls[0]!, `@storm/restart-${mode}`, loop.acknowledged);
    });
  }
});

function served(list: Served[]): string {
  return list.map((one) => one.output()).join('\n---\n');
}

describe('one server on embedded PGlite', () => {
  const kit = serveKit('reliability-pglite');
  const data = join(kit.work, 'data');
  let server: Served;

  before(async () => {
    server = await kit.serve(['--data', data], kit.userEnv(SERVER_ENV));
    const org = await call(server.url, '/v1/orgs', {
      method: 'POST',
      token: ADMIN,
      body: JSON.stringify({ name: 'storm' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(org.status, 201, JSON.stringify(org.body));
  });

  it('50 versions of one package at once all land, latest right, health answering', async () => {
    await storm([server.url], '@storm/pager');
  });

  it('killed with SIGKILL mid-publish, restarted on its data folder, it lost nothing it acknowledged', async () => {
    const loop = publishLoop([server.url], '@storm/crash', 0);
    await until('a few acknowledged publishes', async () => loop.acknowledged.size >= 3);
    server.child.kill('SIGKILL');
    await server.exited;
    await loop.stop();
    server = await kit.serve(['--data', data], kit.userEnv(SERVER_ENV));
    await assertKept(server.url, '@storm/crash', loop.acknowledged);
  });
});
