/**
 * Cached reads (package document, version document, tarball) with two servers on one database, each
 * with its own in-process cache: a write through either server is seen through the writing server as
 * soon as it answers, and through the other as soon as that one has heard the change notification
 * (`settle()`: at once on PGlite; on PostgreSQL the commit-to-delivery latency, see
 * src/services/package-heads.ts); no stale document after publish, dist-tag, deprecate, yank,
 * removal. A private package never shows to someone who may not read it even when a member's read
 * filled the cache, a member removed from the org loses sight of it at once on both servers
 * (membership is not cached), and ETags are strong and answer 304 until the package changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../../src/main/start-server.js';
import {
  createOrg,
  createUser,
  expectJson,
  expectProblem,
  json,
  publishOk,
  setMember,
} from '../helpers/packages.js';
import { startSecondServer, startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let a: TestRegistry;
let second: RunningServer;
/** The same requests as `a.request`, against the second server. */
let b: TestRegistry;
let owner: string;
let member: string;
let outsider: string;

type VersionDoc = { version: string; deprecated: string | null; yanked: boolean };
type PackageDoc = {
  versions: Record<string, VersionDoc>;
  distTags: Record<string, string>;
  removed: string[];
};

const both = () =>
  [
    ['first', a],
    ['second', b],
  ] as const;

/** Both servers have heard every change committed so far (the writer had before it answered). */
async function settled() {
  for (const [, server] of both()) await server.server.deps.changes?.settle();
}

async function warm(path: string, token?: string) {
  for (const [, server] of both()) {
    const res = await server.request(path, { token });
    await res.arrayBuffer();
  }
}

before(async () => {
  a = await startTestRegistry();
  b = await startSecondServer(a);
  second = b.server;
  owner = await createUser(a, 'cora');
  member = await createUser(a, 'max');
  outsider = await createUser(a, 'olga');
  await createOrg(a, owner, 'cache');
  await createOrg(a, owner, 'hidden');
  await setMember(a, owner, 'hidden', 'max', 'reader');
  await publishOk(a, { name: '@cache/tool', version: '1.0.0', kind: 'action' }, { token: owner });
});

after(async () => {
  await second?.close();
  await a?.close();
});

describe('two servers, one database: no stale document after a write', () => {
  const metadata = '/v1/packages/cache/tool';

  it('a publish through one server shows through both', async () => {
    await warm(metadata);
    await warm(`${metadata}/latest`);
    await publishOk(a, { name: '@cache/tool', version: '1.1.0', kind: 'action' }, { token: owner });
    await settled();
    for (const [label, server] of both()) {
      const doc = await expectJson<PackageDoc>(await server.request(metadata));
      assert.deepEqual(Object.keys(doc.versions).sort(), ['1.0.0', '1.1.0'], label);
      assert.equal(doc.distTags.latest, '1.1.0', label);
      const latest = await expectJson<VersionDoc>(await server.request(`${metadata}/latest`));
      assert.equal(latest.version, '1.1.0', label);
    }
  });

  it('a dist-tag set through the second server shows through the first', async () => {
    await warm(metadata);
    await warm(`${metadata}/stable`);
    await expectJson(
      await b.request(`${metadata}/dist-tags/stable`, json('PUT', { version: '1.0.0' }, owner)),
    );
    await settled();
    for (const [label, server] of both()) {
      const doc = await expectJson<PackageDoc>(await server.request(metadata));
      assert.equal(doc.distTags.stable, '1.0.0', label);
      const stable = await expectJson<VersionDoc>(await server.request(`${metadata}/stable`));
      assert.equal(stable.version, '1.0.0', label);
    }
  });

  it('a deprecation shows in both servers’ package and version documents', async () => {
    await warm(metadata);
    await warm(`${metadata}/1.0.0`);
    await expectJson(
      await a.request(`${metadata}/deprecate`, json('POST', { range: '1.0.0', message: 'use 1.1' }, owner)),
    );
    await settled();
    for (const [label, server] of both()) {
      const doc = await expectJson<PackageDoc>(await server.request(metadata));
      assert.equal(doc.versions['1.0.0']?.deprecated, 'use 1.1', label);
      const version = await expectJson<VersionDoc>(await server.request(`${metadata}/1.0.0`));
      assert.equal(version.deprecated, 'use 1.1', label);
    }
  });

  it('a yank through the second server shows through the first', async () => {
    await warm(metadata);
    await warm(`${metadata}/1.1.0`);
    const yank = await b.request(`${metadata}/1.1.0/yank`, { method: 'PUT', token: owner });
    assert.ok(yank.ok, `yank: ${yank.status}`);
    await yank.arrayBuffer();
    await settled();
    for (const [label, server] of both()) {
      const doc = await expectJson<PackageDoc>(await server.request(metadata));
      assert.equal(doc.versions['1.1.0']?.yanked, true, label);
      const version = await expectJson<VersionDoc>(await server.request(`${metadata}/1.1.0`));
      assert.equal(version.yanked, true, label);
    }
  });

  it('a removed version is gone from both, tarball included, even when it was cached', async () => {
    await warm(metadata);
    await warm(`${metadata}/1.1.0`);
    await warm(`${metadata}/1.1.0/tarball`);
    const removal = await a.request(`${metadata}/1.1.0`, { method: 'DELETE', token: owner });
    assert.ok(removal.ok, `remove: ${removal.status}`);
    await removal.arrayBuffer();
    await settled();
    for (const [label, server] of both()) {
      const doc = await expectJson<PackageDoc>(await server.request(metadata));
      assert.deepEqual(Object.keys(doc.versions), ['1.0.0'], label);
      assert.deepEqual(doc.removed, ['1.1.0'], label);
      await expectProblem(await server.request(`${metadata}/1.1.0`), 404, 'VERSION_NOT_FOUND');
      await expectProblem(await server.request(`${metadata}/1.1.0/tarball`), 404, 'VERSION_NOT_FOUND');
    }
  });
});

