import { removeMember } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, scopeName } from '../request.js';

// hono's `param()` has already percent-decoded the value.
const orgParam = scopeName;

/** DELETE /v1/orgs/:org/members/:username — owners only; an org keeps one owner. */
export const registerRemoveOrgMember: RegisterRoute = (app, deps) => {
  app.delete('/v1/orgs/:org/members/:username', async (c) => {
    await removeMember(
      deps.db,
      c.get('actor'),
      orgParam(c.req.param('org')),
      c.req.param('username'),
      meta(c),
    );
    return c.json({ removed: c.req.param('username') });
  });
};
