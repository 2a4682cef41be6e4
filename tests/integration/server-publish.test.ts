/**
 * PUT /v1/packages/:scope/:name/:version — happy, error and security cases: validation on the
 * server, immutability, dependency ranges, the semver bump rule and its recorded override.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { packagePath } from '../../src/core/api-paths.js';
import { computeIntegrity } from '../../src/core/tarball/index.js';
import {
  buildTarball,
  createOrg,
  createToken,
  createUser,
  expectJson,
  expectProblem,
  type PackageSpec,
  publish,
  publishOk,
  rowsOf,
} from '../helpers/packages.js';
import { rawEntry, rawFile, rawTgz } from '../helpers/raw-tar.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
let admin: string;

before(async () => {
  registry = await startTestRegistry();
  admin = registry.adminToken;
});
after(async () => {
  await registry.close();
});

async function versionRows(fullName: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    registry,
    sql`select count(*)::int as n from versions v join packages p on p.id = v.package_id
        where p.full_name = ${fullName}`,
  );
  return row!.n;
}

async function packageRows(fullName: string): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    registry,
    sql`select count(*)::int as n from packages where full_name = ${fullName}`,
  );
  return row!.n;
}

/** Nothing of the refused publish is in the database: no package, version, blob or audit entry. */
async function assertNothingWritten(fullName: string, tarball?: Uint8Array): Promise<void> {
  assert.equal(await packageRows(fullName), 0, 'no package row');
  assert.equal(await versionRows(fullName), 0, 'no version row');
  const [audit] = await rowsOf<{ n: number }>(
    registry,
    sql`select count(*)::int as n from audit_log where target like ${`${fullName}@%`}`,
  );
  assert.equal(audit!.n, 0, 'no audit entry');
  if (tarball) {
    const key = Buffer.from(computeIntegrity(tarball).slice('sha512-'.length), 'base64').toString('hex');
    const [blob] = await rowsOf<{ n: number }>(
      registry,
      sql`select count(*)::int as n from blobs where key = ${key}`,
    );
    assert.equal(blob!.n, 0, 'no blob');
  }
  await expectProblem(await registry.request(packagePath(fullName)), 404, 'PACKAGE_NOT_FOUND');
}

describe('publish: happy path', () => {
  it('answers 201 with the version metadata, and the version reads back', async () => {
    const spec: PackageSpec = { name: '@admin/hello', version: '1.0.0', keywords: ['demo'] };
    const tarball = buildTarball(spec);
    const body = await publishOk(registry, spec, { token: admin, tarball });
    assert.equal(body.name, '@admin/hello');
    assert.equal(body.version, '1.0.0');
    assert.equal(body.kind, 'pattern');
    assert.equal(body.access, 'public');
    assert.equal(body.integrity, computeIntegrity(tarball));
    assert.deepEqual(body.distTags, { latest: '1.0.0' });
    assert.deepEqual(
      (body.files as Array<{ path: string }>).map((file) => file.path),
      ['README.md', 'patternhub.yaml', 'workflows/hello.yaml'],
    );

    const doc = await expectJson<{ versions: Record<string, { integrity: string }>; latest: string }>(
      await registry.request('/v1/packages/admin/hello'),
    );
    assert.equal(doc.latest, '1.0.0');
    assert.equal(doc.versions['1.0.0']?.integrity, computeIntegrity(tarball));
  });

  it('publishes an action package, and a pattern that calls its action through a dependency', async () => {
    await publishOk(registry, { name: '@admin/tools', version: '1.2.0', kind: 'action' }, { token: admin });
    const body = await publishOk(
      registry,
      {
        name: '@admin/uses-tools',
        version: '1.0.0',
        dependencies: { '@admin/tools': '^1.0.0' },
        calls: ['@admin/tools.tools'],
      },
      { token: admin },
    );
    assert.deepEqual(body.dependencies, { '@admin/tools': '^1.0.0' });
    const [edge] = await rowsOf<{ range: string }>(
      registry,
      sql`select d.range from dependencies d join versions v on v.id = d.version_id
          join packages p on p.id = v.package_id
          where p.full_name = '@admin/uses-tools' and d.depends_on = '@admin/tools'`,
    );
    assert.equal(edge?.range, '^1.0.0');
  });

  it('accepts the scope written @scope and %40scope in the URL', async () => {
    const spec: PackageSpec = { name: '@admin/encoded', version: '1.0.0' };
    const res = await registry.request('/v1/packages/%40admin/encoded/1.0.0', {
      method: 'PUT',
      token: admin,
      body: buildTarball(spec) as Uint8Array<ArrayBuffer>,
    });
    await expectJson(res, 201);
  });

  it('creates a private package with ?access=private', async () => {
    const body = await publishOk(
      registry,
      { name: '@admin/private-one', version: '1.0.0' },
      { token: admin, access: 'private' },
    );
    assert.equal(body.access, 'private');
    await expectProblem(await registry.request('/v1/packages/admin/private-one'), 404, 'PACKAGE_NOT_FOUND');
  });

  it('packs deterministically: the same files give the same integrity', () => {
    const spec: PackageSpec = { name: '@admin/same', version: '1.0.0' };
    assert.equal(computeIntegrity(buildTarball(spec)), computeIntegrity(buildTarball(spec)));
  });
});

