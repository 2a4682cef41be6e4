/**
 * Query-free cache hits behind the change feed (src/db/change-feed.ts, src/services/package-heads.ts),
 * with real servers on the real database (PGlite, or PostgreSQL with DATABASE_URL):
 * - the feed reports a committed change before the writer answers (PGlite: before the statement
 *   returns; PostgreSQL: the write waits for `settle`), and another server once it has settled;
 * - a cache hit runs no query: a change made with triggers off (so announced to nobody) stays
 *   unseen through the cache and is seen with `Cache-Control: no-cache`;
 * - a head read while a change was reported is not trusted; a lost feed trusts nothing;
 * - private packages never show through the cache, 304 included, and access changes apply;
 * - on PostgreSQL, a listening connection killed from the database side: every read checks the
 *   database until the feed is back, then hits are trusted again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SQL, sql } from 'drizzle-orm';
import type { ChangeFeed, ChangeListener } from '../../src/db/change-feed.js';
import type { RunningServer } from '../../src/main/start-server.js';
import { createPackageHeads } from '../../src/services/package-heads.js';
import {
  createOrg,
  createUser,
  expectJson,
  expectProblem,
  json,
  publishOk,
  rowsOf,
  setMember,
} from '../helpers/packages.js';
import { startSecondServer, startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

let a: TestRegistry;
let second: RunningServer;
let b: TestRegistry;
let owner: string;
let member: string;
let outsider: string;

type PackageDoc = { downloads: number; versions: Record<string, unknown>; description: string };

function feedOf(registry: TestRegistry): ChangeFeed {
  const feed = registry.server.deps.changes;
  assert.ok(feed, 'the server has a change feed');
  return feed;
}

/** Resolves on the feed's next `lost` or `resumed`. */
function next(feed: ChangeFeed, event: 'lost' | 'resumed'): Promise<void> {
  return new Promise((resolve) => {
    const listener: ChangeListener = { changed() {}, lost() {}, resumed() {} };
    listener[event] = () => {
      off();
      resolve();
    };
    const off = feed.subscribe(listener);
  });
}

/** A change the feed never hears of: triggers off for one transaction (no revision, no NOTIFY). */
async function silently(query: SQL): Promise<void> {
  await a.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(query);
  });
}

async function downloadsOf(registry: TestRegistry, path: string, init: RequestInit = {}): Promise<number> {
  return (await expectJson<PackageDoc>(await registry.request(path, init))).downloads;
}

const noCache = { headers: { 'cache-control': 'no-cache' } };

before(async () => {
  // Download counts are flushed by the tests when they need it: a periodic flush is an announced
  // change, and landing between two reads it would make a head the tests expect trusted stale.
  const quietDownloads = { PATTERNHUB_DOWNLOADS_FLUSH_MS: '3600000' };
  a = await startTestRegistry(quietDownloads);
  // Search answers kept for the longest bound, so only the feed can make one stale in a test.
  b = await startSecondServer(a, { PATTERNHUB_SEARCH_CACHE_MS: '60000', ...quietDownloads });
  second = b.server;
  owner = await createUser(a, 'fern');
  member = await createUser(a, 'milo');
  outsider = await createUser(a, 'otto');
  await createOrg(a, owner, 'feed');
  await createOrg(a, owner, 'vault');
  await setMember(a, owner, 'vault', 'milo', 'reader');
  await publishOk(a, { name: '@feed/tool', version: '1.0.0', kind: 'action' }, { token: owner });
});

after(async () => {
  await second?.close();
  await a?.close();
});

