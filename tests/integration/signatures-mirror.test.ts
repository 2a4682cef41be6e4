/**
 * Registry signatures and mirrors with real servers: an upstream registry, and a team registry
 * mirroring its `@community` scope (through a proxy the tests can stop). The CLI installs and
 * audits against both.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { type RegistryKey, verifyVersionSignature } from '../../src/core/signatures.js';
import { prepareSigner, signUnsignedVersions } from '../../src/services/signing-keys.js';
import { type CliRun, runCli } from '../helpers/cli.js';
import { createOrg, expectProblem, publishOk, rowsOf } from '../helpers/packages.js';
import { type ProjectBox, projectBox } from '../helpers/project-box.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { type RegistryProxy, startRegistryProxy } from '../helpers/registry-proxy.js';
import { tempDir } from '../helpers/temp-dir.js';
import { treeHash } from '../helpers/tree-hash.js';

let upstream: TestRegistry;
let proxy: RegistryProxy;
let team: TestRegistry;
const work = tempDir('signatures');

const LINUX = '@community/linux';
const CHATOPS = '@community/chatops';
const TOOLS = '@acme/tools';
const NEVER = '@community/never-fetched';

before(async () => {
  upstream = await startTestRegistry();
  proxy = await startRegistryProxy(upstream.url);
  team = await startTestRegistry({
    PATTERNHUB_UPSTREAMS: `@community=${proxy.url},@acme=${proxy.url}`,
    PATTERNHUB_UPSTREAM_TTL: '0',
    PATTERNHUB_UPSTREAM_TIMEOUT: '5',
  });
  await createOrg(upstream, upstream.adminToken, 'community');
  await createOrg(upstream, upstream.adminToken, 'acme');
  await publishOk(
    upstream,
    { name: LINUX, version: '1.0.0', kind: 'action' },
    { token: upstream.adminToken },
  );
  await publishOk(
    upstream,
    { name: CHATOPS, version: '1.0.0', kind: 'action' },
    { token: upstream.adminToken },
  );
  await publishOk(
    upstream,
    { name: NEVER, version: '1.0.0', kind: 'action' },
    { token: upstream.adminToken },
  );
  // The team owns @acme: upstream's @acme/tools must never be served by the team registry.
  await publishOk(
    upstream,
    { name: TOOLS, version: '9.9.9', kind: 'action' },
    { token: upstream.adminToken },
  );
  await createOrg(team, team.adminToken, 'acme');
  await publishOk(team, { name: TOOLS, version: '1.0.0', kind: 'action' }, { token: team.adminToken });
});

after(async () => {
  await proxy?.close();
  await Promise.all([team?.close(), upstream?.close()]);
  rmSync(work, { recursive: true, force: true });
});

let counter = 0;
function project(registry: string): ProjectBox {
  return projectBox(join(work, `case-${++counter}`), { registry });
}

function run(x: { dir: string; env: Record<string, string> }, args: string[]): Promise<CliRun> {
  return runCli([...args, '--json'], { cwd: x.dir, env: x.env });
}

function errorCode(result: CliRun): string {
  return (JSON.parse(result.stderr) as { error: { code: string } }).error.code;
}

async function keysOf(registry: TestRegistry): Promise<RegistryKey[]> {
  const res = await registry.request('/v1/keys');
  assert.equal(res.status, 200);
  return ((await res.json()) as { keys: RegistryKey[] }).keys;
}

/** Runs `change` on the registry's database, then `check`, then undoes it. */
async function withTampering(
  registry: TestRegistry,
  change: ReturnType<typeof sql>,
  undo: ReturnType<typeof sql>,
  check: () => Promise<void>,
) {
  await registry.database.db.execute(change);
  try {
    await check();
  } finally {
    await registry.database.db.execute(undo);
  }
}

