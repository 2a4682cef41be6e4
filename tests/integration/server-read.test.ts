/**
 * The read routes: package metadata, one version, the tarball (ETag, 304, immutable caching) and
 * single files (content types, FILE_NOT_FOUND, path traversal in the URL).
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { computeIntegrity } from '../../src/core/tarball/index.js';
import { buildTarball, expectJson, expectProblem, type PackageSpec, publishOk } from '../helpers/packages.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';

let registry: TestRegistry;
const spec: PackageSpec = {
  name: '@admin/reader',
  version: '1.0.0',
  keywords: ['disk', 'linux'],
  files: {
    'docs/guide.md': '# Guide\n',
    'docs/with space.md': 'spaced\n',
    'docs/100%.md': 'percent\n',
    'data/blob.bin': new Uint8Array([0, 1, 2, 255]),
  },
};
let tarball: Uint8Array;
let integrity: string;

before(async () => {
  registry = await startTestRegistry();
  tarball = buildTarball(spec);
  integrity = computeIntegrity(tarball);
  await publishOk(registry, spec, { token: registry.adminToken, tarball });
  await publishOk(registry, { ...spec, version: '1.1.0' }, { token: registry.adminToken });
  await publishOk(registry, { ...spec, version: '2.0.0-rc.1' }, { token: registry.adminToken, tag: 'next' });
});
after(async () => {
  await registry.close();
});

/** A GET sent byte for byte as written: fetch would normalise `..` segments away before sending. */
function rawGet(path: string): Promise<{ status: number; body: string; contentType: string }> {
  const url = new URL(registry.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type']) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /v1/packages/:scope/:name', () => {
  it('lists every version with dist-tags, times, integrity and tarball paths', async () => {
    const res = await registry.request('/v1/packages/admin/reader');
    const doc = await expectJson<{
      name: string;
      kind: string;
      latest: string;
      distTags: Record<string, string>;
      versions: Record<string, { integrity: string; tarball: string; yanked: boolean; publishedAt: string }>;
      time: { created: string; modified: string };
      removed: string[];
      keywords: string[];
    }>(res);
    assert.equal(doc.name, '@admin/reader');
    assert.equal(doc.kind, 'pattern');
    assert.deepEqual(doc.distTags, { latest: '1.1.0', next: '2.0.0-rc.1' });
    assert.equal(doc.latest, '1.1.0');
    assert.deepEqual(Object.keys(doc.versions).sort(), ['1.0.0', '1.1.0', '2.0.0-rc.1']);
    assert.equal(doc.versions['1.0.0']?.integrity, integrity);
    assert.equal(doc.versions['1.0.0']?.tarball, '/v1/packages/admin/reader/1.0.0/tarball');
    assert.equal(doc.versions['1.0.0']?.yanked, false);
    assert.ok(!Number.isNaN(Date.parse(doc.versions['1.0.0']!.publishedAt)));
    assert.ok(!Number.isNaN(Date.parse(doc.time.created)));
    assert.deepEqual(doc.removed, []);
    assert.deepEqual(doc.keywords, ['disk', 'linux']);
    assert.match(res.headers.get('cache-control') ?? '', /must-revalidate/);
  });

  it('accepts @scope and %40scope; 404 PACKAGE_NOT_FOUND for an unknown package', async () => {
    await expectJson(await registry.request('/v1/packages/@admin/reader'));
    await expectJson(await registry.request('/v1/packages/%40admin/reader'));
    await expectProblem(await registry.request('/v1/packages/admin/nope'), 404, 'PACKAGE_NOT_FOUND');
    await expectProblem(await registry.request('/v1/packages/nobody/reader'), 404, 'PACKAGE_NOT_FOUND');
  });

  it('malformed percent-encoding in a name is a 4xx, never a 500', async () => {
    for (const path of [
      '/v1/packages/a%25/reader',
      '/v1/packages/admin/reader%',
      '/v1/packages/%E0%A4%A/reader',
      '/v1/packages/%2540admin/reader',
    ]) {
      await expectProblem(await registry.request(path), 404, 'PACKAGE_NOT_FOUND');
    }
  });
});

describe('GET /v1/packages/:scope/:name/:version', () => {
  it('answers the manifest, integrity, file list and contents summary', async () => {
    const version = await expectJson<{
      name: string;
      version: string;
      integrity: string;
      manifest: { name: string; version: string };
      files: Array<{ path: string; size: number }>;
      contents: { workflows: Array<{ name: string }> };
      tarball: string;
      deprecated: string | null;
      yanked: boolean;
    }>(await registry.request('/v1/packages/admin/reader/1.0.0'));
    assert.equal(version.version, '1.0.0');
    assert.equal(version.integrity, integrity);
    assert.equal(version.manifest.name, '@admin/reader');
    assert.deepEqual(
      version.files.map((file) => file.path),
      [
        'README.md',
        'data/blob.bin',
        'docs/100%.md',
        'docs/guide.md',
        'docs/with space.md',
        'patternhub.yaml',
        'workflows/reader.yaml',
      ],
    );
    assert.deepEqual(
      version.contents.workflows.map((workflow) => workflow.name),
      ['reader'],
    );
    assert.equal(version.deprecated, null);
    assert.equal(version.yanked, false);
  });

  it('resolves a dist-tag in place of a version', async () => {
    const latest = await expectJson<{ version: string }>(
      await registry.request('/v1/packages/admin/reader/latest'),
    );
    assert.equal(latest.version, '1.1.0');
    const next = await expectJson<{ version: string }>(
      await registry.request('/v1/packages/admin/reader/next'),
    );
    assert.equal(next.version, '2.0.0-rc.1');
  });

  it('404 VERSION_NOT_FOUND for an unknown version or tag', async () => {
    await expectProblem(await registry.request('/v1/packages/admin/reader/9.9.9'), 404, 'VERSION_NOT_FOUND');
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/nosuchtag'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(await registry.request('/v1/packages/admin/nope/1.0.0'), 404, 'PACKAGE_NOT_FOUND');
  });
});

describe('GET …/:version/tarball', () => {
  it('answers the published bytes with ETag = integrity and immutable caching', async () => {
    const res = await registry.request('/v1/packages/admin/reader/1.0.0/tarball');
    assert.equal(res.status, 200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual(bytes, tarball);
    assert.equal(res.headers.get('etag'), `"${integrity}"`);
    assert.equal(res.headers.get('content-type'), 'application/gzip');
    const cache = res.headers.get('cache-control') ?? '';
    assert.match(cache, /immutable/);
    assert.match(cache, /max-age=31536000/);
    assert.match(cache, /^public/);
    assert.match(res.headers.get('content-disposition') ?? '', /admin-reader-1\.0\.0\.tgz/);
  });

  it('answers 304 with no body to a matching If-None-Match, 200 otherwise', async () => {
    const hit = await registry.request('/v1/packages/admin/reader/1.0.0/tarball', {
      headers: { 'if-none-match': `"${integrity}"` },
    });
    assert.equal(hit.status, 304);
    assert.equal((await hit.arrayBuffer()).byteLength, 0);
    assert.equal(hit.headers.get('etag'), `"${integrity}"`);
    assert.match(hit.headers.get('cache-control') ?? '', /immutable/);

    const listed = await registry.request('/v1/packages/admin/reader/1.0.0/tarball', {
      headers: { 'if-none-match': `"sha512-other", "${integrity}"` },
    });
    assert.equal(listed.status, 304);
    await listed.arrayBuffer();

    // Another version's ETag does not match this one.
    const miss = await registry.request('/v1/packages/admin/reader/1.1.0/tarball', {
      headers: { 'if-none-match': `"${integrity}"` },
    });
    assert.equal(miss.status, 200);
    assert.notEqual(miss.headers.get('etag'), `"${integrity}"`);
    await miss.arrayBuffer();
  });

  it('an authenticated download is cached privately only', async () => {
    const res = await registry.request('/v1/packages/admin/reader/1.0.0/tarball', {
      token: registry.adminToken,
    });
    assert.equal(res.status, 200);
    await res.arrayBuffer();
    assert.match(res.headers.get('cache-control') ?? '', /^private/);
  });

  it('404 for an unknown version, even with If-None-Match', async () => {
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/3.0.0/tarball'),
      404,
      'VERSION_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/3.0.0/tarball', {
        headers: { 'if-none-match': `"${integrity}"` },
      }),
      404,
      'VERSION_NOT_FOUND',
    );
  });
});

