import { createTarballs } from '../../services/cached-reads.js';
import { etagMatches } from '../../services/document-cache.js';
import { orMirrored } from '../../services/mirror.js';
import type { RegisterRoute } from '../app-env.js';
import { TARBALL_CACHE_CONTROL, tarballHeaders } from '../document-response.js';
import { packageParams, plainAnswer, requestHeader, wantsFresh } from '../request.js';

/** GET /v1/packages/:scope/:name/:version/tarball — immutable; ETag from the integrity; 304; hot ones in memory. */
export const registerGetTarball: RegisterRoute = (app, deps) => {
  const tarballs = createTarballs(deps);
  app.get('/v1/packages/:scope/:name/:version/tarball', async (c) => {
    const { scope, name } = packageParams(c);
    const actor = c.get('actor');
    const cacheControl = TARBALL_CACHE_CONTROL[actor ? 'private' : 'public'];
    const version = c.req.param('version');
    const ifNoneMatch = requestHeader(c, 'if-none-match');
    const fresh = wantsFresh(c);
    if (ifNoneMatch) {
      const integrity = await tarballs
        .integrity(actor, scope, name, version, fresh)
        .catch(
          orMirrored(
            async () => (await deps.mirror?.readPackage(scope, name))?.document.versions[version]?.integrity,
          ),
        );
      const etag = `"${integrity}"`;
      if (etagMatches(ifNoneMatch, etag)) {
        return plainAnswer(c, null, 304, { etag, 'cache-control': cacheControl });
      }
    }
    const tarball = await tarballs
      .read(actor, scope, name, version, fresh)
      .catch(orMirrored(() => deps.mirror?.readTarball(scope, name, version)));
    const etag = `"${tarball.integrity}"`;
    return plainAnswer(c, tarball.data as Uint8Array<ArrayBuffer>, 200, {
      ...tarballHeaders(tarball),
      etag,
      'cache-control': cacheControl,
    });
  });
};
