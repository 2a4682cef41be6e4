/**
 * Search over a realistic registry: a few hundred generated ops packages (tests/helpers/corpus.ts)
 * published through the real PUT route, then queried over HTTP as people would: rank order for
 * everyday queries, misspellings, "uses" queries, exact names, filters, paging, deprecation,
 * privacy, download counts and bad parameters. Expectations come from the corpus's topics, never
 * from hard-coded result lists. Runs on PGlite and on PostgreSQL (DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { deprecatePath, tarballPath, versionPath } from '../../src/core/api-paths.js';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import type { SearchResponse } from '../../src/core/types.js';
import { COUNT_LIMIT } from '../../src/services/search.js';
import { type CorpusPackage, generateCorpus, PRIVATE_SCOPES } from '../helpers/corpus.js';
import {
  createOrg,
  createUser,
  expectJson,
  expectProblem,
  json,
  rowsOf,
  setMember,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const CORPUS_SIZE = 320;
const corpus = generateCorpus({ packages: CORPUS_SIZE, seed: 20_251_127 });
const byName = new Map(corpus.map((pkg) => [pkg.name, pkg]));
/** What an anonymous caller may find by default: public and not deprecated. */
const listed = corpus.filter((pkg) => pkg.access === 'public' && !pkg.deprecated);

let registry: TestRegistry;
/** A reader in every private scope, and a user in none. */
let member: string;
let stranger: string;

async function search(query: Record<string, string>, token?: string): Promise<SearchResponse> {
  const res = await registry.request(`/v1/search?${new URLSearchParams(query)}`, { token });
  return expectJson<SearchResponse>(res);
}

function topicsOf(answer: SearchResponse, count: number): string[] {
  return answer.results.slice(0, count).map((result) => byName.get(result.name)?.topic ?? '?');
}

function namesOf(answer: SearchResponse): string[] {
  return answer.results.map((result) => result.name);
}

async function publishCorpus(): Promise<void> {
  const started = performance.now();
  // Four publishers at a time, as a CI fleet would; action packages first (patterns depend on them).
  const queue = [...corpus];
  const publishOne = async (pkg: CorpusPackage) => {
    const tarball = packFiles(filesFromRecord(pkg.files));
    const query = pkg.access === 'private' ? '?access=private' : '';
    const res = await registry.request(`${versionPath(pkg.name, pkg.version)}${query}`, {
      method: 'PUT',
      token: registry.adminToken,
      body: tarball as Uint8Array<ArrayBuffer>,
      headers: { 'content-type': 'application/gzip' },
    });
    assert.equal(res.status, 201, `publish ${pkg.name}: ${await res.text()}`);
  };
  const actions = queue.filter((pkg) => pkg.kind === 'action');
  const patterns = queue.filter((pkg) => pkg.kind === 'pattern');
  for (const batch of [actions, patterns]) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batch.length) await publishOne(batch[next++]!);
      }),
    );
  }
  const ms = performance.now() - started;
  console.log(
    `# published ${corpus.length} packages through PUT in ${(ms / 1000).toFixed(1)} s (${(ms / corpus.length).toFixed(1)} ms each)`,
  );
}

before(async () => {
  registry = await startTestRegistry();
  for (const scope of [...new Set(corpus.map((pkg) => pkg.scope))])
    await createOrg(registry, registry.adminToken, scope);
  await publishCorpus();
  for (const pkg of corpus.filter((entry) => entry.deprecated)) {
    const res = await registry.request(
      deprecatePath(pkg.name),
      json('POST', { range: '*', message: pkg.deprecated }, registry.adminToken),
    );
    await expectJson(res);
  }
  // Download history: the corpus's counts stand for months of installs before the test.
  for (const pkg of corpus) {
    await rowsOf(
      registry,
      sql`update packages set downloads = ${pkg.downloads} where full_name = ${pkg.name}`,
    );
  }
  member = await createUser(registry, 'mira');
  stranger = await createUser(registry, 'stan');
  for (const scope of PRIVATE_SCOPES) await setMember(registry, registry.adminToken, scope, 'mira', 'reader');
});

after(async () => {
  await registry?.close();
});

