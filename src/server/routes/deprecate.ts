import type { DeprecateResponse } from '../../core/api-types.js';
import { RegistryError } from '../../core/errors.js';
import { deprecateVersions } from '../../services/lifecycle.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams, readJson } from '../request.js';

/** POST /v1/packages/:scope/:name/deprecate  body: { range, message } — an empty message undeprecates. */
export const registerDeprecate: RegisterRoute = (app, deps) => {
  app.post('/v1/packages/:scope/:name/deprecate', async (c) => {
    const { scope, name } = packageParams(c);
    const body = await readJson<{ range: string; message: string }>(c);
    if (typeof body.message !== 'string')
      throw new RegistryError('BAD_REQUEST', '"message" must be a string');
    const range = typeof body.range === 'string' && body.range !== '' ? body.range : '*';
    const versions = await deprecateVersions(deps, c.get('actor'), scope, name, range, body.message, meta(c));
    return c.json({
      name: `@${scope}/${name}`,
      versions,
      deprecated: body.message === '' ? null : body.message,
    } satisfies DeprecateResponse);
  });
};
