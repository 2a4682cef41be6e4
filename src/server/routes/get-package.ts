import { createPackageDocuments } from '../../services/cached-reads.js';
import { orMirrored, staleHeaders } from '../../services/mirror.js';
import type { RegisterRoute } from '../app-env.js';
import { DOCUMENT_CACHE_CONTROL, documentResponse } from '../document-response.js';
import { packageParams, wantsFresh } from '../request.js';

/**
 * GET /v1/packages/:scope/:name — every version, dist-tags, times, deprecations, yanks; strong ETag,
 * 304. A package this registry does not hold, in a mirrored scope, comes from the upstream.
 */
export const registerGetPackage: RegisterRoute = (app, deps) => {
  const documents = createPackageDocuments(deps);
  app.get('/v1/packages/:scope/:name', async (c) => {
    const { scope, name } = packageParams(c);
    const local = await documents(c.get('actor'), scope, name, wantsFresh(c)).catch(
      orMirrored(() => deps.mirror?.readPackage(scope, name)),
    );
    if (!('stale' in local)) return documentResponse(c, local);
    return c.json(local.document, 200, {
      ...staleHeaders(local.stale),
      'cache-control': DOCUMENT_CACHE_CONTROL.public,
    });
  });
};
