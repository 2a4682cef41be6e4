import { setYanked } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/** DELETE /v1/packages/:scope/:name/:version/yank — restores a yanked version. */
export const registerUnyank: RegisterRoute = (app, deps) => {
  app.delete('/v1/packages/:scope/:name/:version/yank', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await setYanked(deps, c.get('actor'), scope, name, c.req.param('version'), false, meta(c)));
  });
};
