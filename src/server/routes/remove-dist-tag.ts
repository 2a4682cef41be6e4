import { removeDistTag } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/** DELETE /v1/packages/:scope/:name/dist-tags/:tag */
export const registerRemoveDistTag: RegisterRoute = (app, deps) => {
  app.delete('/v1/packages/:scope/:name/dist-tags/:tag', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await removeDistTag(deps, c.get('actor'), scope, name, c.req.param('tag'), meta(c)));
  });
};
