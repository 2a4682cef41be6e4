/**
 * Search answers served from memory (src/services/search-cache.ts): every write this server answers
 * shows in the next search, private packages never reach an answer kept for anyone, a change made past
 * this server is served stale only within the configured bound, and the cache can be turned off.
 * Runs on PGlite and on PostgreSQL (DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { accessPath, deprecatePath, tarballPath } from '../../src/core/api-paths.js';
import { isRegistryError } from '../../src/core/errors.js';
import type { SearchResponse } from '../../src/core/types.js';
import { parseServerConfig } from '../../src/main/config.js';
import {
  createOrg,
  createToken,
  createUser,
  expectJson,
  json,
  publishOk,
  rowsOf,
  setMember,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

/** A word no other package uses, so each answer holds exactly the packages a test publishes. */
const WORD = 'zebraquokka';

let registry: TestRegistry;
let member: string;
let stranger: string;

async function search(target: TestRegistry, query: Record<string, string>, token?: string) {
  const res = await target.request(`/v1/search?${new URLSearchParams(query)}`, { token });
  return expectJson<SearchResponse>(res);
}

function names(answer: SearchResponse): string[] {
  return answer.results.map((result) => result.name).sort();
}

before(async () => {
  // A bound far longer than the test: whatever is not refreshed by a write would visibly stay stale.
  registry = await startTestRegistry({ PATTERNHUB_SEARCH_CACHE_MS: '60000' });
  await createOrg(registry, registry.adminToken, 'zoo');
  member = await createUser(registry, 'zara');
  stranger = await createUser(registry, 'zeke');
  await setMember(registry, registry.adminToken, 'zoo', 'zara', 'reader');
});

after(async () => {
  await registry?.close();
});

describe('a write answered by this server shows in the next search', () => {
  it('a publish', async () => {
    assert.equal((await search(registry, { q: WORD })).total, 0);
    await publishOk(
      registry,
      { name: '@zoo/zebra-runbook', version: '1.0.0', description: `Handles the ${WORD} outage.` },
      { token: registry.adminToken },
    );
    assert.deepEqual(names(await search(registry, { q: WORD })), ['@zoo/zebra-runbook']);
  });

  it('a new version, with its new description', async () => {
    const before = await search(registry, { q: 'okapi' });
    assert.equal(before.total, 0);
    await publishOk(
      registry,
      { name: '@zoo/zebra-runbook', version: '1.1.0', description: `Handles the ${WORD} okapi outage.` },
      { token: registry.adminToken },
    );
    const after = await search(registry, { q: 'okapi' });
    assert.deepEqual(names(after), ['@zoo/zebra-runbook']);
    assert.equal(after.results[0]!.version, '1.1.0');
  });

  it('a deprecation, and its undoing', async () => {
    await publishOk(
      registry,
      { name: '@zoo/zebra-old', version: '1.0.0', description: `The old ${WORD} fix.` },
      { token: registry.adminToken },
    );
    assert.deepEqual(names(await search(registry, { q: WORD })), ['@zoo/zebra-old', '@zoo/zebra-runbook']);
    await expectJson(
      await registry.request(
        deprecatePath('@zoo/zebra-old'),
        json('POST', { range: '*', message: 'use zebra-runbook' }, registry.adminToken),
      ),
    );
    assert.deepEqual(names(await search(registry, { q: WORD })), ['@zoo/zebra-runbook']);
    assert.deepEqual(names(await search(registry, { q: WORD, deprecated: 'include' })), [
      '@zoo/zebra-old',
      '@zoo/zebra-runbook',
    ]);
  });

  it('downloads, once the counter flushes', async () => {
    const before = (await search(registry, { q: 'okapi' })).results[0]!;
    const res = await registry.request(tarballPath('@zoo/zebra-runbook', '1.1.0'));
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    await registry.server.deps.downloads.flush();
    assert.equal((await search(registry, { q: 'okapi' })).results[0]!.downloads, before.downloads + 1);
  });
});

