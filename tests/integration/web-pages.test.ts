/**
 * The web pages in-process (`app.request()` on the real app over a real database): status codes,
 * 404 pages, malformed queries, privacy for anonymous, strangers, members and sessions, and the
 * sign-in form's cross-site protections.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { createToken } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { publishWebFixtures, type WebFixtures } from '../helpers/web-fixtures.js';

let registry: TestRegistry;
let fixtures: WebFixtures;
let app: ReturnType<typeof createApp>;
const HOST = 'registry.test';

function get(path: string, headers: Record<string, string> = {}) {
  return app.request(`http://${HOST}${path}`, { headers });
}

async function page(path: string, status: number, headers: Record<string, string> = {}): Promise<string> {
  const res = await get(path, headers);
  const body = await res.text();
  assert.equal(res.status, status, `${path}: ${body.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  assert.doesNotMatch(body, /<script/i);
  assert.doesNotMatch(body, /\n\s+at [\w.<]+ \(/, 'no stack trace');
  return body;
}

function cookieOf(res: Response, name: string): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [key, value] = pair!.split('=');
    if (key === name) return value;
  }
  return undefined;
}

/** Signs in through the form as a browser would; returns the session cookie value. */
async function signIn(token: string): Promise<string> {
  const form = await get('/sign-in');
  const csrf = cookieOf(form, 'ph_csrf')!;
  const field = /name="csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  assert.equal(field, csrf);
  const res = await app.request(`http://${HOST}/sign-in`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: `ph_csrf=${csrf}`,
      origin: `http://${HOST}`,
    },
    body: new URLSearchParams({ csrf, token, next: '/orgs/acme' }).toString(),
  });
  assert.equal(res.status, 303, await res.text());
  assert.equal(res.headers.get('location'), '/orgs/acme');
  const line = res.headers.getSetCookie().find((entry) => entry.startsWith('ph_session='))!;
  assert.match(line, /HttpOnly/i);
  assert.match(line, /SameSite=Lax/i);
  assert.doesNotMatch(line, new RegExp(token), 'the token is never in the cookie');
  return cookieOf(res, 'ph_session')!;
}

before(async () => {
  registry = await startTestRegistry();
  fixtures = await publishWebFixtures(registry);
  app = createApp(registry.server.deps, { logError: () => {} });
});
after(async () => {
  await registry.close();
});

