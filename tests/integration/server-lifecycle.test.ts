/**
 * After publishing: dist-tags (latest moves only on a higher release), deprecation, yanking (hidden
 * from resolution, still downloadable) and removal (72 hours, no dependents, number never reused).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { distTagsPath, packagePath } from '../../src/core/api-paths.js';
import type { PackageDocument } from '../../src/core/api-types.js';
import {
  createUser,
  expectJson,
  expectProblem,
  json,
  type PackageSpec,
  publish,
  publishOk,
} from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

const HOUR = 60 * 60 * 1000;
let registry: TestRegistry;
let admin: string;
let outsider: string;

before(async () => {
  registry = await startTestRegistry();
  admin = registry.adminToken;
  outsider = await createUser(registry, 'outsider');
});
afterEach(() => {
  registry.clock.offsetMs = 0;
});
after(async () => {
  await registry.close();
});

async function distTags(name: string): Promise<Record<string, string>> {
  return expectJson<Record<string, string>>(await registry.request(distTagsPath(`@${name}`)));
}

async function doc(name: string): Promise<PackageDocument> {
  return expectJson<PackageDocument>(await registry.request(packagePath(`@${name}`)));
}

describe('dist-tags', () => {
  it('latest moves on a higher release, not on a lower one or a prerelease', async () => {
    const name = '@admin/tagged';
    await publishOk(registry, { name, version: '1.0.0' }, { token: admin });
    await publishOk(registry, { name, version: '1.1.0' }, { token: admin });
    assert.deepEqual(await distTags('admin/tagged'), { latest: '1.1.0' });
    // A backport below latest does not move it.
    const backport = await publishOk(registry, { name, version: '1.0.1' }, { token: admin });
    assert.deepEqual(backport.distTags, {});
    // Neither does a prerelease published without a tag.
    await publishOk(registry, { name, version: '2.0.0-rc.1' }, { token: admin });
    assert.deepEqual(await distTags('admin/tagged'), { latest: '1.1.0' });
    await publishOk(registry, { name, version: '1.2.0' }, { token: admin });
    assert.equal((await doc('admin/tagged')).latest, '1.2.0');
  });

  it('--tag publishes move only their tag, never latest', async () => {
    const name = '@admin/tag-flag';
    await publishOk(registry, { name, version: '1.0.0' }, { token: admin });
    const body = await publishOk(registry, { name, version: '2.0.0' }, { token: admin, tag: 'next' });
    assert.deepEqual(body.distTags, { next: '2.0.0' });
    assert.deepEqual(await distTags('admin/tag-flag'), { latest: '1.0.0', next: '2.0.0' });
    const version = await expectJson<{ version: string }>(
      await registry.request('/v1/packages/admin/tag-flag/latest'),
    );
    assert.equal(version.version, '1.0.0');
  });

  it("a new package's first publish under a tag also sets latest (as npm does)", async () => {
    const body = await publishOk(
      registry,
      { name: '@admin/first-beta', version: '1.0.0-beta.1' },
      { token: admin, tag: 'beta' },
    );
    assert.deepEqual(body.distTags, { latest: '1.0.0-beta.1', beta: '1.0.0-beta.1' });
    assert.deepEqual(await distTags('admin/first-beta'), { beta: '1.0.0-beta.1', latest: '1.0.0-beta.1' });
    // The first release then takes latest over from the prerelease.
    await publishOk(registry, { name: '@admin/first-beta', version: '1.0.0' }, { token: admin });
    assert.equal((await distTags('admin/first-beta')).latest, '1.0.0');
  });

  it('PUT and DELETE a tag; latest can be pointed back but not removed', async () => {
    const name = '@admin/retag';
    await publishOk(registry, { name, version: '1.0.0' }, { token: admin });
    await publishOk(registry, { name, version: '1.1.0' }, { token: admin });
    const set = await registry.request(
      '/v1/packages/admin/retag/dist-tags/stable',
      json('PUT', { version: '1.0.0' }, admin),
    );
    assert.deepEqual(await expectJson(set), { latest: '1.1.0', stable: '1.0.0' });
    const back = await registry.request(
      '/v1/packages/admin/retag/dist-tags/latest',
      json('PUT', { version: '1.0.0' }, admin),
    );
    assert.deepEqual(await expectJson(back), { latest: '1.0.0', stable: '1.0.0' });
    const removed = await registry.request('/v1/packages/admin/retag/dist-tags/stable', {
      method: 'DELETE',
      token: admin,
    });
    assert.deepEqual(await expectJson(removed), { latest: '1.0.0' });
    await expectProblem(
      await registry.request('/v1/packages/admin/retag/dist-tags/latest', { method: 'DELETE', token: admin }),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/retag/dist-tags/stable', { method: 'DELETE', token: admin }),
      404,
      'DIST_TAG_NOT_FOUND',
    );
  });

  it('errors: unknown version, tag that looks like a version, missing body', async () => {
    await publishOk(registry, { name: '@admin/tag-errors', version: '1.0.0' }, { token: admin });
    const base = '/v1/packages/admin/tag-errors/dist-tags';
    await expectProblem(
      await registry.request(`${base}/stable`, json('PUT', { version: '9.9.9' }, admin)),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request(`${base}/1.0.0`, json('PUT', { version: '1.0.0' }, admin)),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(await registry.request(`${base}/stable`, json('PUT', {}, admin)), 400, 'BAD_REQUEST');
    await expectProblem(
      await registry.request(
        '/v1/packages/admin/nope/dist-tags/stable',
        json('PUT', { version: '1.0.0' }, admin),
      ),
      404,
      'PACKAGE_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/nope/dist-tags'),
      404,
      'PACKAGE_NOT_FOUND',
    );
  });

  it('security: anonymous 401, a non-member 403; nothing changes', async () => {
    await publishOk(registry, { name: '@admin/tag-guarded', version: '1.0.0' }, { token: admin });
    const path = '/v1/packages/admin/tag-guarded/dist-tags/evil';
    await expectProblem(
      await registry.request(path, json('PUT', { version: '1.0.0' })),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await registry.request(path, json('PUT', { version: '1.0.0' }, outsider)),
      403,
      'FORBIDDEN',
    );
    await expectProblem(
      await registry.request(
        '/v1/packages/admin/tag-guarded/dist-tags/latest',
        json('PUT', { version: '1.0.0' }, outsider),
      ),
      403,
      'FORBIDDEN',
    );
    assert.deepEqual(await distTags('admin/tag-guarded'), { latest: '1.0.0' });
  });
});

describe('deprecate', () => {
  it('marks the versions in a range with the message; an empty message undeprecates', async () => {
    const name = '@admin/old';
    for (const version of ['1.0.0', '1.1.0', '2.0.0'])
      await publishOk(registry, { name, version }, { token: admin });
    const message = 'Use @admin/new instead';
    const res = await registry.request(
      '/v1/packages/admin/old/deprecate',
      json('POST', { range: '^1.0.0', message }, admin),
    );
    const body = await expectJson<{ versions: string[]; deprecated: string }>(res);
    assert.deepEqual(body.versions.sort(), ['1.0.0', '1.1.0']);
    assert.equal(body.deprecated, message);

    let document = await doc('admin/old');
    assert.equal(document.versions['1.0.0']?.deprecated, message);
    assert.equal(document.versions['1.1.0']?.deprecated, message);
    assert.equal(document.versions['2.0.0']?.deprecated, undefined);
    const version = await expectJson<{ deprecated: string | null }>(
      await registry.request('/v1/packages/admin/old/1.1.0'),
    );
    assert.equal(version.deprecated, message);

    await expectJson(
      await registry.request(
        '/v1/packages/admin/old/deprecate',
        json('POST', { range: '1.0.0', message: '' }, admin),
      ),
    );
    document = await doc('admin/old');
    assert.equal(document.versions['1.0.0']?.deprecated, undefined);
    assert.equal(document.versions['1.1.0']?.deprecated, message);
  });

  it('errors: bad range 400, no matching version 404, message missing 400', async () => {
    await publishOk(registry, { name: '@admin/dep-errors', version: '1.0.0' }, { token: admin });
    const path = '/v1/packages/admin/dep-errors/deprecate';
    await expectProblem(
      await registry.request(path, json('POST', { range: 'not a range!', message: 'x' }, admin)),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request(path, json('POST', { range: '^5.0.0', message: 'x' }, admin)),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request(path, json('POST', { range: '*' }, admin)),
      400,
      'BAD_REQUEST',
    );
    await expectProblem(
      await registry.request(path, json('POST', { range: '*', message: 'x'.repeat(1025) }, admin)),
      400,
      'BAD_REQUEST',
    );
  });

  it('security: anonymous 401, a non-member 403', async () => {
    await publishOk(registry, { name: '@admin/dep-guarded', version: '1.0.0' }, { token: admin });
    const path = '/v1/packages/admin/dep-guarded/deprecate';
    await expectProblem(await registry.request(path, json('POST', { message: 'x' })), 401, 'UNAUTHENTICATED');
    await expectProblem(
      await registry.request(path, json('POST', { message: 'x' }, outsider)),
      403,
      'FORBIDDEN',
    );
    assert.equal((await doc('admin/dep-guarded')).versions['1.0.0']?.deprecated, undefined);
  });
});

describe('yank', () => {
  it('flags the version in metadata; it stays downloadable by exact version', async () => {
    const name = '@admin/yanky';
    await publishOk(registry, { name, version: '1.0.0', kind: 'action' }, { token: admin });
    const res = await registry.request('/v1/packages/admin/yanky/1.0.0/yank', {
      method: 'PUT',
      token: admin,
    });
    assert.deepEqual(await expectJson(res), { name, version: '1.0.0', yanked: true });
    assert.equal((await doc('admin/yanky')).versions['1.0.0']?.yanked, true);
    const version = await expectJson<{ yanked: boolean }>(
      await registry.request('/v1/packages/admin/yanky/1.0.0'),
    );
    assert.equal(version.yanked, true);
    const tarball = await registry.request('/v1/packages/admin/yanky/1.0.0/tarball');
    assert.equal(tarball.status, 200);
    assert.ok((await tarball.arrayBuffer()).byteLength > 0);
  });

  it('is hidden from resolution: a dependent range matching only yanked versions does not resolve', async () => {
    const lib = '@admin/yank-lib';
    await publishOk(registry, { name: lib, version: '1.0.0', kind: 'action' }, { token: admin });
    await publishOk(registry, { name: lib, version: '1.1.0', kind: 'action' }, { token: admin });
    await expectJson(
      await registry.request('/v1/packages/admin/yank-lib/1.1.0/yank', { method: 'PUT', token: admin }),
    );
    const user: PackageSpec = {
      name: '@admin/yank-user',
      version: '1.0.0',
      dependencies: { [lib]: '~1.1.0' },
      calls: [`${lib}.yank-lib`],
    };
    const problem = await expectProblem(
      await publish(registry, user, { token: admin }),
      422,
      'DEPENDENCY_UNRESOLVED',
    );
    assert.deepEqual(
      (problem.details.unresolved as Array<{ name: string }>).map((entry) => entry.name),
      [lib],
    );
    // Unyanked, it resolves again.
    const unyank = await registry.request('/v1/packages/admin/yank-lib/1.1.0/yank', {
      method: 'DELETE',
      token: admin,
    });
    assert.deepEqual(await expectJson(unyank), { name: lib, version: '1.1.0', yanked: false });
    assert.equal((await doc('admin/yank-lib')).versions['1.1.0']?.yanked, false);
    await publishOk(registry, user, { token: admin });
  });

  it('errors and security', async () => {
    await publishOk(registry, { name: '@admin/yank-guarded', version: '1.0.0' }, { token: admin });
    await expectProblem(
      await registry.request('/v1/packages/admin/yank-guarded/9.0.0/yank', { method: 'PUT', token: admin }),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/yank-guarded/1.0.0/yank', { method: 'PUT' }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/yank-guarded/1.0.0/yank', {
        method: 'PUT',
        token: outsider,
      }),
      403,
      'FORBIDDEN',
    );
    assert.equal((await doc('admin/yank-guarded')).versions['1.0.0']?.yanked, false);
  });
});

describe('removal', () => {
  it('within 72 hours: the version goes, latest moves back, the number stays taken', async () => {
    const name = '@admin/removable';
    await publishOk(registry, { name, version: '1.0.0' }, { token: admin });
    await publishOk(registry, { name, version: '1.1.0' }, { token: admin });
    registry.clock.offsetMs = 71 * HOUR;
    const res = await registry.request('/v1/packages/admin/removable/1.1.0', {
      method: 'DELETE',
      token: admin,
    });
    assert.deepEqual(await expectJson(res), { name, version: '1.1.0', removed: true });

    const document = await doc('admin/removable');
    assert.deepEqual(Object.keys(document.versions), ['1.0.0']);
    assert.deepEqual(document.removed, ['1.1.0']);
    assert.equal(document.latest, '1.0.0');
    await expectProblem(
      await registry.request('/v1/packages/admin/removable/1.1.0'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/removable/1.1.0/tarball'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/removable/1.1.0/files/README.md'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await publish(registry, { name, version: '1.1.0' }, { token: admin }),
      409,
      'VERSION_EXISTS',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/removable/1.1.0', { method: 'DELETE', token: admin }),
      404,
      'VERSION_NOT_FOUND',
    );
  });

  it('removing the last version takes the package out of search; its name stays taken', async () => {
    const name = '@admin/zephyr-lone-runbook';
    await publishOk(registry, { name, version: '1.0.0', keywords: ['zephyrlone'] }, { token: admin });
    const search = async () =>
      expectJson<{ results: Array<{ name: string }> }>(await registry.request('/v1/search?q=zephyrlone'));
    assert.deepEqual(
      (await search()).results.map((result) => result.name),
      [name],
    );
    const res = await registry.request('/v1/packages/admin/zephyr-lone-runbook/1.0.0', {
      method: 'DELETE',
      token: admin,
    });
    await expectJson(res);
    assert.deepEqual((await search()).results, []);
    assert.equal((await doc('admin/zephyr-lone-runbook')).latest, null);
    await expectProblem(
      await publish(registry, { name, version: '1.0.0' }, { token: admin }),
      409,
      'VERSION_EXISTS',
    );
  });

  it('after 72 hours: 409 UNPUBLISH_WINDOW_CLOSED, and the version stays', async () => {
    await publishOk(registry, { name: '@admin/too-old', version: '1.0.0' }, { token: admin });
    registry.clock.offsetMs = 73 * HOUR;
    await expectProblem(
      await registry.request('/v1/packages/admin/too-old/1.0.0', { method: 'DELETE', token: admin }),
      409,
      'UNPUBLISH_WINDOW_CLOSED',
    );
    await expectJson(await registry.request('/v1/packages/admin/too-old/1.0.0'));
  });

  it('the window counts from publication on the same clock (a version published later is removable)', async () => {
    registry.clock.offsetMs = 100 * HOUR;
    await publishOk(registry, { name: '@admin/late', version: '1.0.0' }, { token: admin });
    registry.clock.offsetMs = 170 * HOUR;
    await expectJson(
      await registry.request('/v1/packages/admin/late/1.0.0', { method: 'DELETE', token: admin }),
    );
  });

  it('with dependents: 409 HAS_DEPENDENTS naming them; allowed once the dependent is gone', async () => {
    const lib = '@admin/depended-on';
    await publishOk(registry, { name: lib, version: '1.0.0', kind: 'action' }, { token: admin });
    await publishOk(
      registry,
      {
        name: '@admin/depender',
        version: '1.0.0',
        dependencies: { [lib]: '^1.0.0' },
        calls: [`${lib}.depended-on`],
      },
      { token: admin },
    );
    const problem = await expectProblem(
      await registry.request('/v1/packages/admin/depended-on/1.0.0', { method: 'DELETE', token: admin }),
      409,
      'HAS_DEPENDENTS',
    );
    assert.deepEqual(problem.details.dependents, ['@admin/depender@1.0.0']);
    await expectJson(await registry.request('/v1/packages/admin/depended-on/1.0.0'));

    await expectJson(
      await registry.request('/v1/packages/admin/depender/1.0.0', { method: 'DELETE', token: admin }),
    );
    await expectJson(
      await registry.request('/v1/packages/admin/depended-on/1.0.0', { method: 'DELETE', token: admin }),
    );
    assert.deepEqual((await doc('admin/depended-on')).removed, ['1.0.0']);
  });

  it('security: anonymous 401, a non-member 403; nothing is removed', async () => {
    await publishOk(registry, { name: '@admin/remove-guarded', version: '1.0.0' }, { token: admin });
    await expectProblem(
      await registry.request('/v1/packages/admin/remove-guarded/1.0.0', { method: 'DELETE' }),
      401,
      'UNAUTHENTICATED',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/remove-guarded/1.0.0', {
        method: 'DELETE',
        token: outsider,
      }),
      403,
      'FORBIDDEN',
    );
    await expectJson(await registry.request('/v1/packages/admin/remove-guarded/1.0.0'));
  });
});
