/**
 * GET /v1/diff?from=&to= — semantic and text diff between two published versions, of one package
 * or across scopes; tags and ranges resolve like an install; only exact public pairs are cacheable.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { expectJson, expectProblem, publishOk } from '../helpers/packages.js';
import type { TestRegistry } from '../helpers/registry.js';
import { setUpRegistry } from '../helpers/setup.js';

interface Diff {
  from: { name: string; version: string };
  to: { name: string; version: string };
  changes: Array<{ kind: string; weight: string }>;
  files: Array<{ path: string }>;
  requiredBump: string;
}

let registry: TestRegistry;
let stranger: string;

function diff(from: string, to: string, token?: string): Promise<Response> {
  const query = new URLSearchParams({ from, to });
  return registry.request(`/v1/diff?${query}`, { token });
}

before(async () => {
  let tokens: Record<string, string>;
  ({ registry, tokens } = await setUpRegistry({
    users: ['alpha', 'stranger'],
    orgs: { 'team-a': { owner: 'alpha' }, 'team-b': { owner: 'admin' } },
  }));
  const alpha = tokens.alpha!;
  stranger = tokens.stranger!;
  await publishOk(registry, { name: '@team-a/restart', version: '1.0.0' }, { token: alpha });
  await publishOk(
    registry,
    { name: '@team-a/restart', version: '2.0.0', parameters: { host: true } },
    { token: alpha },
  );
  await publishOk(
    registry,
    { name: '@team-a/restart', version: '2.1.0', parameters: { host: true }, description: 'Now better.' },
    { token: alpha, tag: 'next' },
  );
  // The same pattern name in another organisation, with its own variant.
  await publishOk(
    registry,
    { name: '@team-b/restart', version: '1.0.0', parameters: { host: true, region: false } },
    { token: registry.adminToken },
  );
  await publishOk(
    registry,
    { name: '@team-a/hidden', version: '1.0.0' },
    { token: alpha, access: 'private' },
  );
});
after(async () => {
  await registry.close();
});

describe('GET /v1/diff: happy', () => {
  it('two versions of one package: the semantic changes, the files and the required bump', async () => {
    const res = await diff('@team-a/restart@1.0.0', '@team-a/restart@2.0.0');
    const body = await expectJson<Diff>(res);
    assert.deepEqual(body.from, { name: '@team-a/restart', version: '1.0.0' });
    assert.deepEqual(body.to, { name: '@team-a/restart', version: '2.0.0' });
    assert.equal(body.requiredBump, 'major');
    assert.ok(body.changes.some((change) => change.kind === 'parameter.added-required'));
    assert.ok(body.files.some((file) => file.path === 'workflows/restart.yaml'));
    // Exact public versions never change: cacheable.
    assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+/);
  });

  it('across scopes: the same pattern from two organisations', async () => {
    const body = await expectJson<Diff>(await diff('@team-a/restart@2.0.0', '@team-b/restart@1.0.0'));
    assert.equal(body.from.name, '@team-a/restart');
    assert.equal(body.to.name, '@team-b/restart');
    assert.ok(body.changes.length > 0);
    assert.ok(body.files.some((file) => file.path === 'patternhub.yaml'));
  });

  it('identical versions: no changes', async () => {
    const body = await expectJson<Diff>(await diff('@team-a/restart@1.0.0', '@team-a/restart@1.0.0'));
    assert.deepEqual(body.changes, []);
    assert.deepEqual(body.files, []);
    assert.equal(body.requiredBump, 'none');
  });

  it('tags, ranges and a bare name resolve like an install, and are not cached publicly', async () => {
    for (const [from, version] of [
      ['@team-a/restart', '2.0.0'],
      ['@team-a/restart@latest', '2.0.0'],
      ['@team-a/restart@next', '2.1.0'],
      ['@team-a/restart@^1.0.0', '1.0.0'],
      ['@team-a/restart@1', '1.0.0'],
      // As npm: latest wins when it is in the range.
      ['@team-a/restart@2.x', '2.0.0'],
      ['@team-a/restart@~2.1.0', '2.1.0'],
    ] as const) {
      const res = await diff(from, '@team-b/restart@1.0.0');
      const body = await expectJson<Diff>(res);
      assert.equal(body.from.version, version, from);
      assert.match(res.headers.get('cache-control') ?? '', /^private, no-cache/, from);
    }
  });
});

describe('GET /v1/diff: errors', () => {
  it('400 for a missing or malformed side', async () => {
    await expectProblem(await registry.request('/v1/diff'), 400, 'BAD_REQUEST');
    await expectProblem(await registry.request('/v1/diff?from=@team-a/restart@1.0.0'), 400, 'BAD_REQUEST');
    await expectProblem(await diff('not-a-name', '@team-a/restart@1.0.0'), 400, 'INVALID_NAME');
    await expectProblem(await diff('@team-a/restart@', '@team-a/restart@1.0.0'), 400, 'USAGE');
  });

  it('404 for an unknown package or version, or a range that matches nothing', async () => {
    await expectProblem(await diff('@team-a/nope@1.0.0', '@team-a/restart@1.0.0'), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(
      await diff('@team-a/restart@1.0.0', '@nobody/restart@1.0.0'),
      404,
      'PACKAGE_NOT_FOUND',
    );
    await expectProblem(
      await diff('@team-a/restart@9.9.9', '@team-a/restart@1.0.0'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await diff('@team-a/restart@^7.0.0', '@team-a/restart@1.0.0'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await diff('@team-a/restart@nosuchtag', '@team-a/restart@1.0.0'),
      404,
      'VERSION_NOT_FOUND',
    );
  });
});

describe('GET /v1/diff: security', () => {
  it('a private side is a 404 for outsiders, readable (and privately cached) for members', async () => {
    for (const token of [undefined, stranger]) {
      await expectProblem(
        await diff('@team-a/hidden@1.0.0', '@team-a/restart@1.0.0', token),
        404,
        'PACKAGE_NOT_FOUND',
      );
      await expectProblem(
        await diff('@team-a/restart@1.0.0', '@team-a/hidden@1.0.0', token),
        404,
        'PACKAGE_NOT_FOUND',
      );
    }
    const res = await diff('@team-a/hidden@1.0.0', '@team-b/restart@1.0.0', registry.adminToken);
    await expectJson(res);
    assert.match(res.headers.get('cache-control') ?? '', /^private/);
  });

  it('a removed version cannot be diffed', async () => {
    const alpha = registry.adminToken;
    await publishOk(registry, { name: '@team-b/gone', version: '1.0.0' }, { token: alpha });
    await expectJson(
      await registry.request('/v1/packages/team-b/gone/1.0.0', { method: 'DELETE', token: alpha }),
    );
    await expectProblem(await diff('@team-b/gone@1.0.0', '@team-a/restart@1.0.0'), 404, 'VERSION_NOT_FOUND');
  });
});
