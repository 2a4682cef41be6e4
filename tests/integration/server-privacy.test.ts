/**
 * A private package never leaks: to anyone who may not read it, every route (metadata, version,
 * tarball, files, dist-tags, diff, search, changes, dependency resolution, removal errors) answers
 * exactly as it would for a package that does not exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createToken,
  expectJson,
  expectProblem,
  json,
  type Problem,
  publish,
  publishOk,
} from '../helpers/packages.js';
import type { TestRegistry } from '../helpers/registry.js';
import { setUpRegistry } from '../helpers/setup.js';

const MARKER = 'zanzibarquux';
let registry: TestRegistry;
let owner: string;
let reader: string;
let otto: string;
let integrity: string;
/** Who must not see @vault/secret, by label; undefined is anonymous. */
const outsiders: Array<[string, string | undefined]> = [];

before(async () => {
  let tokens: Record<string, string>;
  ({ registry, tokens } = await setUpRegistry({
    users: ['olivia', 'rex', 'otto'],
    orgs: { vault: { owner: 'olivia', members: { rex: 'reader' } } },
  }));
  [owner, reader, otto] = [tokens.olivia!, tokens.rex!, tokens.otto!];
  await publishOk(registry, { name: '@otto/lib', version: '1.0.0', kind: 'action' }, { token: otto });
  const secret = await publishOk(
    registry,
    {
      name: '@vault/secret',
      version: '1.0.0',
      kind: 'action',
      description: `The ${MARKER} runbook`,
      keywords: [MARKER],
    },
    { token: owner, access: 'private' },
  );
  integrity = secret.integrity as string;
  await publishOk(
    registry,
    { name: '@vault/secret', version: '1.1.0', kind: 'action', description: `The ${MARKER} runbook` },
    { token: owner, tag: 'beta' },
  );
  // A private package that depends on Otto's public one.
  await publishOk(
    registry,
    {
      name: '@vault/secret-user',
      version: '1.0.0',
      dependencies: { '@otto/lib': '^1.0.0' },
      calls: ['@otto/lib.lib'],
    },
    { token: owner, access: 'private' },
  );
  const ottoRead = await createToken(registry, otto, { scopes: ['read'] });
  // A member whose token is restricted to another package sees no more than a stranger.
  const rexElsewhere = await createToken(registry, reader, { scopes: ['read'], restriction: '@vault/other' });
  outsiders.push(
    ['anonymous', undefined],
    ['a stranger', otto],
    ["a stranger's read token", ottoRead.token],
    ['a member token restricted elsewhere', rexElsewhere.token],
  );
});
after(async () => {
  await registry.close();
});

/** The same problem, told apart only by the name in its text. */
function assertSameProblem(hidden: Problem, missing: Problem, hiddenName: string, missingName: string) {
  const neutral = (problem: Problem, name: string) => {
    const { requestId: _, ...rest } = problem;
    return JSON.parse(JSON.stringify(rest).replaceAll(name, '<name>')) as unknown;
  };
  assert.deepEqual(neutral(hidden, hiddenName), neutral(missing, missingName));
}

const READS: Array<[string, (name: string) => string, RequestInit?]> = [
  ['metadata', (name) => `/v1/packages/vault/${name}`],
  ['version', (name) => `/v1/packages/vault/${name}/1.0.0`],
  ['version by tag', (name) => `/v1/packages/vault/${name}/latest`],
  ['tarball', (name) => `/v1/packages/vault/${name}/1.0.0/tarball`],
  ['files', (name) => `/v1/packages/vault/${name}/1.0.0/files/README.md`],
  ['dist-tags', (name) => `/v1/packages/vault/${name}/dist-tags`],
  ['diff from', (name) => `/v1/diff?from=@vault/${name}@1.0.0&to=@otto/lib@1.0.0`],
  ['diff to', (name) => `/v1/diff?from=@otto/lib@1.0.0&to=@vault/${name}@1.1.0`],
  ['diff by range', (name) => `/v1/diff?from=@vault/${name}@^1.0.0&to=@otto/lib`],
];

