/**
 * Hostile input against a running registry: YAML and JSON complexity bombs in uploads and bodies,
 * Windows-unsafe names, token misuse, rate limits, a private first publish racing a public one, and
 * confusable names. Every refusal has its stable code, nothing is half-written, and the registry
 * keeps answering. (Tarball structure attacks are in tests/unit/tarball-unsafe.test.ts; the CLI's
 * download bounds in tests/e2e/cli-hostile-registry.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import {
  buildFiles,
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
import { rawFile, rawTgz } from '../helpers/raw-tar.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let owner: string;

before(async () => {
  registry = await startTestRegistry();
  owner = await createUser(registry, 'hilda');
  await createOrg(registry, owner, 'hostile');
});
after(async () => {
  await registry.close();
});

async function healthy(): Promise<void> {
  await expectJson(await registry.request('/v1/health'));
}

async function versionsOf(name: string): Promise<number> {
  const rows = await rowsOf<{ n: number }>(
    registry,
    sql`select count(*)::int as n from versions v join packages p on p.id = v.package_id where p.full_name = ${name}`,
  );
  return rows[0]?.n ?? 0;
}

async function refusedUpload(name: string, files: Record<string, string>): Promise<string[]> {
  const res = await publish(registry, { name, version: '1.0.0', files }, { token: owner });
  const problem = await expectProblem(res, 422, 'INVALID_PACKAGE');
  assert.equal(await versionsOf(name), 0, 'nothing written');
  const issues = (problem.details as { issues: Array<{ code: string; message: string }> }).issues;
  return issues.map((issue) => `${issue.code} ${issue.message}`);
}

describe('YAML and JSON complexity bombs', () => {
  it('an action with 60,000 parameters is refused, and the registry keeps answering', async () => {
    const lines = ['name: big', 'runner_type: local-shell-cmd', 'parameters:'];
    for (let i = 0; i < 60_000; i++) lines.push(`  p${i}: { type: string }`);
    const issues = await refusedUpload('@hostile/many-params', {
      'actions/big.yaml': `${lines.join('\n')}\n`,
    });
    assert.ok(
      issues.some((issue) => issue.startsWith('INVALID_YAML')),
      issues.join('\n'),
    );
    await healthy();
  });

  it('aliases expanding to megabytes of text, deep nesting, duplicate keys and foreign tags are refused', async () => {
    const string = `s: &s "${'x'.repeat(90_000)}"\nl: [${Array(99).fill('*s').join(', ')}]\n`;
    const deep = `name: deep\nx: ${'['.repeat(500)}${']'.repeat(500)}\n`;
    const tagged = 'name: tagged\nx: !!python/object/apply:os.system ["id"]\n';
    const duplicate = 'name: dup\nname: dup\n';
    for (const [label, text] of Object.entries({ string, deep, tagged, duplicate })) {
      const issues = await refusedUpload(`@hostile/bomb-${label}`, { 'workflows/w.yaml': text });
      assert.ok(
        issues.some((issue) => issue.startsWith('INVALID_YAML')),
        `${label}: ${issues.join('\n')}`,
      );
    }
    await healthy();
  });

  it('twenty deeply nested uploads at once are all refused, the registry answering throughout', async () => {
    const text = `name: nest\nx: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        publish(
          registry,
          { name: `@hostile/nest-${i}`, version: '1.0.0', files: { 'workflows/n.yaml': text } },
          { token: owner },
        ),
      ),
    );
    for (const res of answers) await expectProblem(res, 422, 'INVALID_PACKAGE');
    await healthy();
  });

  it('a deeply nested JSON body answers 400, not 500', async () => {
    const body = `{"name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    await expectProblem(
      await registry.request('/v1/tokens', {
        method: 'POST',
        token: owner,
        body,
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'BAD_REQUEST',
    );
    const nested = `{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    await expectProblem(
      await registry.request('/v1/tokens', {
        method: 'POST',
        token: owner,
        body: nested,
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'BAD_REQUEST',
    );
  });
});

describe('names Windows cannot hold', () => {
  it('refuses device names, trailing dots and spaces, drive letters and bidirectional controls', async () => {
    for (const file of ['CON', 'docs/aux.md', 'a.txt.', 'a.txt ', 'C:evil.txt', 'invoice\u202etxt.sh']) {
      // Built by hand: our own packer refuses these names before they could be sent.
      const spec = { name: '@hostile/windows', version: '1.0.0' };
      const entries = [...buildFiles(spec)].map(([path, bytes]) => rawFile(`package/${path}`, bytes));
      const tarball = rawTgz(...entries, rawFile(`package/${file}`, 'x'));
      const problem = await expectProblem(
        await publish(registry, spec, { token: owner, tarball }),
        422,
        'TARBALL_UNSAFE',
      );
      assert.ok(
        ['WINDOWS_UNSAFE', 'INVALID_PATH'].includes((problem.details as { reason: string }).reason),
        JSON.stringify(file),
      );
    }
    assert.equal(await versionsOf('@hostile/windows'), 0);
  });
});

describe('token misuse', () => {
  it('tokens minted by a token die with it, however deep', async () => {
    const user = await createUser(registry, 'tina');
    const child = (await createToken(registry, user, { name: 'child', scopes: ['read', 'publish'] })).token;
    const grandchild = (await createToken(registry, child, { name: 'grandchild', scopes: ['read'] })).token;
    await expectJson(await registry.request('/v1/whoami', { token: grandchild }));
    const res = await registry.request('/v1/tokens/current', { method: 'DELETE', token: child });
    assert.ok(res.status === 204 || res.status === 200, String(res.status));
    await expectProblem(await registry.request('/v1/whoami', { token: grandchild }), 401, 'UNAUTHENTICATED');
    await expectJson(await registry.request('/v1/whoami', { token: user }));
  });

  it('lists only ph_ and four characters of each secret', async () => {
    const list = await expectJson<{ tokens: Array<{ prefix: string }> }>(
      await registry.request('/v1/tokens', { token: owner }),
    );
    const fresh = (await createToken(registry, owner, { name: 'prefix', scopes: ['read'] })).token;
    const after = await expectJson<{ tokens: Array<{ prefix: string }> }>(
      await registry.request('/v1/tokens', { token: owner }),
    );
    const added = after.tokens.find((token) => !list.tokens.some((old) => old.prefix === token.prefix));
    assert.equal(added?.prefix, fresh.slice(0, 7));
  });

  it('caps live tokens per user (TOKEN_LIMIT)', async () => {
    const user = await createUser(registry, 'mint');
    let last: Response | undefined;
    for (let i = 0; i < 101; i++) {
      last = await registry.request('/v1/tokens', json('POST', { name: `t${i}`, scopes: ['read'] }, user));
      if (last.status !== 201) break;
    }
    await expectProblem(last!, 409, 'TOKEN_LIMIT');
  });

  it("a package-restricted token does not list its organisation's members", async () => {
    const { token: restricted } = await createToken(registry, owner, {
      name: 'one-package',
      scopes: ['read'],
      restriction: '@hostile/some',
    });
    const org = await expectJson<{ members?: unknown }>(
      await registry.request('/v1/orgs/hostile', { token: restricted }),
    );
    assert.equal(org.members, undefined);
    const full = await expectJson<{ members?: unknown[] }>(
      await registry.request('/v1/orgs/hostile', { token: owner }),
    );
    assert.ok(full.members && full.members.length > 0);
  });
});

describe('rate limits', () => {
  let limited: TestRegistry;
  let user: string;
  before(async () => {
    limited = await startTestRegistry({
      PATTERNHUB_RATE_AUTH_FAILURES: '5',
      PATTERNHUB_RATE_PUBLISHES: '3',
      PATTERNHUB_RATE_SEARCHES: '8',
    });
    user = await createUser(limited, 'rita');
  });
  after(async () => {
    await limited.close();
  });

  it('publishes per user: 429 with Retry-After past the limit', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 4; i++)
      res = await publish(limited, { name: '@rita/fast', version: `1.0.${i}` }, { token: user });
    await expectProblem(res!, 429, 'RATE_LIMITED');
    assert.match(res!.headers.get('retry-after') ?? '', /^\d+$/);
  });

  it('searches per client: 429 with Retry-After past the limit', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 9; i++) res = await limited.request(`/v1/search?q=disk${i}`);
    await expectProblem(res!, 429, 'RATE_LIMITED');
    assert.match(res!.headers.get('retry-after') ?? '', /^\d+$/);
  });

  it('failed authentications: 429 with Retry-After, then even a good token waits', async () => {
    let res: Response | undefined;
    for (let i = 0; i < 6; i++)
      res = await limited.request('/v1/whoami', { token: `ph_wrong${i}wrongwrongwrongwrong` });
    assert.equal(res!.status, 429);
    assert.match(res!.headers.get('retry-after') ?? '', /^\d+$/);
    await expectProblem(await limited.request('/v1/whoami', { token: user }), 429, 'RATE_LIMITED');
    // Requests without credentials have nothing to guess with: they still answer.
    await expectJson(await limited.request('/v1/health'));
  });
});

describe('publish races and look-alike names', () => {
  it('a private first publish racing a public one never lands in a public package', async () => {
    for (let round = 0; round < 15; round++) {
      const name = `@hostile/race-${round}`;
      const [, closed] = await Promise.all([
        publish(registry, { name, version: '1.0.0' }, { token: owner, access: 'public' }),
        publish(registry, { name, version: '1.0.1' }, { token: owner, access: 'private' }),
      ]);
      const rows = await rowsOf<{ access: string }>(
        registry,
        sql`select access from packages where full_name = ${name}`,
      );
      if (rows[0]?.access === 'public') await expectProblem(closed, 409, 'ACCESS_MISMATCH');
      else assert.equal(closed.status, 201);
    }
    // Asked for private on a package that is public: refused too. (Which side won each race above
    // is up to the scheduler, so this uses a package known to be public.)
    await publishOk(
      registry,
      { name: '@hostile/plainly-public', version: '1.0.0' },
      { token: owner, access: 'public' },
    );
    await expectProblem(
      await publish(
        registry,
        { name: '@hostile/plainly-public', version: '2.0.0' },
        { token: owner, access: 'private' },
      ),
      409,
      'ACCESS_MISMATCH',
    );
  });

  it("refuses a name that imitates another organisation's package; flags one that imitates its own", async () => {
    await publishOk(registry, { name: '@hostile/disk-full', version: '1.0.0' }, { token: owner });
    const flagged = await publishOk(
      registry,
      { name: '@hostile/disk-fu11', version: '1.0.0' },
      { token: owner },
    );
    const warnings = flagged.warnings as Array<{ code: string }>;
    assert.ok(
      warnings.some((warning) => warning.code === 'NAME_CONFUSABLE'),
      JSON.stringify(warnings),
    );

    // An organisation whose name looks like another's cannot be created…
    await expectProblem(
      await registry.request('/v1/orgs', json('POST', { name: 'h0stile' }, owner)),
      409,
      'NAME_CONFUSABLE',
    );
    // …and where one exists (made before this rule), its look-alike packages are refused.
    const mallory = await createUser(registry, 'mallory');
    await rowsOf(registry, sql`insert into orgs (name) values ('hosti1e')`);
    await rowsOf(
      registry,
      sql`insert into org_members (org_id, user_id, role)
          select o.id, u.id, 'owner' from orgs o, users u where o.name = 'hosti1e' and u.username = 'mallory'`,
    );
    const problem = await expectProblem(
      await publish(registry, { name: '@hosti1e/disk-full', version: '1.0.0' }, { token: mallory }),
      409,
      'NAME_CONFUSABLE',
    );
    assert.deepEqual((problem.details as { resembles: string[] }).resembles.sort(), [
      '@hostile/disk-fu11',
      '@hostile/disk-full',
    ]);
    assert.equal(await versionsOf('@hosti1e/disk-full'), 0);
    // A different name in the same look-alike scope is fine.
    await publishOk(registry, { name: '@hosti1e/pager', version: '1.0.0' }, { token: mallory });
  });
});