describe('signatures', () => {
  it('GET /v1/keys lists the key; every version carries a signature that verifies; no private key anywhere', async () => {
    const keys = await keysOf(upstream);
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.algorithm, 'ecdsa-sha2-nistp256');
    assert.equal(keys[0]!.expires, null);
    const text = JSON.stringify(keys);
    assert.ok(!/PRIVATE/.test(text));
    const version = (await (await upstream.request('/v1/packages/community/linux/1.0.0')).json()) as {
      integrity: string;
      publishedAt: string;
      dist: { signatures: Array<{ keyid: string; sig: string }> };
    };
    assert.equal(version.dist.signatures[0]!.keyid, keys[0]!.keyid);
    const keyid = verifyVersionSignature(
      { name: LINUX, version: '1.0.0', integrity: version.integrity, signatures: version.dist.signatures },
      keys,
    );
    assert.equal(keyid, keys[0]!.keyid);
    const pkg = (await (await upstream.request('/v1/packages/community/linux')).json()) as {
      versions: Record<string, { signatures: unknown[] }>;
    };
    assert.deepEqual(pkg.versions['1.0.0']!.signatures, version.dist.signatures);
    // A signature over other bytes does not verify.
    assert.throws(
      () =>
        verifyVersionSignature(
          {
            name: LINUX,
            version: '1.0.1',
            integrity: version.integrity,
            signatures: version.dist.signatures,
          },
          keys,
        ),
      { code: 'SIGNATURE_INVALID' },
    );
  });

  it('install records the key ids in the lockfile, and audit signatures verifies the project', async () => {
    const x = project(upstream.url);
    const result = await run(x, ['install', LINUX]);
    assert.equal(result.code, 0, result.stderr);
    const lock = parse(readFileSync(join(x.dir, 'patternhub.lock'), 'utf8'));
    const [key] = await keysOf(upstream);
    assert.equal(lock.packages[LINUX].signatures[0].keyid, key!.keyid);
    const audit = await run(x, ['audit', 'signatures']);
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(audit.json<{ verified: number }>().verified, 1);
    // A repeat install from the lockfile verifies again, from the lockfile's signatures.
    assert.equal((await run(x, ['install'])).code, 0);
  });

  it('a tampered integrity fails the install with SIGNATURE_INVALID and leaves the project as it was', async () => {
    const x = project(upstream.url);
    const before = treeHash(x.dir);
    const [row] = await rowsOf<{ integrity: string }>(
      upstream,
      sql`select integrity from versions where version = '1.0.0' and package_id = (select id from packages where full_name = ${CHATOPS})`,
    );
    const other = `sha512-${Buffer.alloc(64, 7).toString('base64')}`;
    await withTampering(
      upstream,
      sql`update versions set integrity = ${other} where integrity = ${row!.integrity}`,
      sql`update versions set integrity = ${row!.integrity} where integrity = ${other}`,
      async () => {
        const result = await run(x, ['install', CHATOPS]);
        assert.equal(result.code, 3, result.stderr);
        assert.equal(errorCode(result), 'SIGNATURE_INVALID');
      },
    );
    assert.equal(treeHash(x.dir), before);
  });

  it('a tampered tarball fails with INTEGRITY_MISMATCH, nothing written', async () => {
    const x = project(upstream.url);
    const before = treeHash(x.dir);
    const [row] = await rowsOf<{ key: string; data: Buffer }>(
      upstream,
      sql`select b.key, b.data from blobs b join versions v on v.blob_key = b.key join packages p on p.id = v.package_id where p.full_name = ${CHATOPS}`,
    );
    const flipped = Buffer.from(row!.data);
    flipped[flipped.length - 5] = (flipped[flipped.length - 5] ?? 0) ^ 0xff;
    await withTampering(
      upstream,
      sql`update blobs set data = ${flipped} where key = ${row!.key}`,
      sql`update blobs set data = ${row!.data} where key = ${row!.key}`,
      async () => {
        const result = await run(x, ['install', CHATOPS]);
        assert.notEqual(result.code, 0);
        assert.equal(errorCode(result), 'INTEGRITY_MISMATCH');
      },
    );
    assert.equal(treeHash(x.dir), before);
  });

  it('a signature by a key the registry does not list fails with SIGNATURE_KEY_UNKNOWN', async () => {
    const x = project(upstream.url);
    const before = treeHash(x.dir);
    const other = await prepareSignerOffline();
    await withTampering(
      upstream,
      sql`update versions set signatures = ${JSON.stringify(other)}::jsonb where package_id = (select id from packages where full_name = ${CHATOPS})`,
      sql`update versions set signatures = null where package_id = (select id from packages where full_name = ${CHATOPS})`,
      async () => {
        const result = await run(x, ['install', CHATOPS]);
        assert.equal(result.code, 3, result.stderr);
        assert.equal(errorCode(result), 'SIGNATURE_KEY_UNKNOWN');
      },
    );
    // The start-up backfill re-signs unsigned versions; here the running signer does it.
    await signUnsignedVersions(upstream.database.db, upstream.server.deps.signer);
    assert.equal(treeHash(x.dir), before);
    assert.equal((await run(x, ['install', CHATOPS])).code, 0);
  });

  it('a missing signature fails with SIGNATURE_MISSING', async () => {
    const x = project(upstream.url);
    await withTampering(
      upstream,
      sql`update versions set signatures = '[]'::jsonb where package_id = (select id from packages where full_name = ${LINUX})`,
      sql`update versions set signatures = null where package_id = (select id from packages where full_name = ${LINUX})`,
      async () => {
        const result = await run(x, ['install', LINUX]);
        assert.equal(errorCode(result), 'SIGNATURE_MISSING');
      },
    );
    await signUnsignedVersions(upstream.database.db, upstream.server.deps.signer);
  });

  it('a version signed after its key expired fails with SIGNATURE_KEY_EXPIRED', async () => {
    const x = project(upstream.url);
    await withTampering(
      upstream,
      sql`update signing_keys set expires_at = now() - interval '1 day'`,
      sql`update signing_keys set expires_at = null`,
      async () => {
        const result = await run(x, ['install', LINUX]);
        assert.equal(result.code, 3, result.stderr);
        assert.equal(errorCode(result), 'SIGNATURE_KEY_EXPIRED');
      },
    );
  });

  it('a rotated key signs new versions; the old key stays listed (expired) and old versions still verify', async () => {
    const registry = await startTestRegistry();
    try {
      await createOrg(registry, registry.adminToken, 'rot');
      await publishOk(
        registry,
        { name: '@rot/a', version: '1.0.0', kind: 'action' },
        { token: registry.adminToken },
      );
      const [first] = await keysOf(registry);
      const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      registry.server.deps.signer = await prepareSigner(registry.database.db, pem, new Date());
      await publishOk(
        registry,
        { name: '@rot/b', version: '1.0.0', kind: 'action' },
        { token: registry.adminToken },
      );
      const keys = await keysOf(registry);
      assert.equal(keys.length, 2);
      assert.equal(keys.find((key) => key.keyid === first!.keyid)!.expires !== null, true);
      const second = keys.find((key) => key.keyid !== first!.keyid)!;
      assert.equal(second.expires, null);
      const b = (await (await registry.request('/v1/packages/rot/b/1.0.0')).json()) as {
        dist: { signatures: Array<{ keyid: string }> };
      };
      assert.equal(b.dist.signatures[0]!.keyid, second.keyid);
      const x = project(registry.url);
      const result = await run(x, ['install', '@rot/a', '@rot/b']);
      assert.equal(result.code, 0, result.stderr);
      const stored = await rowsOf<{ private_key: string | null }>(
        registry,
        sql`select private_key from signing_keys`,
      );
      assert.ok(
        stored.every((row) => row.private_key === null),
        'a retired or configured key keeps no private key',
      );
    } finally {
      await registry.close();
    }
  });
});