describe('reads: a 404 exactly like a missing package', () => {
  for (const [label, path] of READS) {
    it(label, async () => {
      for (const [who, token] of outsiders) {
        const hidden = await expectProblem(
          await registry.request(path('secret'), { token }),
          404,
          'PACKAGE_NOT_FOUND',
        );
        const missing = await expectProblem(
          await registry.request(path('nothing'), { token }),
          404,
          'PACKAGE_NOT_FOUND',
        );
        assertSameProblem(hidden, missing, '@vault/secret', '@vault/nothing');
        assert.ok(!JSON.stringify(hidden).includes(MARKER), who);
      }
    });
  }

  it('a matching If-None-Match does not reveal the tarball exists (no 304)', async () => {
    for (const [, token] of outsiders) {
      const res = await registry.request('/v1/packages/vault/secret/1.0.0/tarball', {
        token,
        headers: { 'if-none-match': `"${integrity}"` },
      });
      await expectProblem(res, 404, 'PACKAGE_NOT_FOUND');
    }
  });

  it('members and administrators read it, with private caching only', async () => {
    for (const token of [owner, reader, registry.adminToken]) {
      const res = await registry.request('/v1/packages/vault/secret', { token });
      assert.equal((await expectJson<{ access: string }>(res)).access, 'private');
      assert.match(res.headers.get('cache-control') ?? '', /^private/);
      const tarball = await registry.request('/v1/packages/vault/secret/1.0.0/tarball', { token });
      assert.equal(tarball.status, 200);
      await tarball.arrayBuffer();
      assert.match(tarball.headers.get('cache-control') ?? '', /^private/);
      const file = await registry.request('/v1/packages/vault/secret/1.0.0/files/README.md', { token });
      assert.equal(file.status, 200);
      await file.text();
      const diff = await registry.request('/v1/diff?from=@vault/secret@1.0.0&to=@vault/secret@1.1.0', {
        token,
      });
      await expectJson(diff);
      assert.match(diff.headers.get('cache-control') ?? '', /^private/);
    }
  });
});

describe('changes: a 404 for those who cannot see it, never a 403', () => {
  const CHANGES: Array<[string, (name: string) => [string, RequestInit]]> = [
    [
      'set a dist-tag',
      (name) => [`/v1/packages/vault/${name}/dist-tags/x`, json('PUT', { version: '1.0.0' })],
    ],
    ['remove a dist-tag', (name) => [`/v1/packages/vault/${name}/dist-tags/beta`, { method: 'DELETE' }]],
    ['deprecate', (name) => [`/v1/packages/vault/${name}/deprecate`, json('POST', { message: 'x' })]],
    ['yank', (name) => [`/v1/packages/vault/${name}/1.0.0/yank`, { method: 'PUT' }]],
    ['unyank', (name) => [`/v1/packages/vault/${name}/1.0.0/yank`, { method: 'DELETE' }]],
    ['remove', (name) => [`/v1/packages/vault/${name}/1.0.0`, { method: 'DELETE' }]],
  ];
  for (const [label, build] of CHANGES) {
    it(label, async () => {
      for (const [, token] of outsiders) {
        const [hiddenPath, init] = build('secret');
        const [missingPath] = build('nothing');
        const hidden = await expectProblem(
          await registry.request(hiddenPath, { ...init, token }),
          404,
          'PACKAGE_NOT_FOUND',
        );
        const missing = await expectProblem(
          await registry.request(missingPath, { ...init, token }),
          404,
          'PACKAGE_NOT_FOUND',
        );
        assertSameProblem(hidden, missing, '@vault/secret', '@vault/nothing');
      }
    });
  }

  it('publishing into the scope: the same 403 whether the package exists or not', async () => {
    const hidden = await expectProblem(
      await publish(registry, { name: '@vault/secret', version: '9.0.0', kind: 'action' }, { token: otto }),
      403,
      'FORBIDDEN',
    );
    const missing = await expectProblem(
      await publish(registry, { name: '@vault/nothing', version: '9.0.0', kind: 'action' }, { token: otto }),
      403,
      'FORBIDDEN',
    );
    assertSameProblem(hidden, missing, '@vault/secret', '@vault/nothing');
  });

  it('nothing was changed', async () => {
    const doc = await expectJson<{
      distTags: Record<string, string>;
      versions: Record<string, { yanked: boolean; deprecated?: string }>;
      removed: string[];
    }>(await registry.request('/v1/packages/vault/secret', { token: owner }));
    assert.deepEqual(doc.distTags, { beta: '1.1.0', latest: '1.0.0' });
    assert.equal(doc.versions['1.0.0']?.yanked, false);
    assert.equal(doc.versions['1.0.0']?.deprecated, undefined);
    assert.deepEqual(doc.removed, []);
  });
});

