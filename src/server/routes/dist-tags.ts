import { removeDistTag, setDistTag } from '../../services/lifecycle.js';
import { findVisiblePackage } from '../../services/package-lookup.js';
import { readDistTags } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams, readJson, requireString } from '../request.js';

/** GET /v1/packages/:scope/:name/dist-tags */
export const registerListDistTags: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/dist-tags', async (c) => {
    const { scope, name } = packageParams(c);
    const pkg = await findVisiblePackage(deps.db, c.get('actor'), scope, name);
    return c.json(await readDistTags(deps.db, pkg.id));
  });
};

/** PUT /v1/packages/:scope/:name/dist-tags/:tag  body: { version } */
export const registerSetDistTag: RegisterRoute = (app, deps) => {
  app.put('/v1/packages/:scope/:name/dist-tags/:tag', async (c) => {
    const { scope, name } = packageParams(c);
    const body = await readJson<{ version: string }>(c);
    const version = requireString(body.version, 'version');
    return c.json(await setDistTag(deps, c.get('actor'), scope, name, c.req.param('tag'), version, meta(c)));
  });
};

/** DELETE /v1/packages/:scope/:name/dist-tags/:tag */
export const registerRemoveDistTag: RegisterRoute = (app, deps) => {
  app.delete('/v1/packages/:scope/:name/dist-tags/:tag', async (c) => {
    const { scope, name } = packageParams(c);
    return c.json(await removeDistTag(deps, c.get('actor'), scope, name, c.req.param('tag'), meta(c)));
  });
};
