import { createVersionDocuments } from '../../services/cached-reads.js';
import type { RegisterRoute } from '../app-env.js';
import { documentResponse } from '../document-response.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name/:version — manifest, integrity, files, contents (a tag works too); ETag, 304. */
export const registerGetVersion: RegisterRoute = (app, deps) => {
  const documents = createVersionDocuments(deps);
  app.get('/v1/packages/:scope/:name/:version', async (c) => {
    const { scope, name } = packageParams(c);
    return documentResponse(c, await documents(c.get('actor'), scope, name, c.req.param('version')));
  });
};