describe('indirect leaks', () => {
  it('dependency resolution: a private dependency is as unknown as a missing one', async () => {
    const hidden = await expectProblem(
      await publish(
        registry,
        { name: '@otto/probe', version: '1.0.0', dependencies: { '@vault/secret': '^1.0.0' } },
        { token: otto },
      ),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    const missing = await expectProblem(
      await publish(
        registry,
        { name: '@otto/probe', version: '1.0.0', dependencies: { '@vault/nothing': '^1.0.0' } },
        { token: otto },
      ),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    assertSameProblem(hidden, missing, '@vault/secret', '@vault/nothing');
  });

  it('HAS_DEPENDENTS blocks removal but does not name a private dependent', async () => {
    const problem = await expectProblem(
      await registry.request('/v1/packages/otto/lib/1.0.0', { method: 'DELETE', token: otto }),
      409,
      'HAS_DEPENDENTS',
    );
    assert.deepEqual(problem.details.dependents, []);
    assert.equal(problem.details.hiddenDependents, 1);
    assert.ok(!JSON.stringify(problem).includes('vault'), JSON.stringify(problem));
    // The owner of the dependent, who may see it, is told its name.
    const told = await expectProblem(
      await registry.request('/v1/packages/otto/lib/1.0.0', { method: 'DELETE', token: registry.adminToken }),
      409,
      'HAS_DEPENDENTS',
    );
    assert.deepEqual(told.details.dependents, ['@vault/secret-user@1.0.0']);
  });

  it('search finds it for members only: no result, count or spelling hint', async () => {
    // The route must exist: a missing one would answer 404 to everyone and pass the checks below.
    await expectJson(await registry.request(`/v1/search?q=${MARKER}`));
    /** The answer without the echo of the query itself. */
    const answer = async (query: string, token: string | undefined) => {
      const res = await registry.request(`/v1/search?${query}`, { token });
      const body = await expectJson<{ total: number; query?: { text?: string } }>(res);
      if (body.query) delete body.query.text;
      return { body, text: JSON.stringify(body) };
    };
    const misspelt = MARKER.slice(0, -1);
    for (const query of [`q=${MARKER}`, `q=${misspelt}`, 'scope=vault', `keyword=${MARKER}`, 'q=runbook']) {
      for (const [who, token] of outsiders) {
        const { body, text } = await answer(query, token);
        assert.ok(!text.includes('@vault/'), `${query} as ${who} shows a private package: ${text}`);
        assert.ok(!text.includes(MARKER), `${query} as ${who} hints at a private word: ${text}`);
        assert.equal(body.total, 0, `${query} as ${who} counts a private package: ${text}`);
      }
    }
    // The dependency filter neither shows nor counts the private dependent.
    for (const [who, token] of outsiders) {
      const { text } = await answer('uses=@otto/lib.lib', token);
      assert.ok(!text.includes('@vault/'), `uses as ${who}: ${text}`);
    }
    const member = await answer(`q=${MARKER}`, reader);
    assert.match(member.text, /@vault\/secret/);
  });
});
