import { setDistTag } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams, readJson, requireString } from '../request.js';

/** PUT /v1/packages/:scope/:name/dist-tags/:tag  body: { version } */
export const registerSetDistTag: RegisterRoute = (app, deps) => {
  app.put('/v1/packages/:scope/:name/dist-tags/:tag', async (c) => {
    const { scope, name } = packageParams(c);
    const body = await readJson<{ version: string }>(c);
    const version = requireString(body.version, 'version');
    return c.json(await setDistTag(deps, c.get('actor'), scope, name, c.req.param('tag'), version, meta(c)));
  });
};