describe('publish: immutability', () => {
  it('refuses a second publish of the same name@version with 409 VERSION_EXISTS', async () => {
    const spec: PackageSpec = { name: '@admin/immutable', version: '1.0.0' };
    await publishOk(registry, spec, { token: admin });
    // Different bytes, same number: still refused, and the first stays.
    const changed: PackageSpec = { ...spec, description: 'Different.' };
    await expectProblem(await publish(registry, changed, { token: admin }), 409, 'VERSION_EXISTS');
    assert.equal(await versionRows('@admin/immutable'), 1);
    const version = await expectJson<{ integrity: string }>(
      await registry.request('/v1/packages/admin/immutable/1.0.0'),
    );
    assert.equal(version.integrity, computeIntegrity(buildTarball(spec)));
  });

  it('never reuses a version number, even after the version was removed', async () => {
    const spec: PackageSpec = { name: '@admin/removed-once', version: '1.0.0' };
    await publishOk(registry, spec, { token: admin });
    await expectJson(
      await registry.request('/v1/packages/admin/removed-once/1.0.0', { method: 'DELETE', token: admin }),
    );
    await expectProblem(await publish(registry, spec, { token: admin }), 409, 'VERSION_EXISTS');
  });

  it('refuses to change the kind of an existing package', async () => {
    await publishOk(registry, { name: '@admin/kind-fixed', version: '1.0.0' }, { token: admin });
    const problem = await expectProblem(
      await publish(
        registry,
        { name: '@admin/kind-fixed', version: '2.0.0', kind: 'action' },
        { token: admin },
      ),
      422,
      'INVALID_PACKAGE',
    );
    assert.ok(problem.detail);
    assert.equal(await versionRows('@admin/kind-fixed'), 1);
  });
});

