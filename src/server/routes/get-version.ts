import { orMirrored, staleHeaders } from '../../services/mirror.js';
import { readVersion } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name/:version — manifest, integrity, files, contents (a tag works too). */
export const registerGetVersion: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/:version', async (c) => {
    const { scope, name } = packageParams(c);
    const selector = c.req.param('version');
    const local = await readVersion(deps.db, c.get('actor'), scope, name, selector).catch(
      orMirrored(() => deps.mirror?.readVersion(scope, name, selector)),
    );
    if (!('stale' in local)) return c.json(local);
    return c.json(local.document, 200, staleHeaders(local.stale));
  });
};
