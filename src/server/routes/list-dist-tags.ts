import { findVisiblePackage } from '../../services/package-lookup.js';
import { readDistTags } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name/dist-tags */
export const registerListDistTags: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/dist-tags', async (c) => {
    const { scope, name } = packageParams(c);
    const pkg = await findVisiblePackage(deps.db, c.get('actor'), scope, name);
    return c.json(await readDistTags(deps.db, pkg.id));
  });
};