describe('the change feed', () => {
  it('is live on both servers', () => {
    assert.equal(feedOf(a).live, true);
    assert.equal(feedOf(b).live, true);
  });

  it('reports a write through one server to it before the write answers, and to the other once settled', async () => {
    const heard: Record<'first' | 'second', string[]> = { first: [], second: [] };
    const offs = (['first', 'second'] as const).map((label) =>
      feedOf(label === 'first' ? a : b).subscribe({
        changed: (fullName) => heard[label].push(fullName),
        lost() {},
      }),
    );
    try {
      await publishOk(a, { name: '@feed/tool', version: '1.1.0', kind: 'action' }, { token: owner });
      assert.ok(heard.first.includes('@feed/tool'), 'the writing server heard it before answering');
      // PGlite hands notifications over before the statement returns: the other server too.
      if (!onPostgres) assert.ok(heard.second.includes('@feed/tool'));
      await feedOf(b).settle();
      assert.ok(heard.second.includes('@feed/tool'), 'the other server heard it once settled');
    } finally {
      for (const off of offs) off();
    }
  });

  it('on PGlite, reports a change before the statement that made it returns', {
    skip: onPostgres ? 'PostgreSQL delivers after commit, asynchronously: settle() waits for it' : false,
  }, async () => {
    const heard: string[] = [];
    const off = feedOf(b).subscribe({ changed: (fullName) => heard.push(fullName), lost() {} });
    try {
      await a.database.db.execute(
        sql`update packages set description = 'told' where full_name = '@feed/tool'`,
      );
      assert.deepEqual(heard, ['@feed/tool']);
      await a.database.db.transaction(async (tx) => {
        await tx.execute(sql`update packages set description = 'told twice' where full_name = '@feed/tool'`);
        assert.deepEqual(heard, ['@feed/tool'], 'not before the commit');
      });
      assert.deepEqual(heard, ['@feed/tool', '@feed/tool']);
    } finally {
      off();
    }
  });

  it('reports download counts written by a flush', async () => {
    const heard: string[] = [];
    const off = feedOf(b).subscribe({ changed: (fullName) => heard.push(fullName), lost() {} });
    try {
      const res = await a.request('/v1/packages/feed/tool/1.0.0/tarball');
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      await a.server.deps.downloads.flush();
      await feedOf(b).settle();
      assert.ok(heard.includes('@feed/tool'));
    } finally {
      off();
    }
  });
});

