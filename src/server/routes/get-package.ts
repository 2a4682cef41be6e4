import { readPackage } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name — every version, dist-tags, times, deprecations, yanks. */
export const registerGetPackage: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name', async (c) => {
    const { scope, name } = packageParams(c);
    const document = await readPackage(deps.db, c.get('actor'), scope, name);
    c.header(
      'cache-control',
      document.access === 'private' ? 'private, no-cache' : 'public, max-age=0, must-revalidate',
    );
    return c.json(document);
  });
};
