import { createVersionDocuments } from '../../services/cached-reads.js';
import { orMirrored, staleHeaders } from '../../services/mirror.js';
import type { RegisterRoute } from '../app-env.js';
import { documentResponse } from '../document-response.js';
import { packageParams, wantsFresh } from '../request.js';

/**
 * GET /v1/packages/:scope/:name/:version — manifest, integrity, files, contents (a tag works too);
 * ETag, 304. A version of a package this registry does not hold, in a mirrored scope, comes from the upstream.
 */
export const registerGetVersion: RegisterRoute = (app, deps) => {
  const documents = createVersionDocuments(deps);
  app.get('/v1/packages/:scope/:name/:version', async (c) => {
    const { scope, name } = packageParams(c);
    const selector = c.req.param('version');
    const local = await documents(c.get('actor'), scope, name, selector, wantsFresh(c)).catch(
      orMirrored(() => deps.mirror?.readVersion(scope, name, selector)),
    );
    if (!('stale' in local)) return documentResponse(c, local);
    return c.json(local.document, 200, staleHeaders(local.stale));
  });
};
