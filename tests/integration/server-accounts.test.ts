/**
 * Users and tokens: /v1/users, /v1/tokens, /v1/whoami. Secrets are shown once and stored hashed;
 * scopes (read / publish / admin) and restrictions (a package or a scope) hold on every route.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import {
  createOrg,
  createToken,
  createUser,
  expectJson,
  expectProblem,
  json,
  publish,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let admin: string;
let bob: string;
/** Every secret this file was shown, to check none is stored or logged. */
const secrets: string[] = [];

before(async () => {
  registry = await startTestRegistry();
  admin = registry.adminToken;
  secrets.push(admin);
  bob = await createUser(registry, 'bob');
  secrets.push(bob);
  await publishOk(registry, { name: '@bob/one', version: '1.0.0' }, { token: bob });
  await publishOk(registry, { name: '@bob/two', version: '1.0.0' }, { token: bob });
  await publishOk(registry, { name: '@bob/hidden', version: '1.0.0' }, { token: bob, access: 'private' });
});
after(async () => {
  await registry.close();
});

async function mint(token: string, input: { scopes: string[]; restriction?: string }) {
  const created = await createToken(registry, token, input);
  secrets.push(created.token);
  return created;
}

describe('POST /v1/users', () => {
  it('an administrator creates a user, who gets a personal scope and a first token, once', async () => {
    const res = await registry.request(
      '/v1/users',
      json('POST', { username: 'carol', email: 'c@example.org' }, admin),
    );
    const body = await expectJson<{ username: string; token: string; tokenId: string; isAdmin: boolean }>(
      res,
      201,
    );
    secrets.push(body.token);
    assert.equal(body.username, 'carol');
    assert.equal(body.isAdmin, false);
    assert.match(body.token, /^ph_[A-Za-z0-9]{40}$/);
    const who = await expectJson<{
      username: string;
      token: { id: string; scopes: string[] };
      orgs: unknown;
    }>(await registry.request('/v1/whoami', { token: body.token }));
    assert.equal(who.username, 'carol');
    assert.equal(who.token.id, body.tokenId);
    assert.deepEqual(who.token.scopes.sort(), ['admin', 'publish', 'read']);
    assert.deepEqual(who.orgs, [{ name: 'carol', role: 'owner' }]);
    // The public profile has no email and no token.
    const profile = await expectJson<Record<string, unknown>>(await registry.request('/v1/users/carol'));
    assert.deepEqual(Object.keys(profile).sort(), ['createdAt', 'username']);
  });

  it('errors: taken name (a user or an org) 409, bad name 400, unknown user 404', async () => {
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'bob' }, admin)),
      409,
      'ALREADY_EXISTS',
    );
    await createOrg(registry, admin, 'taken-by-org');
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'taken-by-org' }, admin)),
      409,
      'ALREADY_EXISTS',
    );
    for (const username of ['Bob', 'has.dot', '-dash', '', 42]) {
      await expectProblem(
        await registry.request('/v1/users', json('POST', { username }, admin)),
        400,
        'BAD_REQUEST',
      );
    }
    await expectProblem(await registry.request('/v1/users/nobody-here'), 404, 'USER_NOT_FOUND');
  });

  it('security: anonymous 401; a non-administrator 403; a restricted admin token 403', async () => {
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'eve' })),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'eve' }, bob)),
      403,
      'FORBIDDEN',
    );
    const restricted = await mint(admin, { scopes: ['admin'], restriction: '@admin' });
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'eve' }, restricted.token)),
      403,
      'FORBIDDEN',
    );
    const readOnly = await mint(admin, { scopes: ['read'] });
    await expectProblem(
      await registry.request('/v1/users', json('POST', { username: 'eve' }, readOnly.token)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(await registry.request('/v1/users/eve'), 404, 'USER_NOT_FOUND');
  });
});

