import { orMirrored } from '../../services/mirror.js';
import { readIntegrity, readTarball } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name/:version/tarball — immutable; ETag from the integrity; 304. */
export const registerGetTarball: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/:version/tarball', async (c) => {
    const { scope, name } = packageParams(c);
    const version = c.req.param('version');
    const actor = c.get('actor');
    const cacheControl = actor
      ? 'private, max-age=31536000, immutable'
      : 'public, max-age=31536000, immutable';
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch) {
      const integrity = await readIntegrity(deps.db, actor, scope, name, version).catch(
        orMirrored(
          async () => (await deps.mirror?.readPackage(scope, name))?.document.versions[version]?.integrity,
        ),
      );
      // A weak validator (W/"…") names the same bytes here: tarballs never change.
      if (ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${integrity}"`)) {
        return c.body(null, 304, { etag: `"${integrity}"`, 'cache-control': cacheControl });
      }
    }
    const tarball = await readTarball(deps, actor, scope, name, version).catch(
      orMirrored(() => deps.mirror?.readTarball(scope, name, version)),
    );
    return c.body(tarball.data as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/gzip',
      'content-length': String(tarball.data.byteLength),
      etag: `"${tarball.integrity}"`,
      'cache-control': cacheControl,
      'content-disposition': `attachment; filename="${tarball.fileName}"`,
    });
  });
};
