import type { OrgRole } from '../../core/types.js';
import { setMember } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson, requireString, scopeName } from '../request.js';

// hono's `param()` has already percent-decoded the value.
const orgParam = scopeName;

/** PUT /v1/orgs/:org/members/:username  body: { role } — owners only. */
export const registerSetOrgMember: RegisterRoute = (app, deps) => {
  app.put('/v1/orgs/:org/members/:username', async (c) => {
    const body = await readJson<{ role: OrgRole }>(c);
    const role = requireString(body.role, 'role') as OrgRole;
    const member = await setMember(
      deps.db,
      c.get('actor'),
      orgParam(c.req.param('org')),
      c.req.param('username'),
      role,
      meta(c),
    );
    return c.json(member);
  });
};