describe('tokens: shown once, stored hashed', () => {
  it('the secret is in the creation answer only: not in lists, whoami, or the database', async () => {
    const res = await registry.request(
      '/v1/tokens',
      json('POST', { name: 'laptop', scopes: ['read', 'publish'], expiresInDays: 30 }, bob),
    );
    const created = await expectJson<{
      id: string;
      token: string;
      prefix: string;
      scopes: string[];
      expiresAt: string;
    }>(res, 201);
    secrets.push(created.token);
    assert.match(created.token, /^ph_/);
    assert.ok(created.token.startsWith(created.prefix));
    assert.ok(created.prefix.length < created.token.length / 2, 'the prefix is a small part of the secret');
    assert.deepEqual(created.scopes, ['read', 'publish']);
    assert.ok(created.expiresAt);

    const list = await expectJson<{ tokens: Array<Record<string, unknown>> }>(
      await registry.request('/v1/tokens', { token: bob }),
    );
    const listed = list.tokens.find((token) => token.id === created.id);
    assert.ok(listed);
    assert.equal(listed.token, undefined);
    assert.doesNotMatch(JSON.stringify(list), new RegExp(created.token));
    const who = await registry.request('/v1/whoami', { token: created.token });
    assert.doesNotMatch(await who.text(), new RegExp(created.token));

    const rows = await rowsOf<{ row: string; secret_hash: string }>(
      registry,
      sql`select row_to_json(t)::text as row, secret_hash from tokens t where id = ${created.id}`,
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.secret_hash, createHash('sha256').update(created.token).digest('hex'));
    assert.ok(!rows[0]!.row.includes(created.token), 'no plaintext secret in the row');
  });

  it('no table holds any secret this registry handed out', async () => {
    const tables = await rowsOf<{ name: string }>(
      registry,
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'blobs'`,
    );
    assert.ok(tables.some((table) => table.name === 'tokens'));
    for (const { name } of tables) {
      const rows = await rowsOf<{ row: string }>(
        registry,
        sql`select row_to_json(t)::text as row from ${sql.identifier(name)} t`,
      );
      for (const { row } of rows) {
        for (const secret of secrets) assert.ok(!row.includes(secret), `a secret is stored in ${name}`);
      }
    }
  });
});

describe('tokens: scopes', () => {
  it('read: reads private packages of its orgs, cannot publish, change or mint stronger tokens', async () => {
    const read = await mint(bob, { scopes: ['read'] });
    await expectJson(await registry.request('/v1/packages/bob/hidden', { token: read.token }));
    await expectProblem(
      await publish(registry, { name: '@bob/one', version: '1.1.0' }, { token: read.token }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/packages/bob/one/1.0.0/yank', { method: 'PUT', token: read.token }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/tokens', json('POST', { name: 'x', scopes: ['publish'] }, read.token)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'read-org' }, read.token)),
      403,
      'FORBIDDEN',
    );
  });

  it('publish: publishes, but cannot mint an admin token or create an organisation', async () => {
    const pub = await mint(bob, { scopes: ['publish'] });
    await publishOk(registry, { name: '@bob/one', version: '1.1.0' }, { token: pub.token });
    await expectJson(await registry.request('/v1/packages/bob/hidden', { token: pub.token }));
    await expectProblem(
      await registry.request('/v1/tokens', json('POST', { name: 'x', scopes: ['admin'] }, pub.token)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'pub-org' }, pub.token)),
      403,
      'FORBIDDEN',
    );
  });

  it('admin alone implies read and publish', async () => {
    const adm = await mint(bob, { scopes: ['admin'] });
    await publishOk(registry, { name: '@bob/two', version: '1.1.0' }, { token: adm.token });
    await expectJson(await registry.request('/v1/packages/bob/hidden', { token: adm.token }));
  });

  it('request errors: 400 for unknown scopes, no scopes, bad restriction or expiry', async () => {
    for (const body of [
      { name: 'x', scopes: ['superuser'] },
      { name: 'x', scopes: [] },
      { name: 'x' },
      { name: '', scopes: ['read'] },
      { name: 'x', scopes: ['read'], restriction: 'bob' },
      { name: 'x', scopes: ['read'], restriction: '@bob/one/extra' },
      { name: 'x', scopes: ['read'], expiresInDays: 0 },
      { name: 'x', scopes: ['read'], expiresInDays: 1.5 },
    ]) {
      await expectProblem(await registry.request('/v1/tokens', json('POST', body, bob)), 400, 'BAD_REQUEST');
    }
    await expectProblem(
      await registry.request('/v1/tokens', { method: 'POST', token: bob, body: 'not json' }),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request('/v1/tokens', json('POST', { name: 'x', scopes: ['read'] })),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(await registry.request('/v1/tokens'), 401, 'UNAUTHENTICATED');
    await expectProblem(await registry.request('/v1/whoami'), 401, 'UNAUTHENTICATED');
  });
});

describe('tokens: restrictions', () => {
  it('a token restricted to one package publishes that package only', async () => {
    const one = await mint(bob, { scopes: ['publish'], restriction: '@bob/one' });
    await publishOk(registry, { name: '@bob/one', version: '1.2.0' }, { token: one.token });
    await expectProblem(
      await publish(registry, { name: '@bob/two', version: '1.2.0' }, { token: one.token }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await publish(registry, { name: '@bob/brand-new', version: '1.0.0' }, { token: one.token }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/packages/bob/two/1.0.0/yank', { method: 'PUT', token: one.token }),
      403,
      'FORBIDDEN',
    );
    // Outside its restriction a private package is invisible, as to a stranger.
    await expectProblem(
      await registry.request('/v1/packages/bob/hidden', { token: one.token }),
      404,
      'PACKAGE_NOT_FOUND',
    );
  });

  it('a token restricted to a scope works in that scope only', async () => {
    await createOrg(registry, bob, 'bobs-team');
    const scoped = await mint(bob, { scopes: ['publish'], restriction: '@bobs-team' });
    await publishOk(registry, { name: '@bobs-team/tool', version: '1.0.0' }, { token: scoped.token });
    await expectProblem(
      await publish(registry, { name: '@bob/three', version: '1.0.0' }, { token: scoped.token }),
      403,
      'FORBIDDEN',
    );
  });

  it('a restricted token mints only tokens as narrow or narrower', async () => {
    const scoped = await mint(bob, { scopes: ['read', 'publish', 'admin'], restriction: '@bobs-team' });
    await mint(scoped.token, { scopes: ['publish'], restriction: '@bobs-team/tool' });
    await mint(scoped.token, { scopes: ['read'], restriction: '@bobs-team' });
    for (const restriction of [undefined, '@bob', '@bob/one', '@bobs-teamx']) {
      await expectProblem(
        await registry.request(
          '/v1/tokens',
          json('POST', { name: 'wider', scopes: ['read'], restriction }, scoped.token),
        ),
        403,
        'FORBIDDEN',
      );
    }
  });

  it('a restricted admin token cannot manage other organisations', async () => {
    await createOrg(registry, bob, 'bobs-other');
    await createUser(registry, 'dave');
    const scoped = await mint(bob, { scopes: ['admin'], restriction: '@bobs-team' });
    await expectJson(
      await registry.request(
        '/v1/orgs/bobs-team/members/dave',
        json('PUT', { role: 'reader' }, scoped.token),
      ),
    );
    await expectProblem(
      await registry.request(
        '/v1/orgs/bobs-other/members/dave',
        json('PUT', { role: 'owner' }, scoped.token),
      ),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs/bobs-other/audit', { token: scoped.token }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'restricted-made' }, scoped.token)),
      403,
      'FORBIDDEN',
    );
    const members = await expectJson<{ members: Array<{ username: string }> }>(
      await registry.request('/v1/orgs/bobs-other', { token: bob }),
    );
    assert.deepEqual(
      members.members.map((member) => member.username),
      ['bob'],
    );
  });
});

describe('tokens: revocation and expiry', () => {
  it('a revoked token answers 401 on every route, and leaves the list', async () => {
    const victim = await mint(bob, { scopes: ['read', 'publish'] });
    await expectJson(await registry.request('/v1/whoami', { token: victim.token }));
    const res = await registry.request(`/v1/tokens/${victim.id}`, { method: 'DELETE', token: bob });
    assert.deepEqual(await expectJson(res), { revoked: victim.id });
    await expectProblem(
      await registry.request('/v1/whoami', { token: victim.token }),
      401,
      'UNAUTHENTICATED',
    );
    // Even on a public read: a bad token is an error, not an anonymous request.
    await expectProblem(
      await registry.request('/v1/packages/bob/one', { token: victim.token }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await publish(registry, { name: '@bob/one', version: '9.0.0' }, { token: victim.token }),
      401,
      'UNAUTHENTICATED',
    );
    const list = await expectJson<{ tokens: Array<{ id: string }> }>(
      await registry.request('/v1/tokens', { token: bob }),
    );
    assert.ok(!list.tokens.some((token) => token.id === victim.id));
    await expectProblem(
      await registry.request(`/v1/tokens/${victim.id}`, { method: 'DELETE', token: bob }),
      404,
      'TOKEN_NOT_FOUND',
    );
  });

  it('DELETE /v1/tokens/current logs the caller out', async () => {
    const session = await mint(bob, { scopes: ['read'] });
    await expectJson(
      await registry.request('/v1/tokens/current', { method: 'DELETE', token: session.token }),
    );
    await expectProblem(
      await registry.request('/v1/whoami', { token: session.token }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it("revoking another token needs the admin scope, and never reaches another user's token", async () => {
    const target = await mint(bob, { scopes: ['read'] });
    const weak = await mint(bob, { scopes: ['read', 'publish'] });
    await expectProblem(
      await registry.request(`/v1/tokens/${target.id}`, { method: 'DELETE', token: weak.token }),
      403,
      'FORBIDDEN',
    );
    const carolToken = await createUser(registry, 'carol-2');
    secrets.push(carolToken);
    await expectProblem(
      await registry.request(`/v1/tokens/${target.id}`, { method: 'DELETE', token: carolToken }),
      404,
      'TOKEN_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/tokens/not-a-uuid', { method: 'DELETE', token: bob }),
      404,
      'TOKEN_NOT_FOUND',
    );
    await expectJson(await registry.request('/v1/whoami', { token: target.token }));
  });

  it('an expired token answers 401', async () => {
    const res = await registry.request(
      '/v1/tokens',
      json('POST', { name: 'short', scopes: ['read'], expiresInDays: 1 }, bob),
    );
    const short = await expectJson<{ token: string }>(res, 201);
    secrets.push(short.token);
    await expectJson(await registry.request('/v1/whoami', { token: short.token }));
    registry.clock.offsetMs = 2 * 24 * 60 * 60 * 1000;
    try {
      await expectProblem(
        await registry.request('/v1/whoami', { token: short.token }),
        401,
        'UNAUTHENTICATED',
      );
      await expectJson(await registry.request('/v1/whoami', { token: bob }));
    } finally {
      registry.clock.offsetMs = 0;
    }
  });

  it('malformed Authorization headers answer 401', async () => {
    for (const header of ['Basic Ym9iOmJvYg==', 'Bearer', 'Bearer a b', bob]) {
      await expectProblem(
        await registry.request('/v1/packages/bob/one', { headers: { authorization: header } }),
        401,
        'UNAUTHENTICATED',
      );
    }
  });
});