describe('private packages', () => {
  before(async () => {
    await publishOk(
      registry,
      { name: '@zoo/zebra-secret', version: '1.0.0', description: `The private ${WORD} playbook.` },
      { token: registry.adminToken, access: 'private' },
    );
  });

  it('never reach an anonymous answer, before or after a member searched', async () => {
    const anonymous = names(await search(registry, { q: WORD }));
    assert.ok(!anonymous.includes('@zoo/zebra-secret'));
    assert.ok(names(await search(registry, { q: WORD }, member)).includes('@zoo/zebra-secret'));
    assert.deepEqual(names(await search(registry, { q: WORD })), anonymous);
    assert.deepEqual(names(await search(registry, { q: WORD }, stranger)), anonymous);
  });

  it('a member sees them even when the public answer to the same query is kept', async () => {
    const query = { q: `${WORD} playbook` };
    const anonymous = names(await search(registry, query));
    assert.ok(!anonymous.includes('@zoo/zebra-secret'));
    assert.deepEqual(names(await search(registry, query)), anonymous);
    assert.deepEqual(names(await search(registry, query, member)), ['@zoo/zebra-secret']);
  });

  it("a member's token restricted to another package does not show them", async () => {
    const restricted = await createToken(registry, member, {
      scopes: ['read'],
      restriction: '@zoo/zebra-runbook',
    });
    assert.ok(!names(await search(registry, { q: WORD }, restricted.token)).includes('@zoo/zebra-secret'));
  });

  it('turning a package private takes it out of the kept public answer at once', async () => {
    assert.ok(names(await search(registry, { q: WORD })).includes('@zoo/zebra-runbook'));
    await expectJson(
      await registry.request(
        accessPath('@zoo/zebra-runbook'),
        json('PUT', { access: 'private' }, registry.adminToken),
      ),
    );
    assert.ok(!names(await search(registry, { q: WORD })).includes('@zoo/zebra-runbook'));
    assert.ok(names(await search(registry, { q: WORD }, member)).includes('@zoo/zebra-runbook'));
  });
});

describe('a change made past this server', () => {
  const query = { q: 'okapi', deprecated: 'include' };

  it('announced by the database (as a write through another server is), shows once heard', async () => {
    assert.deepEqual(names(await search(registry, query)), []);
    await rowsOf(registry, sql`update packages set access = 'public' where full_name = '@zoo/zebra-runbook'`);
    await registry.server.deps.changes?.settle();
    assert.deepEqual(names(await search(registry, query)), ['@zoo/zebra-runbook']);
  });

  it('announced to nobody, is served stale within the bound, and shows after the next write through this server', async () => {
    const kept = await search(registry, query);
    // Triggers off for one transaction: no revision moves, no notification goes out.
    await registry.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update packages set access = 'private' where full_name = '@zoo/zebra-runbook'`);
    });
    assert.deepEqual(await search(registry, query), kept);
    await createUser(registry, 'zoe');
    assert.deepEqual(names(await search(registry, query)), []);
  });

  it('shows at once with the cache turned off', async () => {
    const uncached = await startTestRegistry({ PATTERNHUB_SEARCH_CACHE_MS: '0' });
    try {
      await createOrg(uncached, uncached.adminToken, 'zoo');
      await publishOk(
        uncached,
        { name: '@zoo/zebra-live', version: '1.0.0', description: `The live ${WORD} fix.` },
        { token: uncached.adminToken },
      );
      assert.equal((await search(uncached, { q: WORD })).total, 1);
      await rowsOf(uncached, sql`update packages set access = 'private' where full_name = '@zoo/zebra-live'`);
      assert.equal((await search(uncached, { q: WORD })).total, 0);
    } finally {
      await uncached.close();
    }
  });
});

describe('PATTERNHUB_SEARCH_CACHE_MS', () => {
  it('takes 0 to 60000 ms; anything else is a configuration error', () => {
    assert.equal(parseServerConfig({ env: {}, cwd: '/' }).searchCacheMs, 2000);
    assert.equal(parseServerConfig({ env: { PATTERNHUB_SEARCH_CACHE_MS: '0' }, cwd: '/' }).searchCacheMs, 0);
    for (const value of ['-1', '60001', 'soon']) {
      assert.throws(
        () => parseServerConfig({ env: { PATTERNHUB_SEARCH_CACHE_MS: value }, cwd: '/' }),
        (error) => isRegistryError(error, 'CONFIG_INVALID'),
      );
    }
  });
});