describe('strong ETags', () => {
  it('answer 304 while the package is unchanged, and 200 with a new tag after a write', async () => {
    const path = '/v1/packages/cache/tool';
    for (const suffix of ['', '/1.0.0', '/1.0.0/tarball']) {
      const first = await a.request(path + suffix);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[^"]+"$/, `strong ETag on ${suffix || 'the package'}`);
      for (const [label, server] of both()) {
        const again = await server.request(path + suffix, { headers: { 'if-none-match': etag! } });
        assert.equal(again.status, 304, `${label} ${suffix}`);
      }
    }
    const before = await a.request(path);
    const etag = before.headers.get('etag')!;
    await before.arrayBuffer();
    await publishOk(a, { name: '@cache/tool', version: '1.2.0', kind: 'action' }, { token: owner });
    await settled();
    for (const [label, server] of both()) {
      const after = await server.request(path, { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200, label);
      assert.notEqual(after.headers.get('etag'), etag, label);
      assert.ok(((await after.json()) as PackageDoc).versions['1.2.0'], label);
    }
  });
});

describe('a cached private package stays private', () => {
  const path = '/v1/packages/hidden/secret';

  before(async () => {
    await publishOk(
      a,
      { name: '@hidden/secret', version: '1.0.0', kind: 'action' },
      { token: owner, access: 'private' },
    );
  });

  it('a member’s read fills the caches; nobody else sees the package through either server', async () => {
    for (const suffix of ['', '/1.0.0', '/latest', '/1.0.0/tarball']) {
      for (const [label, server] of both()) {
        const res = await server.request(path + suffix, { token: member });
        assert.equal(res.status, 200, `${label} member ${suffix}`);
        await res.arrayBuffer();
        await expectProblem(await server.request(path + suffix), 404, 'PACKAGE_NOT_FOUND');
        await expectProblem(
          await server.request(path + suffix, { token: outsider }),
          404,
          'PACKAGE_NOT_FOUND',
        );
      }
    }
  });

  it('a member removed from the org loses sight of it at once, on both servers', async () => {
    const removal = await b.request('/v1/orgs/hidden/members/max', { method: 'DELETE', token: owner });
    assert.ok(removal.ok, `remove member: ${removal.status}`);
    await removal.arrayBuffer();
    for (const suffix of ['', '/1.0.0', '/1.0.0/tarball']) {
      for (const [, server] of both()) {
        await expectProblem(await server.request(path + suffix, { token: member }), 404, 'PACKAGE_NOT_FOUND');
      }
    }
  });
});

describe('cached token lookups', () => {
  it('a revoked token fails at once on the server that revoked it', async () => {
    const res = await a.request('/v1/tokens', json('POST', { name: 'short', scopes: ['read'] }, owner));
    const { token, id } = await expectJson<{ token: string; id: string }>(res, 201);
    for (let i = 0; i < 2; i++) await expectJson(await a.request('/v1/whoami', { token }));
    await expectJson(await a.request(`/v1/tokens/${id}`, { method: 'DELETE', token: owner }));
    await expectProblem(await a.request('/v1/whoami', { token }), 401, 'UNAUTHENTICATED');
    await expectProblem(await a.request('/v1/packages/cache/tool', { token }), 401, 'UNAUTHENTICATED');
  });
});