describe('a cache hit runs no query', () => {
  const path = '/v1/packages/feed/tool';

  it('a change announced to nobody stays unseen through the cache, and is seen with no-cache', async () => {
    for (const server of [a, b]) await downloadsOf(server, path); // fill both
    const before = await downloadsOf(a, path);
    await silently(sql`update packages set downloads = 424242 where full_name = '@feed/tool'`);
    assert.equal(await downloadsOf(a, path), before, 'first server: trusted head, no query');
    assert.equal(await downloadsOf(b, path), before, 'second server: trusted head, no query');
    assert.equal(await downloadsOf(a, path, noCache), 424242);
    assert.equal(await downloadsOf(b, path, { headers: { pragma: 'no-cache' } }), 424242);
  });

  it('an announced write is seen by both (the writer at once, the other once settled)', async () => {
    await expectJson(await a.request(`${path}/dist-tags/beta`, json('PUT', { version: '1.0.0' }, owner)));
    const [row] = await rowsOf<{ downloads: number }>(
      a,
      sql`select downloads::int as downloads from packages where full_name = '@feed/tool'`,
    );
    const writer = await expectJson<PackageDoc & { distTags: Record<string, string> }>(await a.request(path));
    assert.equal(writer.distTags.beta, '1.0.0');
    assert.equal(writer.downloads, Number(row!.downloads));
    await feedOf(b).settle();
    const other = await expectJson<PackageDoc & { distTags: Record<string, string> }>(await b.request(path));
    assert.equal(other.distTags.beta, '1.0.0');
  });

  it('a search answer kept by the other server goes stale once it has heard the write', async () => {
    const search = async () =>
      (
        await expectJson<{ results: Array<{ name: string }> }>(await b.request('/v1/search?q=heardof'))
      ).results.map((result) => result.name);
    assert.deepEqual(await search(), []);
    await publishOk(
      a,
      { name: '@feed/heardof', version: '1.0.0', kind: 'action', description: 'heardof everywhere' },
      { token: owner },
    );
    await feedOf(b).settle();
    assert.deepEqual(await search(), ['@feed/heardof']);
  });

  it('version documents and tarballs hit the same trusted head', async () => {
    const paths = [`${path}/1.0.0`, `${path}/latest`, `${path}/1.0.0/tarball`];
    for (const suffix of paths) {
      const res = await b.request(suffix);
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    // Made private with triggers off: nobody is told, so the cache keeps the public head it trusts.
    await silently(sql`update packages set access = 'private' where full_name = '@feed/tool'`);
    for (const suffix of paths) {
      const res = await b.request(suffix);
      assert.equal(res.status, 200, `trusted ${suffix}`);
      await res.arrayBuffer();
    }
    for (const suffix of paths) {
      await expectProblem(await b.request(suffix, noCache), 404, 'PACKAGE_NOT_FOUND');
    }
    // Back to public through the API: an announced write, heard by both.
    await expectJson(await a.request(`${path}/access`, json('PUT', { access: 'public' }, owner)));
    await feedOf(b).settle();
    for (const suffix of paths) {
      const res = await b.request(suffix);
      assert.equal(res.status, 200, `public again ${suffix}`);
      await res.arrayBuffer();
    }
  });
});

describe('what a head cache trusts', () => {
  // No download count may land while these tests set it by hand.
  before(async () => {
    await a.server.deps.downloads.flush();
    await second.deps.downloads.flush();
  });

  /** A feed the test drives, over the real database: live or not, changes when it says. */
  function drivenFeed() {
    const listeners = new Set<ChangeListener>();
    const feed = {
      live: true,
      epoch: 0,
      subscribe(listener: ChangeListener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      settle: async () => {},
      close: async () => {},
      change(fullName: string) {
        feed.epoch++;
        for (const listener of listeners) listener.changed(fullName, 0);
      },
      lose() {
        feed.live = false;
        feed.epoch++;
        for (const listener of listeners) listener.lost();
      },
    };
    return feed;
  }

  async function setDownloads(value: number) {
    await silently(sql`update packages set downloads = ${value} where full_name = '@feed/tool'`);
  }

  it('a head read while a change was reported is not kept', async () => {
    const feed = drivenFeed();
    const heads = createPackageHeads({ db: a.database.db, changes: feed });
    await setDownloads(1);
    const reading = heads('@feed/tool');
    feed.change('@feed/other'); // while the query runs
    assert.equal((await reading)?.downloads, 1);
    await setDownloads(2);
    assert.equal((await heads('@feed/tool'))?.downloads, 2, 'not kept: read again');
    await setDownloads(3);
    assert.equal((await heads('@feed/tool'))?.downloads, 2, 'kept: trusted');
    feed.change('@feed/tool');
    assert.equal((await heads('@feed/tool'))?.downloads, 3, 'dropped on its change');
  });

  it('a lost feed drops everything and trusts nothing until it is live again', async () => {
    const feed = drivenFeed();
    const heads = createPackageHeads({ db: a.database.db, changes: feed });
    await setDownloads(10);
    assert.equal((await heads('@feed/tool'))?.downloads, 10);
    await setDownloads(11);
    assert.equal((await heads('@feed/tool'))?.downloads, 10, 'trusted');
    feed.lose();
    assert.equal((await heads('@feed/tool'))?.downloads, 11, 'lost: read');
    await setDownloads(12);
    assert.equal((await heads('@feed/tool'))?.downloads, 12, 'lost: every request reads');
    feed.live = true;
    feed.epoch++;
    assert.equal((await heads('@feed/tool'))?.downloads, 12);
    await setDownloads(13);
    assert.equal((await heads('@feed/tool'))?.downloads, 12, 'live again: trusted');
    assert.equal((await heads('@feed/tool', true))?.downloads, 13, 'fresh: read');
  });

  it('a missing package is never kept', async () => {
    const heads = createPackageHeads({ db: a.database.db, changes: drivenFeed() });
    assert.equal(await heads('@feed/not-yet'), undefined);
    await publishOk(a, { name: '@feed/not-yet', version: '1.0.0', kind: 'action' }, { token: owner });
    assert.equal((await heads('@feed/not-yet'))?.fullName, '@feed/not-yet');
  });
});

describe('private packages through the cache', () => {
  const path = '/v1/packages/vault/secret';

  before(async () => {
    await publishOk(
      a,
      { name: '@vault/secret', version: '1.0.0', kind: 'action' },
      { token: owner, access: 'private' },
    );
  });

  it('a member’s reads fill the caches; nobody else gets a body or a 304, through either server', async () => {
    for (const suffix of ['', '/1.0.0', '/latest', '/1.0.0/tarball']) {
      for (const server of [a, b]) {
        const res = await server.request(path + suffix, { token: member });
        assert.equal(res.status, 200, suffix);
        const etag = res.headers.get('etag')!;
        assert.match(res.headers.get('cache-control') ?? '', /^private/);
        await res.arrayBuffer();
        const again = await server.request(path + suffix, {
          token: member,
          headers: { 'if-none-match': etag },
        });
        assert.equal(again.status, 304, `member 304 ${suffix}`);
        for (const token of [undefined, outsider]) {
          await expectProblem(await server.request(path + suffix, { token }), 404, 'PACKAGE_NOT_FOUND');
          await expectProblem(
            await server.request(path + suffix, { token, headers: { 'if-none-match': etag } }),
            404,
            'PACKAGE_NOT_FOUND',
          );
        }
      }
    }
  });

  it('made public, it shows to everyone; made private again, it is hidden again', async () => {
    const setAccess = async (server: TestRegistry, access: string) =>
      expectJson(await server.request(`${path}/access`, json('PUT', { access }, owner)));
    await setAccess(a, 'public');
    await feedOf(b).settle();
    for (const server of [a, b]) {
      const res = await server.request(path);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('cache-control') ?? '', /^public/);
      await res.arrayBuffer();
    }
    await setAccess(b, 'private');
    await feedOf(a).settle();
    for (const server of [a, b]) {
      for (const suffix of ['', '/1.0.0', '/1.0.0/tarball']) {
        await expectProblem(await server.request(path + suffix), 404, 'PACKAGE_NOT_FOUND');
      }
    }
  });
});

describe('ETags through the trusted cache', () => {
  it('304 while unchanged; after a write through the other server, 200 and a new tag', async () => {
    const path = '/v1/packages/feed/tool';
    const first = await b.request(path);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    assert.equal((await b.request(path, { headers: { 'if-none-match': etag } })).status, 304);
    await expectJson(
      await a.request(`${path}/deprecate`, json('POST', { range: '1.0.0', message: 'old' }, owner)),
    );
    await feedOf(b).settle();
    const after = await b.request(path, { headers: { 'if-none-match': etag } });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get('etag'), etag);
    await after.arrayBuffer();
  });
});

