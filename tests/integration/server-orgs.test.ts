/**
 * Organisations and roles: /v1/orgs, members, and what each role may do with the org's packages.
 * owner: everything; publisher: publish and change packages; reader: read private packages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createOrg,
  createUser,
  expectJson,
  expectProblem,
  json,
  publish,
  publishOk,
  setMember,
} from '../helpers/packages.js';
import type { TestRegistry } from '../helpers/registry.js';
import { setUpRegistry } from '../helpers/setup.js';

let registry: TestRegistry;
let owner: string;
let publisher: string;
let reader: string;
let stranger: string;

before(async () => {
  let tokens: Record<string, string>;
  ({ registry, tokens } = await setUpRegistry({
    users: ['olga', 'pete', 'rita', 'sam'],
    orgs: { acme: { owner: 'olga', members: { pete: 'publisher', rita: 'reader' } } },
  }));
  [owner, publisher, reader, stranger] = [tokens.olga!, tokens.pete!, tokens.rita!, tokens.sam!];
  await publishOk(registry, { name: '@acme/public-tool', version: '1.0.0' }, { token: owner });
  await publishOk(
    registry,
    { name: '@acme/internal', version: '1.0.0' },
    { token: owner, access: 'private' },
  );
});
after(async () => {
  await registry.close();
});

describe('POST /v1/orgs', () => {
  it('creates an org with the caller as its owner', async () => {
    const res = await registry.request(
      '/v1/orgs',
      json('POST', { name: 'fresh', description: 'New team' }, stranger),
    );
    const org = await expectJson<{ name: string; personal: boolean; members: unknown }>(res, 201);
    assert.equal(org.name, 'fresh');
    assert.equal(org.personal, false);
    assert.deepEqual(org.members, [{ username: 'sam', role: 'owner' }]);
    const who = await expectJson<{ orgs: Array<{ name: string; role: string }> }>(
      await registry.request('/v1/whoami', { token: stranger }),
    );
    assert.deepEqual(who.orgs, [
      { name: 'fresh', role: 'owner' },
      { name: 'sam', role: 'owner' },
    ]);
  });

  it('errors: a taken scope 409 (org or user), a bad name 400, no token 401', async () => {
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'acme' }, owner)),
      409,
      'ALREADY_EXISTS',
    );
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'rita' }, owner)),
      409,
      'ALREADY_EXISTS',
    );
    for (const name of ['Acme', 'a.b', '', 'x'.repeat(65)]) {
      await expectProblem(
        await registry.request('/v1/orgs', json('POST', { name }, owner)),
        400,
        'BAD_REQUEST',
      );
    }
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'anon-org' })),
      401,
      'UNAUTHENTICATED',
    );
  });
});

describe('GET /v1/orgs/:org', () => {
  it('shows members to members only', async () => {
    for (const token of [owner, publisher, reader]) {
      const org = await expectJson<{ members?: Array<{ username: string; role: string }> }>(
        await registry.request('/v1/orgs/acme', { token }),
      );
      assert.deepEqual(org.members, [
        { username: 'olga', role: 'owner' },
        { username: 'pete', role: 'publisher' },
        { username: 'rita', role: 'reader' },
      ]);
    }
    for (const token of [stranger, undefined]) {
      const org = await expectJson<{ name: string; members?: unknown }>(
        await registry.request('/v1/orgs/@acme', { token }),
      );
      assert.equal(org.name, 'acme');
      assert.equal(org.members, undefined);
    }
    await expectProblem(await registry.request('/v1/orgs/no-such-org'), 404, 'ORG_NOT_FOUND');
    await expectProblem(await registry.request('/v1/orgs/%25'), 404, 'ORG_NOT_FOUND');
  });
});

describe('roles and packages', () => {
  it('reader: reads private packages, cannot publish or change anything (403)', async () => {
    await expectJson(await registry.request('/v1/packages/acme/internal', { token: reader }));
    await expectProblem(
      await publish(registry, { name: '@acme/by-reader', version: '1.0.0' }, { token: reader }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await publish(registry, { name: '@acme/internal', version: '1.1.0' }, { token: reader }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/packages/acme/internal/1.0.0/yank', { method: 'PUT', token: reader }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request(
        '/v1/packages/acme/public-tool/deprecate',
        json('POST', { message: 'x' }, reader),
      ),
      403,
      'FORBIDDEN',
    );
    await expectProblem(await registry.request('/v1/packages/acme/by-reader'), 404, 'PACKAGE_NOT_FOUND');
  });

  it('publisher: publishes and changes packages, cannot manage members', async () => {
    await publishOk(registry, { name: '@acme/by-publisher', version: '1.0.0' }, { token: publisher });
    await publishOk(registry, { name: '@acme/internal', version: '1.1.0' }, { token: publisher });
    await expectJson(
      await registry.request(
        '/v1/packages/acme/internal/dist-tags/stable',
        json('PUT', { version: '1.0.0' }, publisher),
      ),
    );
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/sam', json('PUT', { role: 'reader' }, publisher)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/rita', { method: 'DELETE', token: publisher }),
      403,
      'FORBIDDEN',
    );
  });

  it('non-member: cannot publish to the scope (403), cannot see its private packages (404)', async () => {
    await expectProblem(
      await publish(registry, { name: '@acme/by-stranger', version: '1.0.0' }, { token: stranger }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await publish(registry, { name: '@acme/public-tool', version: '1.1.0' }, { token: stranger }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/packages/acme/internal', { token: stranger }),
      404,
      'PACKAGE_NOT_FOUND',
    );
    await expectJson(await registry.request('/v1/packages/acme/public-tool', { token: stranger }));
  });

  it('a removed member loses access at once', async () => {
    await createUser(registry, 'tmp');
    const tmp = await createUser(registry, 'tmp2');
    await setMember(registry, owner, 'acme', 'tmp2', 'publisher');
    await publishOk(registry, { name: '@acme/by-tmp', version: '1.0.0' }, { token: tmp });
    const res = await registry.request('/v1/orgs/acme/members/tmp2', { method: 'DELETE', token: owner });
    assert.deepEqual(await expectJson(res), { removed: 'tmp2' });
    await expectProblem(
      await publish(registry, { name: '@acme/by-tmp', version: '1.1.0' }, { token: tmp }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/packages/acme/internal', { token: tmp }),
      404,
      'PACKAGE_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/tmp', { method: 'DELETE', token: owner }),
      404,
      'USER_NOT_FOUND',
    );
  });
});

describe('members', () => {
  it('changes a role; the org always keeps an owner (LAST_OWNER)', async () => {
    await createOrg(registry, owner, 'solo');
    await expectProblem(
      await registry.request('/v1/orgs/solo/members/olga', json('PUT', { role: 'publisher' }, owner)),
      409,
      'LAST_OWNER',
    );
    await expectProblem(
      await registry.request('/v1/orgs/solo/members/olga', { method: 'DELETE', token: owner }),
      409,
      'LAST_OWNER',
    );
    await setMember(registry, owner, 'solo', 'sam', 'owner');
    await setMember(registry, owner, 'solo', 'olga', 'reader');
    // olga is no owner any more: she cannot undo it.
    await expectProblem(
      await registry.request('/v1/orgs/solo/members/olga', json('PUT', { role: 'owner' }, owner)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs/solo/members/sam', { method: 'DELETE', token: stranger }),
      409,
      'LAST_OWNER',
    );
    const org = await expectJson<{ members: Array<{ username: string; role: string }> }>(
      await registry.request('/v1/orgs/solo', { token: stranger }),
    );
    assert.deepEqual(org.members, [
      { username: 'olga', role: 'reader' },
      { username: 'sam', role: 'owner' },
    ]);
  });

  it('errors: bad role 400, unknown user or org 404, personal scope 400', async () => {
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/sam', json('PUT', { role: 'god' }, owner)),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/sam', json('PUT', {}, owner)),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request('/v1/orgs/acme/members/ghost', json('PUT', { role: 'reader' }, owner)),
      404,
      'USER_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/orgs/ghost-org/members/sam', json('PUT', { role: 'reader' }, owner)),
      404,
      'ORG_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/orgs/olga/members/sam', json('PUT', { role: 'reader' }, owner)),
      400,
      'BAD_REQUEST',
    );
  });

  it('security: anonymous 401, non-owners 403, a non-admin token 403', async () => {
    const path = '/v1/orgs/acme/members/sam';
    await expectProblem(await registry.request(path, json('PUT', { role: 'owner' })), 401, 'UNAUTHENTICATED');
    for (const token of [stranger, reader, publisher]) {
      await expectProblem(
        await registry.request(path, json('PUT', { role: 'owner' }, token)),
        403,
        'FORBIDDEN',
      );
    }
    const res = await registry.request(
      '/v1/tokens',
      json('POST', { name: 'pub', scopes: ['publish'] }, owner),
    );
    const pubToken = (await expectJson<{ token: string }>(res, 201)).token;
    await expectProblem(
      await registry.request(path, json('PUT', { role: 'reader' }, pubToken)),
      403,
      'FORBIDDEN',
    );
    // A stranger cannot make themselves a member of someone's personal scope either.
    await expectProblem(
      await registry.request('/v1/orgs/olga/members/sam', json('PUT', { role: 'owner' }, stranger)),
      403,
      'FORBIDDEN',
    );
    const org = await expectJson<{ members: Array<{ username: string }> }>(
      await registry.request('/v1/orgs/acme', { token: owner }),
    );
    assert.ok(!org.members.some((member) => member.username === 'sam'));
  });
});
