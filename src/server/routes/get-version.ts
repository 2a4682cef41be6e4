import { readVersion } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name/:version — manifest, integrity, files, contents (a tag works too). */
export const registerGetVersion: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/:version', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await readVersion(deps.db, c.get('actor'), scope, name, c.req.param('version')));
  });
};