describe('publish: refused packages write nothing', () => {
  it('TARBALL_UNSAFE for path traversal, links and absolute paths', async () => {
    const manifest = rawFile(
      'package/patternhub.yaml',
      'name: "@admin/unsafe"\nversion: 1.0.0\nkind: pattern\ndescription: x\n',
    );
    const cases: Array<[string, Uint8Array]> = [
      ['PATH_TRAVERSAL', rawTgz(manifest, rawFile('package/../../etc/cron.d/evil', 'x'))],
      ['ABSOLUTE_PATH', rawTgz(manifest, rawFile('/etc/passwd', 'x'))],
      ['LINK', rawTgz(manifest, rawEntry({ name: 'package/link', type: '2', linkname: '/etc/passwd' }))],
      ['DUPLICATE_ENTRY', rawTgz(manifest, manifest)],
    ];
    for (const [reason, tarball] of cases) {
      const problem = await expectProblem(
        await publish(registry, { name: '@admin/unsafe', version: '1.0.0' }, { token: admin, tarball }),
        422,
        'TARBALL_UNSAFE',
      );
      assert.equal(problem.details.reason, reason);
      await assertNothingWritten('@admin/unsafe', tarball);
    }
  });

  it('TARBALL_INVALID for bytes that are not a gzipped tar', async () => {
    const tarball = new TextEncoder().encode('this is not a tarball at all');
    await expectProblem(
      await publish(registry, { name: '@admin/garbage', version: '1.0.0' }, { token: admin, tarball }),
      422,
      'TARBALL_INVALID',
    );
    await assertNothingWritten('@admin/garbage');
  });

  it('INVALID_PACKAGE with the validation issues', async () => {
    const spec: PackageSpec = {
      name: '@admin/broken',
      version: '1.0.0',
      files: {
        'workflows/broken.yaml': [
          'name: broken',
          'workflow:',
          '  version: 1.0',
          '  tasks:',
          '    first:',
          '      action: core.noop',
          '      next:',
          '        - do: nowhere',
          '',
        ].join('\n'),
      },
    };
    const tarball = buildTarball(spec);
    const problem = await expectProblem(
      await publish(registry, spec, { token: admin, tarball }),
      422,
      'INVALID_PACKAGE',
    );
    const issues = problem.details.issues as Array<{ code: string; file: string; severity: string }>;
    assert.ok(Array.isArray(issues) && issues.length > 0);
    assert.ok(
      issues.some((issue) => issue.code === 'UNKNOWN_TASK' && issue.file === 'workflows/broken.yaml'),
    );
    await assertNothingWritten('@admin/broken', tarball);
  });

  it('a manifest whose name or version differs from the URL: EXPECT_MISMATCH', async () => {
    // The manifest says @admin/real@1.0.0; the URL asks for another name, then another version.
    const spec: PackageSpec = { name: '@admin/real', version: '1.0.0' };
    for (const [urlName, urlVersion] of [
      ['@admin/other-name', '1.0.0'],
      ['@admin/real', '1.0.1'],
    ] as const) {
      const problem = await expectProblem(
        await publish(registry, spec, { token: admin, urlName, urlVersion }),
        422,
        'INVALID_PACKAGE',
      );
      const issues = problem.details.issues as Array<{ code: string }>;
      assert.ok(
        issues.some((issue) => issue.code === 'EXPECT_MISMATCH'),
        JSON.stringify(issues),
      );
      await assertNothingWritten(urlName);
    }
    await assertNothingWritten('@admin/real');
  });

  it('a manifest naming a scope the caller cannot publish to is refused by the URL check', async () => {
    // Authorisation follows the URL; the manifest must then match it, so no cross-scope smuggling.
    const spec: PackageSpec = { name: '@victim/pkg', version: '1.0.0' };
    const problem = await expectProblem(
      await publish(registry, spec, { token: admin, urlName: '@admin/smuggle' }),
      422,
      'INVALID_PACKAGE',
    );
    assert.ok((problem.details.issues as Array<{ code: string }>).some((i) => i.code === 'EXPECT_MISMATCH'));
  });

  it('DEPENDENCY_UNRESOLVED: no such package, or no version in the range', async () => {
    await publishOk(
      registry,
      { name: '@admin/dep-base', version: '1.0.0', kind: 'action' },
      { token: admin },
    );
    const missing: PackageSpec = {
      name: '@admin/needs-missing',
      version: '1.0.0',
      dependencies: { '@admin/does-not-exist': '^1.0.0' },
    };
    const p1 = await expectProblem(
      await publish(registry, missing, { token: admin }),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    assert.deepEqual(
      (p1.details.unresolved as Array<{ name: string }>).map((entry) => entry.name),
      ['@admin/does-not-exist'],
    );
    await assertNothingWritten('@admin/needs-missing');

    const outOfRange: PackageSpec = {
      name: '@admin/needs-v2',
      version: '1.0.0',
      dependencies: { '@admin/dep-base': '^2.0.0' },
      calls: ['@admin/dep-base.dep-base'],
    };
    const p2 = await expectProblem(
      await publish(registry, outOfRange, { token: admin }),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    assert.deepEqual(
      (p2.details.unresolved as Array<{ name: string; range: string }>).map((e) => [e.name, e.range]),
      [['@admin/dep-base', '^2.0.0']],
    );
    await assertNothingWritten('@admin/needs-v2');
  });

  it('validates against the version install would pick: deprecated versions are avoided', async () => {
    const lib = '@admin/dep-deprecated';
    await publishOk(registry, { name: lib, version: '1.0.0', kind: 'action' }, { token: admin });
    const extra = {
      'actions/extra.yaml':
        'name: extra\ndescription: New.\nrunner_type: local-shell-cmd\nparameters:\n  message:\n    type: string\n',
    };
    await publishOk(
      registry,
      { name: lib, version: '1.1.0', kind: 'action', files: extra },
      { token: admin },
    );
    await expectJson(
      await registry.request('/v1/packages/admin/dep-deprecated/deprecate', {
        method: 'POST',
        token: admin,
        body: JSON.stringify({ range: '1.1.0', message: 'broken' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    // ^1.0.0 resolves to 1.0.0 (as install does), which has no `extra` action.
    const user: PackageSpec = {
      name: '@admin/uses-extra',
      version: '1.0.0',
      dependencies: { [lib]: '^1.0.0' },
      calls: [`${lib}.extra`],
    };
    const problem = await expectProblem(
      await publish(registry, user, { token: admin }),
      422,
      'INVALID_PACKAGE',
    );
    assert.ok((problem.details.issues as Array<{ code: string }>).some((i) => i.code === 'UNKNOWN_ACTION'));
    // Asking for the deprecated version by name still gets it.
    await publishOk(registry, { ...user, dependencies: { [lib]: '1.1.0' } }, { token: admin });
  });

  it('a workflow calling an action its dependency does not have is INVALID_PACKAGE', async () => {
    await publishOk(registry, { name: '@admin/has-one', version: '1.0.0', kind: 'action' }, { token: admin });
    await expectProblem(
      await publish(
        registry,
        {
          name: '@admin/calls-unknown',
          version: '1.0.0',
          dependencies: { '@admin/has-one': '^1.0.0' },
          calls: ['@admin/has-one.not-there'],
        },
        { token: admin },
      ),
      422,
      'INVALID_PACKAGE',
    );
    await assertNothingWritten('@admin/calls-unknown');
  });
});

describe('publish: semver bump rule', () => {
  it('refuses a patch bump for a breaking change (SEMVER_BUMP_MISMATCH) and accepts the major', async () => {
    await publishOk(registry, { name: '@admin/bumpy', version: '1.0.0' }, { token: admin });
    const breaking: PackageSpec = { name: '@admin/bumpy', version: '1.0.1', parameters: { host: true } };
    const problem = await expectProblem(
      await publish(registry, breaking, { token: admin }),
      409,
      'SEMVER_BUMP_MISMATCH',
    );
    assert.equal(problem.details.required, 'major');
    assert.equal(problem.details.actual, 'patch');
    assert.ok(
      (problem.details.changes as Array<{ kind: string }>).some((c) => c.kind === 'parameter.added-required'),
    );
    assert.equal(await versionRows('@admin/bumpy'), 1);
    // A blank reason is no override.
    await expectProblem(
      await publish(registry, breaking, { token: admin, overrideBump: '   ' }),
      409,
      'SEMVER_BUMP_MISMATCH',
    );
    await publishOk(registry, { ...breaking, version: '2.0.0' }, { token: admin });
  });

  it('records an override: ?overrideBump=reason shows in bumpOverride and in the audit log', async () => {
    await publishOk(registry, { name: '@admin/forced', version: '1.0.0' }, { token: admin });
    const reason = 'hotfix: callers already pass host';
    const body = await publishOk(
      registry,
      { name: '@admin/forced', version: '1.0.1', parameters: { host: true } },
      { token: admin, overrideBump: reason },
    );
    const override = body.bumpOverride as Record<string, unknown>;
    assert.equal(override.reason, reason);
    assert.equal(override.by, 'admin');
    assert.equal(override.required, 'major');
    assert.equal(override.actual, 'patch');

    const version = await expectJson<{ bumpOverride: { reason: string } }>(
      await registry.request('/v1/packages/admin/forced/1.0.1'),
    );
    assert.equal(version.bumpOverride.reason, reason);

    const audit = await expectJson<{
      entries: Array<{ action: string; target: string; details: { bumpOverride?: { reason: string } } }>;
    }>(await registry.request('/v1/orgs/admin/audit', { token: admin }));
    const entry = audit.entries.find(
      (e) => e.action === 'package.publish' && e.target === '@admin/forced@1.0.1',
    );
    assert.equal(entry?.details.bumpOverride?.reason, reason);
    // A publish without override records none.
    const plain = audit.entries.find((e) => e.target === '@admin/forced@1.0.0');
    assert.equal(plain?.details.bumpOverride, undefined);
  });
});

describe('publish: request errors', () => {
  it('INVALID_VERSION, INVALID_NAME and BAD_REQUEST for a malformed URL or query', async () => {
    const spec: PackageSpec = { name: '@admin/url-errors', version: '1.0.0' };
    for (const version of ['v1.0.0', '1.0', '01.0.0', '1.0.0+build.1']) {
      await expectProblem(
        await publish(registry, spec, { token: admin, urlVersion: version }),
        400,
        'INVALID_VERSION',
      );
    }
    const bad = await registry.request('/v1/packages/admin/Upper_Case/1.0.0', {
      method: 'PUT',
      token: admin,
      body: buildTarball(spec) as Uint8Array<ArrayBuffer>,
    });
    await expectProblem(bad, 400, 'INVALID_NAME');
    await expectProblem(await publish(registry, spec, { token: admin, tag: '1.0.0' }), 400, 'BAD_REQUEST');
    await expectProblem(
      await publish(registry, spec, { token: admin, tag: 'no spaces' }),
      400,
      'BAD_REQUEST',
    );
    const access = await registry.request('/v1/packages/admin/url-errors/1.0.0?access=secret', {
      method: 'PUT',
      token: admin,
      body: buildTarball(spec) as Uint8Array<ArrayBuffer>,
    });
    await expectProblem(access, 400, 'BAD_REQUEST');
    const empty = await registry.request('/v1/packages/admin/url-errors/1.0.0', {
      method: 'PUT',
      token: admin,
    });
    await expectProblem(empty, 400, 'BAD_REQUEST');
    await assertNothingWritten('@admin/url-errors');
  });

  it('ORG_NOT_FOUND when an administrator publishes to a scope nobody owns', async () => {
    await expectProblem(
      await publish(registry, { name: '@nobody-owns/x', version: '1.0.0' }, { token: admin }),
      404,
      'ORG_NOT_FOUND',
    );
  });
});

describe('publish: security', () => {
  let alice: string;
  before(async () => {
    alice = await createUser(registry, 'alice');
  });

  it('401 UNAUTHENTICATED without a token, or with an unknown one', async () => {
    const spec: PackageSpec = { name: '@alice/anon', version: '1.0.0' };
    await expectProblem(await publish(registry, spec, { token: undefined }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await publish(registry, spec, { token: 'ph_notarealtoken0000000000000000000000000' }),
      401,
      'UNAUTHENTICATED',
    );
    await assertNothingWritten('@alice/anon');
  });

  it("403 FORBIDDEN in another user's scope, or in an org the user is not in", async () => {
    await createOrg(registry, admin, 'admins-only');
    await expectProblem(
      await publish(registry, { name: '@admin/alice-was-here', version: '1.0.0' }, { token: alice }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await publish(registry, { name: '@admins-only/x', version: '1.0.0' }, { token: alice }),
      403,
      'FORBIDDEN',
    );
    // A scope that does not exist is no different for a user: forbidden.
    await expectProblem(
      await publish(registry, { name: '@no-such-scope/x', version: '1.0.0' }, { token: alice }),
      403,
      'FORBIDDEN',
    );
    await assertNothingWritten('@admin/alice-was-here');
    await assertNothingWritten('@admins-only/x');
  });

  it('a user publishes to their own scope; a read-only token of theirs may not', async () => {
    await publishOk(registry, { name: '@alice/mine', version: '1.0.0' }, { token: alice });
    const readOnly = await createToken(registry, alice, { scopes: ['read'] });
    await expectProblem(
      await publish(registry, { name: '@alice/mine', version: '1.1.0' }, { token: readOnly.token }),
      403,
      'FORBIDDEN',
    );
    assert.equal(await versionRows('@alice/mine'), 1);
  });

  it('records who published with which token', async () => {
    const token = await createToken(registry, alice, { name: 'ci', scopes: ['publish'] });
    await publishOk(registry, { name: '@alice/audited', version: '1.0.0' }, { token: token.token });
    const [row] = await rowsOf<{ token_id: string; username: string }>(
      registry,
      sql`select v.token_id::text as token_id, u.username from versions v
          join packages p on p.id = v.package_id join users u on u.id = v.published_by
          where p.full_name = '@alice/audited'`,
    );
    assert.equal(row?.token_id, token.id);
    assert.equal(row?.username, 'alice');
  });
});