describe('GET …/:version/files/*path', () => {
  it('answers a file with a content type by extension and safe headers', async () => {
    const readme = await registry.request('/v1/packages/admin/reader/1.0.0/files/README.md');
    assert.equal(readme.status, 200);
    assert.equal(await readme.text(), '# @admin/reader\n\nA test package.\n');
    assert.match(readme.headers.get('content-type') ?? '', /^text\/markdown/);
    assert.equal(readme.headers.get('x-content-type-options'), 'nosniff');
    assert.match(readme.headers.get('content-security-policy') ?? '', /default-src 'none'/);

    const workflow = await registry.request('/v1/packages/admin/reader/1.0.0/files/workflows/reader.yaml');
    assert.equal(workflow.status, 200);
    assert.match(await workflow.text(), /^name: reader/);
    assert.match(workflow.headers.get('content-type') ?? '', /^text\/yaml/);

    const binary = await registry.request('/v1/packages/admin/reader/1.0.0/files/data/blob.bin');
    assert.equal(binary.headers.get('content-type'), 'application/octet-stream');
    assert.deepEqual(new Uint8Array(await binary.arrayBuffer()), new Uint8Array([0, 1, 2, 255]));
  });

  it('decodes percent-encoded paths once, and takes %40scope', async () => {
    const spaced = await registry.request('/v1/packages/admin/reader/1.0.0/files/docs/with%20space.md');
    assert.equal(spaced.status, 200);
    assert.equal(await spaced.text(), 'spaced\n');
    const percent = await registry.request('/v1/packages/admin/reader/1.0.0/files/docs/100%25.md');
    assert.equal(percent.status, 200);
    assert.equal(await percent.text(), 'percent\n');
    const slash = await registry.request('/v1/packages/admin/reader/1.0.0/files/docs%2Fguide.md');
    assert.equal(slash.status, 200);
    assert.equal(await slash.text(), '# Guide\n');
    const encodedScope = await registry.request('/v1/packages/%40admin/reader/1.0.0/files/docs/guide.md');
    assert.equal(encodedScope.status, 200);
    assert.equal(await encodedScope.text(), '# Guide\n');
  });

  it('404 FILE_NOT_FOUND for a file the version does not have', async () => {
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/1.0.0/files/nope.md'),
      404,
      'FILE_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/1.0.0/files/readme.md'),
      404,
      'FILE_NOT_FOUND',
    );
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/9.0.0/files/README.md'),
      404,
      'VERSION_NOT_FOUND',
    );
  });

  it('400 BAD_REQUEST for no path or malformed percent-encoding', async () => {
    await expectProblem(await registry.request('/v1/packages/admin/reader/1.0.0/files/'), 400, 'BAD_REQUEST');
    await expectProblem(
      await registry.request('/v1/packages/admin/reader/1.0.0/files/%E0%A4%A'),
      400,
      'BAD_REQUEST',
    );
  });

  it('path traversal in the URL never reaches outside the package', async () => {
    const attempts = [
      '/v1/packages/admin/reader/1.0.0/files/../../../../etc/passwd',
      '/v1/packages/admin/reader/1.0.0/files/..%2F..%2F..%2Fetc%2Fpasswd',
      '/v1/packages/admin/reader/1.0.0/files/%2e%2e/%2e%2e/patternhub.yaml',
      '/v1/packages/admin/reader/1.0.0/files/docs/..%2Fpatternhub.yaml',
      '/v1/packages/admin/reader/1.0.0/files/docs%2F..%2F..%2F1.1.0%2Ffiles%2FREADME.md',
      '/v1/packages/admin/reader/1.0.0/files/%2Fetc%2Fpasswd',
      '/v1/packages/admin/reader/1.0.0/files/..%5C..%5Cpatternhub.yaml',
    ];
    for (const path of attempts) {
      const res = await rawGet(path);
      assert.equal(res.status, 404, `${path}: ${res.status} ${res.body}`);
      assert.match(res.contentType, /^application\/problem\+json/, path);
      // The URL parser may fold `..` into another route (a 404 there), or the path stays inside
      // `/files/` and names no file: either way a 404 and nothing of the package or the host.
      assert.match((JSON.parse(res.body) as { code: string }).code, /NOT_FOUND$/);
      assert.doesNotMatch(res.body, /root:|kind: pattern/);
    }
  });
});

describe('GET /v1/health', () => {
  it('answers ok', async () => {
    assert.deepEqual(await expectJson(await registry.request('/v1/health')), { ok: true });
  });
});
