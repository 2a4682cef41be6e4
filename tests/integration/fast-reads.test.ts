/**
 * The fast read path (src/server/fast-reads.ts): an anonymous hit of a public package's document,
 * version or tarball is answered ahead of hono from the routes' caches. It must give exactly the
 * route's answer (status, body, headers), count a tarball it sends as a download, and leave to the
 * routes everything it cannot vouch for: a token, a private package, `Cache-Control: no-cache`, a
 * query string, a name the routes refuse, and any answer whose package has changed since it was
 * cached. Each case counts the requests the fast path answered, so a case that the routes answered
 * instead fails.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createOrg, createUser, expectJson, expectProblem, json, publishOk } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let owner: string;

const pkg = '/v1/packages/fast/tool';
const hits = () => registry.server.fastReads.hits;
const NO_CACHE = { 'cache-control': 'no-cache' };

/** Headers that differ between any two answers. */
const VARYING = new Set(['date', 'x-request-id']);

/**
 * A GET with exactly these headers: fetch adds `Cache-Control: no-cache` and `Pragma: no-cache` to
 * every conditional request (If-None-Match), which sends it to the routes.
 */
function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(`${registry.url}${path}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const kept = Object.entries(res.headers).filter(([name]) => !VARYING.has(name));
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(kept),
            body: Buffer.concat(chunks).toString('base64'),
          });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** The request answered by the fast path (exactly one hit) and by the routes: the same answer. */
async function sameBothWays(path: string, headers: Record<string, string> = {}) {
  const before = hits();
  const routed = await get(path, { ...headers, ...NO_CACHE });
  assert.equal(hits(), before, `${path}: no-cache went to the routes`);
  const fast = await get(path, headers);
  assert.equal(hits(), before + 1, `${path}: answered by the fast path`);
  assert.deepEqual(fast, routed, path);
  return fast;
}

/** The request went to the routes (the fast path did not answer it). */
async function routed(path: string, init: RequestInit & { token?: string } = {}) {
  const before = hits();
  const res = await registry.request(path, init);
  assert.equal(hits(), before, `${path}: not answered by the fast path`);
  return res;
}

before(async () => {
  // Download counts are flushed when a case asks: a timed flush moves the package's head mid-case.
  registry = await startTestRegistry({ PATTERNHUB_DOWNLOADS_FLUSH_MS: '3600000' });
  owner = await createUser(registry, 'fay');
  await createOrg(registry, owner, 'fast');
  await publishOk(registry, { name: '@fast/tool', version: '1.0.0', kind: 'action' }, { token: owner });
  await publishOk(registry, { name: '@fast/tool', version: '1.1.0', kind: 'action' }, { token: owner });
  await publishOk(
    registry,
    { name: '@fast/secret', version: '1.0.0', kind: 'action' },
    { token: owner, access: 'private' },
  );
});

after(async () => {
  await registry?.close();
});

describe('the fast path answers exactly what the routes answer', () => {
  for (const path of [pkg, `${pkg}/1.0.0`, `${pkg}/latest`, `${pkg}/1.1.0/tarball`]) {
    it(`GET ${path}`, async () => {
      await (await registry.request(path)).arrayBuffer(); // a miss: the route fills the cache
      const answer = await sameBothWays(path);
      assert.equal(answer.status, 200);
      assert.match(String(answer.headers.etag), /^"/);
    });
  }

  it('answers 304 to a matching If-None-Match, as the routes do', async () => {
    for (const path of [pkg, `${pkg}/1.0.0`, `${pkg}/1.0.0/tarball`]) {
      const first = await registry.request(path);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      const answer = await sameBothWays(path, { 'if-none-match': etag });
      assert.equal(answer.status, 304, path);
      assert.equal(answer.body, '', path);
      const other = await sameBothWays(path, { 'if-none-match': '"p0.0.0", "nope"' });
      assert.equal(other.status, 200, path);
    }
  });

  it('takes the scope with its @, written or percent-encoded', async () => {
    for (const path of ['/v1/packages/@fast/tool', '/v1/packages/%40fast/tool']) {
      const before = hits();
      const doc = await expectJson<{ name: string }>(await registry.request(path));
      assert.equal(doc.name, '@fast/tool');
      assert.equal(hits(), before + 1, path);
    }
  });

  it('echoes a well-formed X-Request-Id and replaces any other', async () => {
    const before = hits();
    const echoed = await registry.request(pkg, { headers: { 'x-request-id': 'trace-1.a_b' } });
    assert.equal(echoed.headers.get('x-request-id'), 'trace-1.a_b');
    const replaced = await registry.request(pkg, { headers: { 'x-request-id': 'no spaces <here>' } });
    assert.match(replaced.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    await Promise.all([echoed.arrayBuffer(), replaced.arrayBuffer()]);
    assert.equal(hits(), before + 2);
  });

  it('counts every tarball it sends as a download, and no 304', async () => {
    const tarball = `${pkg}/1.1.0/tarball`;
    await registry.server.deps.downloads.flush();
    const countOf = async () =>
      (await expectJson<{ downloads: number }>(await registry.request(pkg, { headers: NO_CACHE }))).downloads;
    const start = await countOf();
    const first = await registry.request(tarball);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const before = hits();
    for (let i = 0; i < 3; i++) await (await registry.request(tarball)).arrayBuffer();
    assert.equal((await get(tarball, { 'if-none-match': etag })).status, 304);
    assert.equal(hits(), before + 4);
    await registry.server.deps.downloads.flush();
    await registry.server.deps.changes?.settle();
    assert.equal(await countOf(), start + 4, 'the first (routed) download and three sent by the fast path');
  });
});

describe('everything else goes to the routes', () => {
  it('a request with a token', async () => {
    await expectJson(await routed(pkg, { token: owner }));
  });

  it('a private package, whoever filled the cache', async () => {
    const secret = '/v1/packages/fast/secret';
    await expectJson(await registry.request(secret, { token: owner }));
    await expectJson(await registry.request(`${secret}/1.0.0`, { token: owner }));
    await expectProblem(await routed(secret), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(await routed(`${secret}/1.0.0`), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(await routed(`${secret}/1.0.0/tarball`), 404, 'PACKAGE_NOT_FOUND');
  });

  it('a query string, a method other than GET, a name the routes refuse, a path of another route', async () => {
    await expectJson(await routed(`${pkg}?fields=all`));
    const head = await routed(pkg, { method: 'HEAD' });
    assert.equal(head.status, 200);
    await expectProblem(await routed('/v1/packages/FAST/tool'), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(await routed(`${pkg}/`), 404, 'NOT_FOUND');
    const tags = await expectJson<Record<string, string>>(await routed(`${pkg}/dist-tags`));
    assert.equal(tags.latest, '1.1.0');
  });

  it('an answer cached before a write: the next read is the route’s, with the change', async () => {
    await (await registry.request(`${pkg}/stable`)).arrayBuffer();
    await (await registry.request(pkg)).arrayBuffer();
    await expectJson(
      await registry.request(`${pkg}/dist-tags/stable`, json('PUT', { version: '1.0.0' }, owner)),
    );
    const doc = await expectJson<{ distTags: Record<string, string> }>(await routed(pkg));
    assert.equal(doc.distTags.stable, '1.0.0');
    const stable = await expectJson<{ version: string }>(await routed(`${pkg}/stable`));
    assert.equal(stable.version, '1.0.0');
    // Cached again for the new revision: fast from here.
    await sameBothWays(pkg);
  });

  it('a package made private after its answers were cached', async () => {
    await publishOk(registry, { name: '@fast/closing', version: '1.0.0', kind: 'action' }, { token: owner });
    const closing = '/v1/packages/fast/closing';
    for (const path of [closing, `${closing}/1.0.0`, `${closing}/1.0.0/tarball`]) {
      await (await registry.request(path)).arrayBuffer();
      await sameBothWays(path);
    }
    await expectJson(await registry.request(`${closing}/access`, json('PUT', { access: 'private' }, owner)));
    for (const path of [closing, `${closing}/1.0.0`, `${closing}/1.0.0/tarball`]) {
      await expectProblem(await routed(path), 404, 'PACKAGE_NOT_FOUND');
    }
  });
});
