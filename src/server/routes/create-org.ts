import { createOrg } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson, requireString } from '../request.js';

/** POST /v1/orgs  body: { name, description? } — the caller becomes its owner. */
export const registerCreateOrg: RegisterRoute = (app, deps) => {
  app.post('/v1/orgs', async (c) => {
    const body = await readJson<{ name: string; description: string }>(c);
    const org = await createOrg(
      deps.db,
      c.get('actor'),
      { name: requireString(body.name, 'name'), description: body.description ?? null },
      meta(c),
    );
    return c.json(org, 201);
  });
};
