import { removeVersion } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/** DELETE /v1/packages/:scope/:name/:version — within 72 hours, without dependents. */
export const registerRemoveVersion: RegisterRoute = (app, deps) => {
  app.delete('/v1/packages/:scope/:name/:version', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await removeVersion(deps, c.get('actor'), scope, name, c.req.param('version'), meta(c)));
  });
};
