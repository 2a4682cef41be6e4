import { RegistryError } from '../../core/errors.js';
import { type Access, setPackageAccess } from '../../services/package-access.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams, readJson } from '../request.js';

/** PUT /v1/packages/:scope/:name/access  body: { access: "public" | "private" } (organisation owners). */
export const registerSetPackageAccess: RegisterRoute = (app, deps) => {
  app.put('/v1/packages/:scope/:name/access', async (c) => {
    const { scope, name } = packageParams(c);
    const body = await readJson<{ access: Access }>(c);
    if (body.access !== 'public' && body.access !== 'private') {
      throw new RegistryError('BAD_REQUEST', '"access" must be public or private');
    }
    return c.json(await setPackageAccess(deps, c.get('actor'), scope, name, body.access, meta(c)));
  });
};
