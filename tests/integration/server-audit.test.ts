/**
 * GET /v1/orgs/:org/audit — every change is recorded with who, what, which token and which
 * request; only the org's owners read it; it never holds a secret.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { AuditPage } from '../../src/core/api-types.js';
import {
  buildTarball,
  createToken,
  createUser,
  expectJson,
  expectProblem,
  json,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import type { TestRegistry } from '../helpers/registry.js';
import { setUpRegistry } from '../helpers/setup.js';

let registry: TestRegistry;
let owner: string;
let ownerTokenId: string;
let ci: { token: string; id: string };
let publisher: string;
let reader: string;
const secrets: string[] = [];
/** The x-request-id of each change, by what it did. */
const requestIds = new Map<string, string>();

async function change(label: string, res: Response, status = 200): Promise<void> {
  await expectJson(res, status);
  requestIds.set(label, res.headers.get('x-request-id')!);
}

async function audit(org: string, token: string, query = ''): Promise<AuditPage> {
  return expectJson(await registry.request(`/v1/orgs/${org}/audit${query}`, { token }));
}

before(async () => {
  let tokens: Record<string, string>;
  ({ registry, tokens } = await setUpRegistry({
    users: ['owen', 'paula', 'ray'],
    orgs: { ledger: { owner: 'owen', members: { paula: 'publisher', ray: 'reader' } } },
  }));
  [owner, publisher, reader] = [tokens.owen!, tokens.paula!, tokens.ray!];
  secrets.push(registry.adminToken, owner, publisher, reader);
  ownerTokenId = (
    await expectJson<{ token: { id: string } }>(await registry.request('/v1/whoami', { token: owner }))
  ).token.id;
  ci = await createToken(registry, publisher, { name: 'ci', scopes: ['publish'], restriction: '@ledger' });
  secrets.push(ci.token);

  await publishOk(registry, { name: '@ledger/book', version: '1.0.0' }, { token: ci.token });
  await change(
    'publish',
    await registry.request('/v1/packages/ledger/book/1.1.0', {
      method: 'PUT',
      token: ci.token,
      body: buildTarball({ name: '@ledger/book', version: '1.1.0' }) as Uint8Array<ArrayBuffer>,
      headers: { 'x-request-id': 'publish-1.1.0' },
    }),
    201,
  );
  await change(
    'tag',
    await registry.request(
      '/v1/packages/ledger/book/dist-tags/stable',
      json('PUT', { version: '1.0.0' }, owner),
    ),
  );
  await change(
    'untag',
    await registry.request('/v1/packages/ledger/book/dist-tags/stable', { method: 'DELETE', token: owner }),
  );
  await change(
    'deprecate',
    await registry.request(
      '/v1/packages/ledger/book/deprecate',
      json('POST', { range: '1.0.0', message: 'old' }, owner),
    ),
  );
  await change(
    'yank',
    await registry.request('/v1/packages/ledger/book/1.0.0/yank', { method: 'PUT', token: owner }),
  );
  await change(
    'unyank',
    await registry.request('/v1/packages/ledger/book/1.0.0/yank', { method: 'DELETE', token: owner }),
  );
  await change(
    'remove',
    await registry.request('/v1/packages/ledger/book/1.1.0', { method: 'DELETE', token: owner }),
  );
  await createUser(registry, 'tmp');
  await change(
    'member.set',
    await registry.request('/v1/orgs/ledger/members/tmp', json('PUT', { role: 'reader' }, owner)),
  );
  await change(
    'member.remove',
    await registry.request('/v1/orgs/ledger/members/tmp', { method: 'DELETE', token: owner }),
  );
});
after(async () => {
  await registry.close();
});

