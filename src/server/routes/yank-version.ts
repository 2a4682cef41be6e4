import { setYanked } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/** PUT /v1/packages/:scope/:name/:version/yank — hidden from new resolution, still downloadable. */
export const registerYank: RegisterRoute = (app, deps) => {
  app.put('/v1/packages/:scope/:name/:version/yank', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await setYanked(deps, c.get('actor'), scope, name, c.req.param('version'), true, meta(c)));
  });
};
