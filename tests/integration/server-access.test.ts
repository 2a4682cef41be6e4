/**
 * PUT /v1/packages/:scope/:name/access and PUT …/:version?dryRun=1 on a real server: who may, what
 * each refusal answers, the public-cannot-depend-on-private rule both ways, search and its
 * vocabulary following the switch, and a dry run that stores and logs nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOrg,
  createUser,
  expectJson,
  expectProblem,
  publish,
  publishOk,
  setMember,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let owner: string;
let publisher: string;
let outsider: string;

before(async () => {
  registry = await startTestRegistry();
  owner = await createUser(registry, 'olga');
  publisher = await createUser(registry, 'pete');
  outsider = await createUser(registry, 'otto');
  await createOrg(registry, owner, 'ops');
  await setMember(registry, owner, 'ops', 'pete', 'publisher');
  await publishOk(
    registry,
    { name: '@ops/base', version: '1.0.0', kind: 'action', keywords: ['zyxwvut'] },
    { token: owner },
  );
  await publishOk(
    registry,
    {
      name: '@ops/user',
      version: '1.0.0',
      dependencies: { '@ops/base': '^1.0.0' },
      calls: ['@ops/base.base'],
    },
    { token: owner },
  );
  await publishOk(
    registry,
    { name: '@ops/lone', version: '1.0.0', kind: 'action', keywords: ['qponmlk'] },
    { token: owner },
  );
});
after(async () => {
  await registry.close();
});

function setAccess(name: string, body: unknown, token: string | undefined): Promise<Response> {
  return registry.request(`/v1/packages/${name}/access`, {
    method: 'PUT',
    token,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

async function searchNames(q: string, token?: string): Promise<string[]> {
  const answer = await expectJson<{ results: Array<{ name: string }> }>(
    await registry.request(`/v1/search?q=${encodeURIComponent(q)}`, { token }),
  );
  return answer.results.map((result) => result.name);
}

describe('access', () => {
  it('refuses the anonymous, a publisher who is not an owner, and a bad body', async () => {
    await expectProblem(
      await setAccess('ops/lone', { access: 'private' }, undefined),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(await setAccess('ops/lone', { access: 'private' }, publisher), 403, 'FORBIDDEN');
    await expectProblem(await setAccess('ops/lone', { access: 'hidden' }, owner), 400, 'BAD_REQUEST');
    await expectProblem(await setAccess('ops/lone', [], owner), 400, 'BAD_REQUEST');
    await expectProblem(
      await setAccess('ops/nothing', { access: 'private' }, owner),
      404,
      'PACKAGE_NOT_FOUND',
    );
  });

  it('private: hidden from outsiders everywhere, its words leave the vocabulary; public again brings it back', async () => {
    assert.deepEqual(await searchNames('qponmlk'), ['@ops/lone']);
    const changed = await expectJson<{ access: string; changed: boolean }>(
      await setAccess('ops/lone', { access: 'private' }, owner),
    );
    assert.deepEqual(changed, { name: '@ops/lone', access: 'private', changed: true });
    await expectProblem(await registry.request('/v1/packages/ops/lone'), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(
      await registry.request('/v1/packages/ops/lone', { token: outsider }),
      404,
      'PACKAGE_NOT_FOUND',
    );
    assert.deepEqual(await searchNames('qponmlk'), []);
    assert.deepEqual(await searchNames('qponmlk', owner), ['@ops/lone']);
    // An outsider cannot even change it back: it does not exist for them.
    await expectProblem(
      await setAccess('ops/lone', { access: 'public' }, outsider),
      404,
      'PACKAGE_NOT_FOUND',
    );

    await expectJson(await setAccess('ops/lone', { access: 'public' }, owner));
    assert.deepEqual(await searchNames('qponmlk'), ['@ops/lone']);
    const audit = await expectJson<{ entries: Array<{ action: string; target: string; details: unknown }> }>(
      await registry.request('/v1/orgs/ops/audit', { token: owner }),
    );
    assert.deepEqual(
      audit.entries.filter((entry) => entry.action === 'package.access').map((entry) => entry.details),
      [
        { from: 'private', to: 'public' },
        { from: 'public', to: 'private' },
      ],
    );
  });

  it('a package with public dependents stays public; one standing on a private package stays private', async () => {
    const blocked = await expectProblem(
      await setAccess('ops/base', { access: 'private' }, owner),
      409,
      'HAS_DEPENDENTS',
    );
    assert.deepEqual(blocked.details.dependents, ['@ops/user']);
    assert.equal((await registry.request('/v1/packages/ops/base')).status, 200);

    await publishOk(
      registry,
      { name: '@ops/secret', version: '1.0.0', kind: 'action' },
      { token: owner, access: 'private' },
    );
    await publishOk(
      registry,
      {
        name: '@ops/inner',
        version: '1.0.0',
        dependencies: { '@ops/secret': '^1.0.0' },
        calls: ['@ops/secret.secret'],
      },
      { token: owner, access: 'private' },
    );
    const refused = await expectProblem(
      await setAccess('ops/inner', { access: 'public' }, owner),
      409,
      'PRIVATE_DEPENDENCY',
    );
    assert.deepEqual(refused.details.dependencies, ['@ops/secret']);
  });
});

describe('publish ?dryRun=1', () => {
  it('answers what a publish would (200), stores and logs nothing', async () => {
    const spec = { name: '@ops/dry', version: '1.0.0', kind: 'action' as const };
    const answer = await expectJson<{ dryRun: boolean; version: string; distTags: Record<string, string> }>(
      await publish(registry, spec, { token: owner, dryRun: true }),
    );
    assert.deepEqual([answer.dryRun, answer.version, answer.distTags], [true, '1.0.0', { latest: '1.0.0' }]);
    await expectProblem(
      await registry.request('/v1/packages/ops/dry', { token: owner }),
      404,
      'PACKAGE_NOT_FOUND',
    );
    const audit = await expectJson<{ entries: Array<{ target: string | null }> }>(
      await registry.request('/v1/orgs/ops/audit', { token: owner }),
    );
    assert.ok(!audit.entries.some((entry) => entry.target?.startsWith('@ops/dry')));
    // And the real publish afterwards is not disturbed by it.
    await publishOk(registry, spec, { token: owner });
  });

  it('refuses as a publish does: existing version, too small a bump, no token, a bad flag', async () => {
    await expectProblem(
      await publish(
        registry,
        { name: '@ops/base', version: '1.0.0', kind: 'action' },
        { token: owner, dryRun: true },
      ),
      409,
      'VERSION_EXISTS',
    );
    await expectProblem(
      await publish(
        registry,
        { name: '@ops/base', version: '1.0.1', kind: 'action', parameters: { extra: true } },
        { token: owner, dryRun: true },
      ),
      409,
      'SEMVER_BUMP_MISMATCH',
    );
    await expectProblem(
      await publish(
        registry,
        { name: '@ops/base', version: '1.1.0', kind: 'action' },
        { token: undefined, dryRun: true },
      ),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await publish(
        registry,
        { name: '@ops/base', version: '1.1.0', kind: 'action' },
        { token: outsider, dryRun: true },
      ),
      403,
      'FORBIDDEN',
    );
    const res = await registry.request('/v1/packages/ops/base/1.1.0?dryRun=maybe', {
      method: 'PUT',
      token: owner,
      body: new Uint8Array([1]),
    });
    await expectProblem(res, 400, 'BAD_REQUEST');
  });
});

describe('token refusals', () => {
  it('say why in details.reason', async () => {
    const whoami = (authorization: string) => registry.request('/v1/whoami', { headers: { authorization } });
    assert.equal(
      (await expectProblem(await whoami('Basic abc'), 401, 'UNAUTHENTICATED')).details.reason,
      'malformed',
    );
    assert.equal(
      (await expectProblem(await whoami('Bearer short'), 401, 'UNAUTHENTICATED')).details.reason,
      'malformed',
    );
    assert.equal(
      (await expectProblem(await whoami(`Bearer ph_${'A'.repeat(40)}`), 401, 'UNAUTHENTICATED')).details
        .reason,
      'unknown',
    );
  });
});
