import { createPackageDocuments } from '../../services/cached-reads.js';
import { etagMatches } from '../../services/document-cache.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name — every version, dist-tags, times, deprecations, yanks; strong ETag, 304. */
export const registerGetPackage: RegisterRoute = (app, deps) => {
  const documents = createPackageDocuments(deps);
  app.get('/v1/packages/:scope/:name', async (c) => {
    const { scope, name } = packageParams(c);
    const document = await documents(c.get('actor'), scope, name);
    const headers = {
      etag: document.etag,
      'cache-control':
        document.access === 'private' ? 'private, no-cache' : 'public, max-age=0, must-revalidate',
    };
    if (etagMatches(c.req.header('if-none-match'), document.etag)) return c.body(null, 304, headers);
    return c.body(await document.body(), 200, { ...headers, 'content-type': 'application/json' });
  });
};