describe('rank order', () => {
  it('"disk full" puts the disk-full remediation patterns first', async () => {
    const answer = await search({ q: 'disk full' });
    assert.deepEqual(topicsOf(answer, 5), Array(5).fill('disk-full'), namesOf(answer).join(', '));
    // Packages that only mention a full backup or a full disk in passing come after every real one.
    const firstOther = answer.results.findIndex((result) => byName.get(result.name)?.topic !== 'disk-full');
    const diskFull = listed.filter((pkg) => pkg.topic === 'disk-full');
    assert.ok(
      firstOther === -1 || firstOther >= Math.min(diskFull.length, answer.results.length) - 2,
      namesOf(answer).join(', '),
    );
  });

  it('"restart service" puts the service-restart patterns first', async () => {
    const answer = await search({ q: 'restart service' });
    assert.deepEqual(topicsOf(answer, 5), Array(5).fill('service-restart'), namesOf(answer).join(', '));
  });

  for (const [query, topic] of [
    ['postgres failover', 'db-failover'],
    ['kubernetes node drain', 'node-maintenance'],
    ['renew certificates', 'cert-expiry'],
    ['kafka consumer lag', 'kafka-lag'],
  ] as const) {
    it(`"${query}" starts with ${topic} patterns`, async () => {
      const answer = await search({ q: query });
      assert.equal(topicsOf(answer, 1)[0], topic, namesOf(answer).join(', '));
    });
  }

  it('ranks by tier, then downloads: scores never increase down the list', async () => {
    const answer = await search({ q: 'linux', perPage: '50' });
    for (let i = 1; i < answer.results.length; i++) {
      assert.ok(
        answer.results[i - 1]!.score >= answer.results[i]!.score,
        `${i}: ${namesOf(answer).join(', ')}`,
      );
    }
  });

  it('an exact name comes first, even with few downloads', async () => {
    // The least downloaded package whose name no other package shares.
    const counts = new Map<string, number>();
    for (const pkg of listed) counts.set(pkg.shortName, (counts.get(pkg.shortName) ?? 0) + 1);
    const target = listed
      .filter((pkg) => counts.get(pkg.shortName) === 1 && pkg.kind === 'pattern')
      .sort((a, b) => a.downloads - b.downloads)[0]!;
    const byShortName = await search({ q: target.shortName });
    assert.equal(byShortName.results[0]?.name, target.name, namesOf(byShortName).join(', '));
    const asWords = await search({ q: target.shortName.replaceAll('-', ' ') });
    assert.equal(asWords.results[0]?.name, target.name, namesOf(asWords).join(', '));
    const byFullName = await search({ q: target.name });
    assert.equal(byFullName.results[0]?.name, target.name, namesOf(byFullName).join(', '));
  });

  it('"nginx" starts with the package named nginx', async () => {
    const answer = await search({ q: 'nginx' });
    assert.equal(answer.results[0]?.name, '@community/nginx');
  });
});

describe('typo tolerance', () => {
  for (const [typo, right] of [
    ['dsik ful', 'disk full'],
    ['restrat servce', 'restart service'],
    ['kuberntes node dran', 'kubernetes node drain'],
    ['postgers failvoer', 'postgres failover'],
  ] as const) {
    it(`"${typo}" finds what "${right}" finds`, async () => {
      const wrong = await search({ q: typo });
      const correct = await search({ q: right });
      assert.ok(correct.results.length > 0);
      assert.deepEqual(namesOf(wrong).slice(0, 10), namesOf(correct).slice(0, 10));
      assert.ok(wrong.query.corrections.length > 0, JSON.stringify(wrong.query));
    });
  }

  it('leaves correctly spelt words alone, including inflections', async () => {
    const answer = await search({ q: 'restarting services' });
    assert.deepEqual(answer.query.corrections, []);
    assert.equal(topicsOf(answer, 1)[0], 'service-restart');
  });

  it('falls back to any word when no package has them all', async () => {
    const answer = await search({ q: 'nginx zookeeper' });
    assert.equal(answer.query.relaxed, true);
    assert.ok(answer.results.length > 0);
    assert.ok(['actions:nginx', 'nginx-5xx'].includes(topicsOf(answer, 1)[0]!), namesOf(answer).join(', '));
  });
});