describe('the audit log records every change', () => {
  it('with action, actor, token id, target and request id', async () => {
    const { entries } = await audit('ledger', owner, '?limit=500');
    const find = (action: string, target?: string) =>
      entries.find((entry) => entry.action === action && (target === undefined || entry.target === target));

    const published = find('package.publish', '@ledger/book@1.1.0');
    assert.ok(published);
    assert.equal(published.actor, 'paula');
    assert.equal(published.tokenId, ci.id);
    assert.equal(published.requestId, 'publish-1.1.0');
    assert.equal(typeof published.details?.integrity, 'string');
    assert.ok(find('package.publish', '@ledger/book@1.0.0'));

    const expected: Array<[string, string, string]> = [
      ['tag', 'dist-tag.set', '@ledger/book'],
      ['untag', 'dist-tag.remove', '@ledger/book'],
      ['deprecate', 'package.deprecate', '@ledger/book'],
      ['yank', 'package.yank', '@ledger/book@1.0.0'],
      ['unyank', 'package.unyank', '@ledger/book@1.0.0'],
      ['remove', 'package.remove', '@ledger/book@1.1.0'],
      ['member.set', 'org.member.set', 'tmp'],
      ['member.remove', 'org.member.remove', 'tmp'],
    ];
    for (const [label, action, target] of expected) {
      const entry = find(action, target);
      assert.ok(entry, `${action} ${target} is recorded`);
      assert.equal(entry.actor, 'owen', action);
      assert.equal(entry.tokenId, ownerTokenId, action);
      assert.equal(entry.requestId, requestIds.get(label), action);
      assert.ok(!Number.isNaN(Date.parse(entry.at)));
    }
    assert.deepEqual(find('dist-tag.set')?.details, { tag: 'stable', version: '1.0.0' });
    assert.equal(find('package.deprecate')?.details?.message, 'old');
    assert.ok(find('org.create', '@ledger'));
    assert.deepEqual(
      entries.filter((entry) => entry.action === 'org.member.set').map((entry) => entry.target),
      ['tmp', 'ray', 'paula'],
    );
    // Newest first.
    const ids = entries.map((entry) => entry.id);
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => b - a),
    );
  });

  it("token changes go to the user's personal log", async () => {
    const made = await createToken(registry, owner, { name: 'audit-me', scopes: ['read'] });
    secrets.push(made.token);
    await expectJson(await registry.request(`/v1/tokens/${made.id}`, { method: 'DELETE', token: owner }));
    const { entries } = await audit('owen', owner);
    const created = entries.find((entry) => entry.action === 'token.create' && entry.target === made.id);
    assert.deepEqual(created?.details, { name: 'audit-me', scopes: ['read'], restriction: null });
    assert.ok(entries.some((entry) => entry.action === 'token.revoke' && entry.target === made.id));
    // The user's creation by the administrator is in the new user's log.
    const { entries: paulas } = await audit('paula', publisher);
    assert.ok(paulas.some((entry) => entry.action === 'user.create' && entry.actor === 'admin'));
  });

  it('pages with limit and before', async () => {
    const first = await audit('ledger', owner, '?limit=3');
    assert.equal(first.entries.length, 3);
    assert.ok(first.next);
    const second = await audit('ledger', owner, `?limit=3&before=${first.next}`);
    assert.equal(second.entries.length, 3);
    assert.ok(second.entries.every((entry) => entry.id < first.next!));
    for (const query of ['?limit=0', '?limit=501', '?limit=x', '?before=-1', '?before=abc']) {
      await expectProblem(
        await registry.request(`/v1/orgs/ledger/audit${query}`, { token: owner }),
        400,
        'BAD_REQUEST',
      );
    }
  });
});

describe('the audit log is for owners only', () => {
  it('publishers, readers and strangers 403; anonymous 401; unknown org 404', async () => {
    const stranger = await createUser(registry, 'stan');
    secrets.push(stranger);
    for (const token of [publisher, reader, stranger, ci.token]) {
      await expectProblem(await registry.request('/v1/orgs/ledger/audit', { token }), 403, 'FORBIDDEN');
    }
    // Not even for one's own personal scope's neighbour.
    await expectProblem(await registry.request('/v1/orgs/owen/audit', { token: stranger }), 403, 'FORBIDDEN');
    await expectProblem(await registry.request('/v1/orgs/ledger/audit'), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await registry.request('/v1/orgs/no-such/audit', { token: owner }),
      404,
      'ORG_NOT_FOUND',
    );
    // A registry administrator may read it.
    await audit('ledger', registry.adminToken);
  });
});

describe('the audit log never holds a secret', () => {
  it('no token secret in any audit row, nor in what the route answers', async () => {
    const rows = await rowsOf<{ row: string }>(
      registry,
      sql`select row_to_json(a)::text as row from audit_log a`,
    );
    assert.ok(rows.length > 10);
    const answers = [
      JSON.stringify(await audit('ledger', owner, '?limit=500')),
      JSON.stringify(await audit('owen', owner, '?limit=500')),
      JSON.stringify(await audit('paula', publisher, '?limit=500')),
    ];
    for (const secret of secrets) {
      for (const { row } of rows) assert.ok(!row.includes(secret), 'a secret is in audit_log');
      for (const answer of answers) assert.ok(!answer.includes(secret), 'a secret is in an audit answer');
    }
  });
});