describe('the listening connection lost (PostgreSQL)', {
  skip: onPostgres ? false : 'PGlite: one process owns the database and its feed cannot be lost',
}, () => {
  const path = '/v1/packages/feed/tool';

  /**
   * Both servers listening again: a feed still reconnecting after an earlier test's kill has no
   * connection to end, and would never report the loss a test then waits for.
   */
  async function bothLive(): Promise<void> {
    for (const feed of [feedOf(a), feedOf(b)]) if (!feed.live) await next(feed, 'resumed');
  }

  async function killListeners(): Promise<void> {
    await rowsOf(
      a,
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'patternhub-changes' and datname = current_database()`,
    );
  }

  it('every read checks the database until the feed is back, then hits are trusted again', async () => {
    await bothLive();
    await downloadsOf(b, path);
    await silently(sql`update packages set downloads = 5000 where full_name = '@feed/tool'`);
    assert.notEqual(await downloadsOf(b, path), 5000, 'trusted before the loss');
    const lost = next(feedOf(b), 'lost');
    const resumed = next(feedOf(b), 'resumed');
    await killListeners();
    await lost;
    // Whether or not the feed is back yet, nothing trusted before the loss survives it.
    assert.equal(await downloadsOf(b, path), 5000);
    // A write through the other server is seen here, notified or not.
    await expectJson(await a.request(`${path}/dist-tags/gamma`, json('PUT', { version: '1.1.0' }, owner)));
    const doc = await expectJson<{ distTags: Record<string, string> }>(await b.request(path));
    assert.equal(doc.distTags.gamma, '1.1.0');
    await resumed;
    assert.equal(feedOf(b).live, true);
    await downloadsOf(b, path);
    await silently(sql`update packages set downloads = 6000 where full_name = '@feed/tool'`);
    assert.notEqual(await downloadsOf(b, path), 6000, 'trusted again once back');
    assert.equal(await downloadsOf(b, path, noCache), 6000);
  });

  it('settle answers while the feed is down (nothing is trusted then)', async () => {
    await bothLive();
    const lost = next(feedOf(a), 'lost');
    const resumed = next(feedOf(a), 'resumed');
    await killListeners();
    await lost;
    await feedOf(a).settle();
    await resumed;
    await feedOf(a).settle();
    // A write answered while the feed was being lost and found still shows to its writer.
    await expectJson(await a.request(`${path}/dist-tags/delta`, json('PUT', { version: '1.1.0' }, owner)));
    const doc = await expectJson<{ distTags: Record<string, string> }>(await a.request(path));
    assert.equal(doc.distTags.delta, '1.1.0');
  });
});