describe('uses', () => {
  const callers = (action: string) =>
    listed
      .filter((pkg) => pkg.uses.includes(action))
      .map((pkg) => pkg.name)
      .sort();

  for (const query of [
    { q: 'uses @community/linux.check_disk' },
    { q: 'uses:@community/linux.check_disk' },
    { uses: '@community/linux.check_disk' },
  ] as Array<Record<string, string>>) {
    it(`${JSON.stringify(query)} finds exactly the patterns that call the action`, async () => {
      const expected = callers('@community/linux.check_disk');
      assert.ok(expected.length > 3);
      const answer = await search({ ...query, perPage: '100' });
      assert.equal(answer.total, expected.length);
      assert.deepEqual(namesOf(answer).sort(), expected);
      // With nothing else to go on, the most downloaded come first.
      const downloads = answer.results.map((result) => result.downloads);
      assert.deepEqual(
        downloads,
        [...downloads].sort((a, b) => b - a),
      );
    });
  }

  it('combines with words, and a package reference means any of its actions', async () => {
    const answer = await search({ q: 'uses @community/linux.check_disk disk full' });
    assert.ok(
      answer.results.every((result) => byName.get(result.name)!.uses.includes('@community/linux.check_disk')),
    );
    const anyChat = await search({ uses: '@community/chatops', perPage: '100' });
    const expected = listed.filter((pkg) => pkg.uses.some((use) => use.startsWith('@community/chatops.')));
    assert.equal(anyChat.total, Math.min(expected.length, COUNT_LIMIT));
  });
});

describe('filters and paging', () => {
  it('kind, scope, keyword and licence filter, as parameters or inside q', async () => {
    const actions = await search({ q: 'linux', kind: 'action', perPage: '100' });
    assert.ok(actions.results.length > 0 && actions.results.every((result) => result.kind === 'action'));
    const inline = await search({ q: 'linux kind:action', perPage: '100' });
    assert.deepEqual(namesOf(inline), namesOf(actions));

    const acme = await search({ q: 'scope:acme', perPage: '100' });
    assert.equal(acme.total, listed.filter((pkg) => pkg.scope === 'acme').length);
    assert.ok(acme.results.every((result) => result.scope === 'acme'));

    const disk = await search({ keyword: 'disk', perPage: '100' });
    assert.equal(disk.total, listed.filter((pkg) => pkg.keywords.includes('disk')).length);

    const mit = await search({ license: 'mit', perPage: '100' });
    assert.equal(mit.total, listed.filter((pkg) => pkg.license === 'MIT').length);
    assert.ok(mit.results.every((result) => result.license === 'MIT'));
  });

  it('pages without gaps or repeats', async () => {
    const whole = await search({ q: 'linux', perPage: '30' });
    const pages: string[] = [];
    for (const page of ['1', '2', '3'])
      pages.push(...namesOf(await search({ q: 'linux', perPage: '10', page })));
    assert.deepEqual(pages, namesOf(whole));
    assert.equal(new Set(pages).size, pages.length);
    const beyond = await search({ q: 'linux', page: '200', perPage: '5' });
    assert.deepEqual(beyond.results, []);
    assert.equal(beyond.total, whole.total);
  });

  it('results carry what a listing shows', async () => {
    const [result] = (await search({ q: 'nginx' })).results;
    const pkg = byName.get(result!.name)!;
    assert.deepEqual(
      { ...result, publishedAt: undefined, score: undefined },
      {
        name: pkg.name,
        scope: pkg.scope,
        kind: pkg.kind,
        version: pkg.version,
        description: pkg.description,
        keywords: pkg.keywords,
        license: pkg.license,
        downloads: pkg.downloads,
        publishedAt: undefined,
        deprecated: null,
        score: undefined,
      },
    );
    assert.ok(Date.now() - Date.parse(result!.publishedAt) < 3_600_000);
  });
});

describe('deprecation', () => {
  const deprecated = corpus.filter((pkg) => pkg.deprecated && pkg.access === 'public');

  it('leaves deprecated packages out unless asked, and then ranks them last in their tier', async () => {
    assert.ok(deprecated.length > 0, 'the corpus has deprecated packages');
    const target = deprecated[0]!;
    const plain = await search({ q: target.shortName, perPage: '100' });
    assert.ok(!namesOf(plain).includes(target.name));
    const all = await search({ q: target.shortName, deprecated: 'include', perPage: '100' });
    const found = all.results.find((result) => result.name === target.name);
    assert.equal(found?.deprecated, target.deprecated);
    assert.ok(all.total > plain.total);
    const everyDeprecated = await search({
      q: 'scope:' + target.scope,
      deprecated: 'include',
      perPage: '100',
    });
    const flags = everyDeprecated.results.map((result) => result.deprecated !== null);
    assert.deepEqual(
      flags,
      [...flags].sort((a, b) => Number(a) - Number(b)),
      'deprecated ones after the others',
    );
  });
});