/** Signatures by a key the registry never saw. */
async function prepareSignerOffline() {
  const { describePrivateKey, signVersion } = await import('../../src/core/signatures.js');
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const { keyid, privateKey } = describePrivateKey(pem);
  const [row] = await rowsOf<{ integrity: string }>(
    upstream,
    sql`select v.integrity from versions v join packages p on p.id = v.package_id where p.full_name = ${CHATOPS}`,
  );
  return [signVersion(privateKey, keyid, CHATOPS, '1.0.0', row!.integrity)];
}

describe('mirror', () => {
  it('serves an upstream scope, marked mirrored, signed by the upstream and by itself', async () => {
    const res = await team.request('/v1/packages/community/linux');
    assert.equal(res.status, 200);
    const document = (await res.json()) as {
      mirrored: boolean;
      versions: Record<string, { signatures: Array<{ keyid: string }> }>;
    };
    assert.equal(document.mirrored, true);
    const [upstreamKey] = await keysOf(upstream);
    const [teamKey] = await keysOf(team);
    const keyids = document.versions['1.0.0']!.signatures.map((s) => s.keyid);
    assert.deepEqual(keyids, [upstreamKey!.keyid, teamKey!.keyid]);
  });

  it('never asks the upstream for a scope owned here: a name published upstream does not shadow or add to it', async () => {
    proxy.reset();
    const local = (await (await team.request('/v1/packages/acme/tools')).json()) as { versions: object };
    assert.deepEqual(Object.keys(local.versions), ['1.0.0']);
    await expectProblem(await team.request('/v1/packages/acme/tools/9.9.9'), 404, 'VERSION_NOT_FOUND');
    assert.deepEqual(
      proxy.requests.filter((r) => r.path.includes('/acme/')),
      [],
    );
  });

  it('an upstream version whose signature does not verify is refused by the mirror (not kept, not served)', async () => {
    await withTampering(
      upstream,
      sql`update versions set signatures = '[]'::jsonb where package_id = (select id from packages where full_name = ${CHATOPS})`,
      sql`update versions set signatures = null where package_id = (select id from packages where full_name = ${CHATOPS})`,
      async () => {
        await expectProblem(await team.request('/v1/packages/community/chatops'), 502, 'SIGNATURE_MISSING');
      },
    );
    await signUnsignedVersions(upstream.database.db, upstream.server.deps.signer);
    const rows = await rowsOf(team, sql`select 1 from mirrored_packages where full_name = ${CHATOPS}`);
    assert.equal(rows.length, 0);
  });

  it('search includes kept mirrored packages, marked, only when asked; a bad value is refused', async () => {
    assert.equal((await team.request('/v1/packages/community/linux')).status, 200);
    const plain = (await (await team.request('/v1/search?q=linux')).json()) as { mirrored?: unknown };
    assert.equal(plain.mirrored, undefined);
    const answer = (await (await team.request('/v1/search?q=linux&mirrored=include')).json()) as {
      mirrored: Array<{ name: string; mirrored: boolean }>;
    };
    assert.deepEqual(
      answer.mirrored.map((entry) => [entry.name, entry.mirrored]),
      [[LINUX, true]],
    );
    await expectProblem(await team.request('/v1/search?q=linux&mirrored=yes'), 400, 'BAD_REQUEST');
  });

  it('the upstream breaking mid-install (tarball connection reset) fails the install cleanly; the next one completes', async () => {
    const x = project(team.url);
    const before = treeHash(x.dir);
    proxy.reset();
    proxy.fault = (request) => (request.path.endsWith('/tarball') ? 'reset' : undefined);
    const broken = await run(x, ['install', CHATOPS]);
    assert.equal(broken.code, 7, broken.stderr);
    assert.equal(errorCode(broken), 'UPSTREAM_UNAVAILABLE');
    assert.equal(treeHash(x.dir), before);
    assert.ok(proxy.metadataGets().length > 0, 'the metadata came through before the break');
    proxy.reset();
    const again = await run(x, ['install', CHATOPS]);
    assert.equal(again.code, 0, again.stderr);
  });

  it('a project installs through the mirror; when the upstream stops, the mirror answers from what it holds', async () => {
    const x = project(team.url);
    const first = await run(x, ['install', LINUX]);
    assert.equal(first.code, 0, first.stderr);
    const lock = parse(readFileSync(join(x.dir, 'patternhub.lock'), 'utf8'));
    assert.equal(lock.packages[LINUX].registry, team.url);
    assert.equal((await run(x, ['audit', 'signatures'])).code, 0);

    await proxy.close();
    const stale = await team.request('/v1/packages/community/linux');
    assert.equal(stale.status, 200);
    assert.equal(stale.headers.get('x-patternhub-stale'), '1');
    assert.match(stale.headers.get('warning') ?? '', /^110 /);
    // A fresh project (cold cache) still installs what the mirror holds.
    const y = project(team.url);
    const again = await run(y, ['install', LINUX]);
    assert.equal(again.code, 0, again.stderr);
    // What the mirror never fetched fails cleanly, and the project stays as it was.
    const z = project(team.url);
    const before = treeHash(z.dir);
    const missing = await run(z, ['install', NEVER]);
    assert.equal(missing.code, 7, missing.stderr);
    assert.equal(errorCode(missing), 'UPSTREAM_UNAVAILABLE');
    assert.equal(treeHash(z.dir), before);
  });
});
