/**
 * Inputs found by review that once reached the database (500) or bent a rule: each now gets a
 * stable code, and nothing changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import {
  createOrg,
  createToken,
  expectJson,
  expectProblem,
  json,
  publish,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry();
  await createOrg(registry, registry.adminToken, 'hardening');
});
after(async () => {
  await registry.close();
});

describe('NUL bytes and out-of-range numbers', () => {
  for (const path of [
    '/v1/packages/%00/x',
    '/v1/packages/hardening/a/1.0.0%00',
    '/v1/packages/hardening/a/1.0.0%00/tarball',
    '/v1/users/%00',
    '/v1/orgs/%00',
    '/v1/search?keyword=%00',
    '/v1/search?license=%00',
  ]) {
    it(`GET ${path} is 400 BAD_REQUEST, not a 500`, async () => {
      await expectProblem(await registry.request(path), 400, 'BAD_REQUEST');
    });
  }

  it('a NUL inside a JSON body is 400', async () => {
    await expectProblem(
      await registry.request(
        '/v1/packages/hardening/a/dist-tags/beta',
        json('PUT', { version: '1.0.0\u0000' }, registry.adminToken),
      ),
      400,
      'BAD_REQUEST',
    );
  });

  it('an audit cursor beyond the safe integers is 400', async () => {
    await expectProblem(
      await registry.request('/v1/orgs/hardening/audit?before=1e20', { token: registry.adminToken }),
      400,
      'BAD_REQUEST',
    );
  });

  it('a token id that is not a UUID is simply not found', async () => {
    for (const id of ['------------------------------------', '0123456789abcdef0123456789abcdef0123']) {
      await expectProblem(
        await registry.request(`/v1/tokens/${id}`, { method: 'DELETE', token: registry.adminToken }),
        404,
        'TOKEN_NOT_FOUND',
      );
    }
  });

  it('a package name that cannot exist is 404, from every read route', async () => {
    await expectProblem(await registry.request('/v1/packages/Bad.Scope/x'), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(await registry.request('/v1/packages/ok/na%20me/1.0.0'), 404, 'PACKAGE_NOT_FOUND');
  });
});

describe('typed fields', () => {
  it('an organisation description must be a short string', async () => {
    for (const description of [{ a: 1 }, 5, 'x'.repeat(501)]) {
      await expectProblem(
        await registry.request('/v1/orgs', json('POST', { name: 'typed', description }, registry.adminToken)),
        400,
        'BAD_REQUEST',
      );
    }
    const rows = await rowsOf(registry, sql`select 1 from orgs where name = 'typed'`);
    assert.equal(rows.length, 0);
  });

  it('a user email must be an address', async () => {
    for (const email of [{}, 5, 'not-an-address']) {
      await expectProblem(
        await registry.request(
          '/v1/users',
          json('POST', { username: 'typed-user', email }, registry.adminToken),
        ),
        400,
        'BAD_REQUEST',
      );
    }
  });
});

describe('tokens never outlive the token that made them', () => {
  it('an expiring token mints only tokens that expire no later', async () => {
    const short = await expectJson<{ token: string; expiresAt: string }>(
      await registry.request(
        '/v1/tokens',
        json('POST', { name: 'ci', scopes: ['publish'], expiresInDays: 1 }, registry.adminToken),
      ),
      201,
    );
    const child = await expectJson<{ expiresAt: string | null }>(
      await registry.request(
        '/v1/tokens',
        json('POST', { name: 'forever', scopes: ['publish'] }, short.token),
      ),
      201,
    );
    assert.equal(child.expiresAt, short.expiresAt);
    await expectProblem(
      await registry.request(
        '/v1/tokens',
        json('POST', { name: 'longer', scopes: ['publish'], expiresInDays: 30 }, short.token),
      ),
      403,
      'FORBIDDEN',
    );
  });
});

describe('reserved paths', () => {
  it('a package with a top-level .patternhub-* entry is refused at publish', async () => {
    const res = await publish(
      registry,
      {
        name: '@hardening/reserved',
        version: '1.0.0',
        files: { '.patternhub-integrity/x.txt': 'mine' },
      },
      { token: registry.adminToken },
    );
    const problem = await expectProblem(res, 422, 'INVALID_PACKAGE');
    const issues = (problem.details as { issues: Array<{ code: string; file: string }> }).issues;
    assert.ok(
      issues.some((issue) => issue.code === 'RESERVED_PATH' && issue.file === '.patternhub-integrity/x.txt'),
    );
  });
});

describe('weak validators, private dependencies, restricted tokens', () => {
  it('a weak ETag of the integrity also answers 304', async () => {
    const published = await publishOk(
      registry,
      { name: '@hardening/etag', version: '1.0.0', kind: 'action' },
      { token: registry.adminToken },
    );
    const res = await registry.request('/v1/packages/hardening/etag/1.0.0/tarball', {
      headers: { 'if-none-match': `W/"${published.integrity as string}"` },
    });
    assert.equal(res.status, 304);
  });

  it('a public package cannot depend on a private one; a private one can', async () => {
    await publishOk(
      registry,
      { name: '@hardening/secret-actions', version: '1.0.0', kind: 'action' },
      { token: registry.adminToken, access: 'private' },
    );
    const spec = {
      name: '@hardening/uses-secret',
      version: '1.0.0',
      dependencies: { '@hardening/secret-actions': '^1.0.0' },
      calls: ['@hardening/secret-actions.secret-actions'],
    };
    const problem = await expectProblem(
      await publish(registry, spec, { token: registry.adminToken }),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    assert.deepEqual(
      (problem.details as { unresolved: Array<{ name: string }> }).unresolved.map((entry) => entry.name),
      ['@hardening/secret-actions'],
    );
    const rows = await rowsOf(
      registry,
      sql`select 1 from packages where full_name = '@hardening/uses-secret'`,
    );
    assert.equal(rows.length, 0);
    await publishOk(registry, spec, { token: registry.adminToken, access: 'private' });
  });

  it('a restricted admin token may revoke itself but no other token', async () => {
    const other = await createToken(registry, registry.adminToken, { name: 'other', scopes: ['read'] });
    const restricted = await createToken(registry, registry.adminToken, {
      name: 'restricted',
      scopes: ['admin'],
      restriction: '@hardening',
    });
    await expectProblem(
      await registry.request(`/v1/tokens/${other.id}`, { method: 'DELETE', token: restricted.token }),
      403,
      'FORBIDDEN',
    );
    await expectJson(
      await registry.request('/v1/tokens/current', { method: 'DELETE', token: restricted.token }),
    );
  });
});
