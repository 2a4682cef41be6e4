import { getOrg } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { scopeName } from '../request.js';

// hono's `param()` has already percent-decoded the value.
const orgParam = scopeName;

/** GET /v1/orgs/:org — public facts; members for members. */
export const registerGetOrg: RegisterRoute = (app, deps) => {
  app.get('/v1/orgs/:org', async (c) =>
    c.json(await getOrg(deps.db, c.get('actor'), orgParam(c.req.param('org')))),
  );
};
