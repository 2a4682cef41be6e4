/**
 * The error contract of every route: application/problem+json with a stable `code`, a `requestId`
 * (also in x-request-id), and the HTTP status the code table gives; body size limits (413).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { ERROR_CODES } from '../../src/core/errors.js';
import { MAX_JSON_BODY_BYTES } from '../../src/server/app.js';
import { expectJson, expectProblem, json, type Problem, publish, rowsOf } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const MAX_TARBALL = 4096;
let registry: TestRegistry;

before(async () => {
  registry = await startTestRegistry({ PATTERNHUB_MAX_TARBALL_BYTES: String(MAX_TARBALL) });
});
after(async () => {
  await registry.close();
});

describe('problem+json', () => {
  it('has the RFC 9457 fields, our code, and the request id of the header', async () => {
    const res = await registry.request('/v1/packages/admin/nope');
    const problem = await expectProblem(res, 404, 'PACKAGE_NOT_FOUND');
    assert.equal(problem.type, 'https://patternhub.dev/errors/package-not-found');
    assert.equal(problem.title, ERROR_CODES.PACKAGE_NOT_FOUND.title);
    assert.equal(typeof problem.detail, 'string');
    assert.equal(res.headers.get('x-request-id'), problem.requestId);
  });

  it('keeps a well-formed incoming x-request-id, replaces a malformed one', async () => {
    const kept = await registry.request('/v1/packages/admin/nope', {
      headers: { 'x-request-id': 'trace-42.a_b' },
    });
    assert.equal((await expectProblem(kept, 404, 'PACKAGE_NOT_FOUND')).requestId, 'trace-42.a_b');
    const replaced = await registry.request('/v1/packages/admin/nope', {
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    });
    const problem = await expectProblem(replaced, 404, 'PACKAGE_NOT_FOUND');
    assert.match(problem.requestId, /^[0-9a-f-]{36}$/);
    // Successful answers carry one too.
    const ok = await registry.request('/v1/health');
    assert.match(ok.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    await ok.json();
  });

  it('an unknown route or method is a 404 NOT_FOUND problem', async () => {
    await expectProblem(await registry.request('/v1/nothing-here'), 404, 'NOT_FOUND');
    await expectProblem(await registry.request('/v2/packages/admin/x'), 404, 'NOT_FOUND');
    await expectProblem(await registry.request('/v1/health', { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('malformed JSON bodies are 400 BAD_REQUEST, not 500', async () => {
    for (const body of ['{', 'null', '[1,2]', '"text"', '42', '']) {
      await expectProblem(
        await registry.request('/v1/orgs', {
          method: 'POST',
          token: registry.adminToken,
          body,
          headers: { 'content-type': 'application/json' },
        }),
        400,
        'BAD_REQUEST',
      );
    }
  });

  it('every status answered matches the code table', async () => {
    // A spread of failures from different routes; expectProblem checks each against ERROR_CODES.
    const cases: Array<[Promise<Response>, number, keyof typeof ERROR_CODES]> = [
      [registry.request('/v1/whoami'), 401, 'UNAUTHENTICATED'],
      [registry.request('/v1/users/ghost'), 404, 'USER_NOT_FOUND'],
      [registry.request('/v1/orgs/ghost'), 404, 'ORG_NOT_FOUND'],
      [registry.request('/v1/tokens/current', { method: 'DELETE' }), 401, 'UNAUTHENTICATED'],
      [
        registry.request('/v1/orgs', json('POST', { name: 'admin' }, registry.adminToken)),
        409,
        'ALREADY_EXISTS',
      ],
      [registry.request('/v1/packages/admin/x/1.0.0/tarball'), 404, 'PACKAGE_NOT_FOUND'],
      [registry.request('/v1/diff?from=bad&to=bad'), 400, 'INVALID_NAME'],
      [
        publish(
          registry,
          { name: '@admin/x', version: '1.0.0' },
          { token: registry.adminToken, urlVersion: 'x' },
        ),
        400,
        'INVALID_VERSION',
      ],
    ];
    for (const [pending, status, code] of cases) await expectProblem(await pending, status, code);
  });

  it('problems never echo a token', async () => {
    const secret = 'ph_ThisIsNotARealTokenButLooksLikeOne12345';
    const res = await registry.request('/v1/whoami', { token: secret });
    const problem: Problem = await expectProblem(res, 401, 'UNAUTHENTICATED');
    assert.ok(!JSON.stringify(problem).includes(secret));
  });
});

describe('body size limits', () => {
  it('a tarball over the limit is 413 PAYLOAD_TOO_LARGE, and nothing is written', async () => {
    const big = new Uint8Array(MAX_TARBALL + 1);
    const res = await publish(
      registry,
      { name: '@admin/huge', version: '1.0.0' },
      { token: registry.adminToken, tarball: big },
    );
    await expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    const rows = await rowsOf(registry, sql`select 1 from packages where full_name = '@admin/huge'`);
    assert.equal(rows.length, 0);
  });

  it('also without a content-length (a streamed body)', async () => {
    const chunk = new Uint8Array(1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= MAX_TARBALL * 4) controller.close();
        else {
          controller.enqueue(chunk);
          sent += chunk.length;
        }
      },
    });
    const res = await registry.request('/v1/packages/admin/streamed/1.0.0', {
      method: 'PUT',
      token: registry.adminToken,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an anonymous oversized tarball is refused by size too', async () => {
    const res = await publish(
      registry,
      { name: '@admin/huge', version: '1.0.0' },
      { token: undefined, tarball: new Uint8Array(MAX_TARBALL + 1) },
    );
    await expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('JSON bodies over the JSON limit are 413 on every JSON route, even anonymously', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(MAX_JSON_BODY_BYTES) });
    for (const [path, method] of [
      ['/v1/orgs', 'POST'],
      ['/v1/tokens', 'POST'],
      ['/v1/users', 'POST'],
      ['/v1/orgs/admin/members/admin', 'PUT'],
      ['/v1/packages/admin/x/dist-tags/beta', 'PUT'],
      ['/v1/packages/admin/x/deprecate', 'POST'],
    ] as const) {
      for (const token of [undefined, registry.adminToken]) {
        await expectProblem(
          await registry.request(path, {
            method,
            token,
            body,
            headers: { 'content-type': 'application/json' },
          }),
          413,
          'PAYLOAD_TOO_LARGE',
        );
      }
    }
    // A normal body still passes.
    await expectJson(
      await registry.request('/v1/orgs', json('POST', { name: 'small' }, registry.adminToken)),
      201,
    );
  });
});
