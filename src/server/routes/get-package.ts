import { createPackageDocuments } from '../../services/cached-reads.js';
import type { RegisterRoute } from '../app-env.js';
import { documentResponse } from '../document-response.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name — every version, dist-tags, times, deprecations, yanks; strong ETag, 304. */
export const registerGetPackage: RegisterRoute = (app, deps) => {
  const documents = createPackageDocuments(deps);
  app.get('/v1/packages/:scope/:name', async (c) => {
    const { scope, name } = packageParams(c);
    return documentResponse(c, await documents(c.get('actor'), scope, name));
  });
};