describe('web pages: happy', () => {
  it('home lists recently published and most downloaded packages', async () => {
    const body = await page('/', 200);
    assert.match(body, /Recently published/);
    assert.match(body, /href="\/packages\/@acme\/disk-full"/);
    assert.doesNotMatch(body, /secret-runbook/);
  });

  it('search ranks as /v1/search does, with filters and paging', async () => {
    const api = (await (await get('/v1/search?q=disk')).json()) as { results: Array<{ name: string }> };
    const body = await page('/search?q=disk', 200);
    const names = [...body.matchAll(/class="name" href="\/packages\/([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(
      names,
      api.results.map((r) => r.name),
    );
    const actions = await page('/search?kind=action', 200);
    assert.match(actions, /@community\/linux/);
    assert.doesNotMatch(actions, /class="name" href="\/packages\/@acme\/disk-full"/);
    const uses = await page(`/search?uses=${encodeURIComponent('@community/linux.restart_service')}`, 200);
    assert.match(uses, /@acme\/disk-full/);
    const paged = await page('/search?q=disk&perPage=1', 200);
    assert.match(paged, /rel="next"/);
  });

  it('a package page: versions, tags, dependencies, dependents, parameters and the workflow graph', async () => {
    const body = await page('/packages/@acme/disk-full', 200);
    assert.match(body, /patternhub install @acme\/disk-full</);
    assert.match(body, /<svg[^>]+role="img"/);
    assert.match(body, /join: all/);
    assert.match(body, /with: /);
    assert.match(body, /succeeded\(\) and ctx\(\)\.host/);
    assert.match(body, /href="\/packages\/@community\/linux"/);
    assert.match(body, /href="\/packages\/@acme\/disk-full\/v\/1\.0\.0"/);
    assert.match(body, /badge tag">latest/);
    const linux = await page('/packages/@community/linux', 200);
    assert.match(linux, /threshold/);
    assert.match(linux, /secret/);
    assert.match(linux, /href="\/packages\/@acme\/disk-full"/, 'dependents are listed');
    const old = await page('/packages/@acme/disk-full/v/1.0.0', 200);
    assert.match(old, /patternhub install @acme\/disk-full@1\.0\.0/);
    await page('/packages/@acme/disk-full/v/latest', 200);
  });

  it('a diff page: weights, the required bump, coloured graph and folded text diff', async () => {
    const body = await page(
      `/diff?${new URLSearchParams({ from: '@acme/disk-full@1.0.0', to: '@acme/disk-full@1.1.0' })}`,
      200,
    );
    assert.match(body, /badge minor/);
    assert.match(body, /class="node task added"/);
    assert.match(body, /class="edge (added|changed)"/);
    assert.match(body, /<details class="diff-file">/);
    const across = await page(
      `/diff?${new URLSearchParams({ from: '@acme/disk-full@1.1.0', to: '@globex/disk-full@1.0.0' })}`,
      200,
    );
    assert.match(across, /class="node task removed"/);
    await page('/diff', 200);
  });

  it('an organisation page lists its public packages', async () => {
    const body = await page('/orgs/acme', 200);
    assert.match(body, /@acme\/disk-full/);
    assert.doesNotMatch(body, /secret-runbook/);
    assert.doesNotMatch(body, /Members/);
  });

  it('pages stay under 100 KB, the 50-task runbook included', async () => {
    for (const path of ['/', '/packages/@acme/big-runbook', '/packages/@acme/disk-full', '/search?q=disk']) {
      const body = await page(path, 200);
      assert.ok(Buffer.byteLength(body) < 100 * 1024, `${path}: ${Buffer.byteLength(body)} bytes`);
    }
  });
});

describe('web pages: bad input', () => {
  it('unknown package, version, scope or path: a 404 page', async () => {
    await page('/packages/@acme/nope', 404);
    await page('/packages/@acme/disk-full/v/9.9.9', 404);
    await page('/packages/@acme/disk-full/v/no-such-tag', 404);
    await page('/packages/@ACME/Bad.Name', 404);
    await page('/orgs/nobody-here', 404);
    await page('/packages/@acme/disk-full/files', 404);
    await page('/no/such/page', 404);
    await page('/diff?from=@acme/nope@1.0.0&to=@acme/disk-full@1.0.0', 404);
  });

  it('malformed queries: a clear message, 400, never a stack trace', async () => {
    assert.match(await page('/search?kind=bogus', 400), /kind must be pattern or action/);
    assert.match(await page('/search?page=abc', 400), /page must be a positive integer/);
    await page(`/search?q=${'x'.repeat(300)}`, 400);
    await page('/search?uses=not%20a%20ref', 400);
    assert.match(
      await page('/diff?from=@acme/disk-full@1.0.0', 400),
      /&quot;to&quot; must name a package version/,
    );
    await page('/diff?from=not-a-package&to=@acme/disk-full@1.0.0', 400);
    await page('/packages/@acme/disk-full%00', 400);
  });

  it('the JSON API keeps answering problem+json', async () => {
    const res = await get('/v1/nope');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
  });
});

describe('web pages: privacy and sessions', () => {
  const secret = '/packages/@acme/secret-runbook';

  it('a private package is a 404 page for anonymous people and strangers, on every page', async () => {
    await page(secret, 404);
    await page(`${secret}/v/1.0.0`, 404);
    await page(secret, 404, { authorization: `Bearer ${fixtures.stranger}` });
    assert.doesNotMatch(await page('/search?q=secret', 200), /secret-runbook/);
    assert.doesNotMatch(await page('/search?q=failover', 200), /secret-runbook/);
    await page(`/diff?from=@acme/secret-runbook@1.0.0&to=@acme/disk-full@1.0.0`, 404);
  });

  it('members see it with a bearer token or a session', async () => {
    await page(secret, 200, { authorization: `Bearer ${fixtures.alice}` });
    const session = await signIn(fixtures.alice);
    const cookie = `ph_session=${session}`;
    assert.match(await page(secret, 200, { cookie }), /Internal failover steps/);
    const org = await page('/orgs/acme', 200, { cookie });
    assert.match(org, /secret-runbook/);
    assert.match(org, /Members/);
    assert.match(await page('/search?q=failover', 200, { cookie }), /secret-runbook/);
    // The API ignores the cookie: only bearer tokens act there.
    const api = await get('/v1/packages/acme/secret-runbook', { cookie });
    assert.equal(api.status, 404);
  });

  it('signing out ends the session on the server', async () => {
    const session = await signIn(fixtures.alice);
    const cookie = `ph_session=${session}`;
    const body = await page('/', 200, { cookie });
    const csrf = /action="\/sign-out" method="post"><input type="hidden" name="csrf" value="([^"]+)"/.exec(
      body,
    )![1]!;
    const refused = await app.request(`http://${HOST}/sign-out`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${HOST}` },
      body: 'csrf=wrong',
    });
    assert.equal(refused.status, 403);
    await page(secret, 200, { cookie });
    const out = await app.request(`http://${HOST}/sign-out`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: `http://${HOST}` },
      body: new URLSearchParams({ csrf }).toString(),
    });
    assert.equal(out.status, 303);
    await page(secret, 404, { cookie });
  });

  it('revoking the token ends its sessions', async () => {
    const token = await createToken(registry, fixtures.alice, { name: 'web', scopes: ['read'] });
    const session = await signIn(token.token);
    const cookie = `ph_session=${session}`;
    await page(secret, 200, { cookie });
    const res = await registry.request(`/v1/tokens/${token.id}`, { method: 'DELETE', token: fixtures.alice });
    assert.equal(res.status, 200);
    await page(secret, 404, { cookie });
  });

  it('the sign-in form refuses other sites, missing form tokens and bad tokens', async () => {
    const form = await get('/sign-in');
    const csrf = cookieOf(form, 'ph_csrf')!;
    const post = (headers: Record<string, string>, fields: Record<string, string>) =>
      app.request(`http://${HOST}/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const fromElsewhere = await post(
      { cookie: `ph_csrf=${csrf}`, origin: 'https://evil.example' },
      { csrf, token: fixtures.alice },
    );
    assert.equal(fromElsewhere.status, 403);
    assert.equal(cookieOf(fromElsewhere, 'ph_session'), undefined);
    const crossSite = await post(
      { cookie: `ph_csrf=${csrf}`, 'sec-fetch-site': 'cross-site' },
      { csrf, token: fixtures.alice },
    );
    assert.equal(crossSite.status, 403);
    const noToken = await post({ origin: `http://${HOST}` }, { csrf, token: fixtures.alice });
    assert.equal(noToken.status, 403);
    const badToken = await post(
      { cookie: `ph_csrf=${csrf}`, origin: `http://${HOST}` },
      { csrf, token: 'ph_not_a_real_token_at_all_00000' },
    );
    assert.equal(badToken.status, 401);
    assert.match(await badToken.text(), /That token is not valid/);
    // A made-up session cookie is nobody.
    await page(secret, 404, { cookie: 'ph_session=made-up' });
  });

  it('after sign-in, only same-site paths are followed', async () => {
    const form = await get('/sign-in?next=//evil.example/x');
    assert.match(await form.text(), /name="next" value="\/"/);
  });
});

describe('web pages: lifecycle marks', () => {
  it('yanked and deprecated versions are marked on the package page', async () => {
    const yank = await registry.request('/v1/packages/acme/disk-full/1.0.0/yank', {
      method: 'PUT',
      token: fixtures.alice,
    });
    assert.equal(yank.status, 200, await yank.text());
    const deprecate = await registry.request('/v1/packages/community/chatops/deprecate', {
      method: 'POST',
      token: registry.adminToken,
      body: JSON.stringify({ range: '1.3.0', message: 'Use @community/slack' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(deprecate.status, 200, await deprecate.text());
    const old = await page('/packages/@acme/disk-full/v/1.0.0', 200);
    assert.match(old, /badge yanked/);
    assert.match(old, /This version was yanked/);
    const chatops = await page('/packages/@community/chatops', 200);
    assert.match(chatops, /badge deprecated/);
    assert.match(chatops, /Deprecated: Use @community\/slack/);
  });
});