describe('privacy', () => {
  const hidden = corpus.filter((pkg) => pkg.access === 'private' && !pkg.deprecated);

  it('private packages appear to members only', async () => {
    assert.ok(hidden.length > 0, 'the corpus has private packages');
    for (const pkg of hidden) {
      for (const [who, token] of [
        ['anonymous', undefined],
        ['a stranger', stranger],
      ] as const) {
        for (const query of [{ q: pkg.shortName }, { q: pkg.name }, { scope: pkg.scope }] as Array<
          Record<string, string>
        >) {
          const answer = await search(query, token);
          assert.ok(
            !namesOf(answer).includes(pkg.name),
            `${who} sees ${pkg.name} with ${JSON.stringify(query)}`,
          );
          assert.ok(
            answer.results.every((result) => !(PRIVATE_SCOPES as readonly string[]).includes(result.scope)),
          );
        }
      }
      const mine = await search({ q: pkg.name }, member);
      assert.equal(mine.results[0]?.name, pkg.name);
      const admin = await search({ scope: pkg.scope, perPage: '100' }, registry.adminToken);
      assert.ok(namesOf(admin).includes(pkg.name));
    }
  });

  it('counts only what the caller may see', async () => {
    const scope = hidden[0]!.scope;
    const anonymous = await search({ scope });
    const mine = await search({ scope, perPage: '100' }, member);
    assert.equal(anonymous.total, 0);
    assert.equal(mine.total, corpus.filter((pkg) => pkg.scope === scope && !pkg.deprecated).length);
  });
});

describe('downloads', () => {
  it('tarball downloads show in search after a flush', async () => {
    const pkg = listed.find((entry) => entry.kind === 'pattern' && entry.topic === 'high-cpu')!;
    const before = (await search({ q: pkg.name })).results[0]!;
    for (let i = 0; i < 3; i++) {
      const res = await registry.request(tarballPath(pkg.name, pkg.version));
      assert.equal(res.status, 200);
      await res.arrayBuffer();
    }
    await registry.server.deps.downloads.flush();
    const afterFlush = (await search({ q: pkg.name })).results[0]!;
    assert.equal(afterFlush.name, pkg.name);
    assert.equal(afterFlush.downloads, before.downloads + 3);
    const perDay = await rowsOf<{ version: string; count: string | number }>(
      registry,
      sql`select d.version, d.count from downloads d join packages p on p.id = d.package_id where p.full_name = ${pkg.name}`,
    );
    assert.deepEqual(
      perDay.map((row) => ({ version: row.version, count: Number(row.count) })),
      [{ version: pkg.version, count: 3 }],
    );
  });
});

describe('bad parameters', () => {
  for (const query of [
    { kind: 'widget' },
    { q: 'kind:widget' },
    { scope: 'Not A Scope' },
    { uses: 'check_disk' },
    { q: 'uses:nothing-like-a-ref' },
    { page: '0' },
    { page: 'two' },
    { perPage: '101' },
    { page: '11', perPage: '100' },
    { deprecated: 'maybe' },
    { q: 'x'.repeat(300) },
  ] as Array<Record<string, string>>) {
    it(`${JSON.stringify(query).slice(0, 60)} → 400 BAD_REQUEST`, async () => {
      await expectProblem(
        await registry.request(`/v1/search?${new URLSearchParams(query)}`),
        400,
        'BAD_REQUEST',
      );
    });
  }

  it('an empty query lists packages by downloads', async () => {
    const answer = await search({});
    // Counting stops at COUNT_LIMIT: past it the total is a lower bound.
    assert.equal(answer.total, Math.min(listed.length, COUNT_LIMIT));
    assert.equal(answer.totalExact, listed.length <= COUNT_LIMIT);
    const top = [...listed].sort((a, b) => b.downloads - a.downloads)[0]!;
    assert.equal(answer.results[0]?.name, top.name);
  });
});
