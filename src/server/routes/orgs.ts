import { RegistryError } from '../../core/errors.js';
import type { OrgRole } from '../../db/schema/index.js';
import { createOrg, getOrg, readOrgAudit, removeMember, setMember } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson, requireString, scopeName } from '../request.js';

// hono's `param()` has already percent-decoded the value.
const orgParam = scopeName;

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

/** GET /v1/orgs/:org — public facts; members for members. */
export const registerGetOrg: RegisterRoute = (app, deps) => {
  app.get('/v1/orgs/:org', async (c) =>
    c.json(await getOrg(deps.db, c.get('actor'), orgParam(c.req.param('org')))),
  );
};

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

/** GET /v1/orgs/:org/audit?before=&limit= — the org's audit log, newest first, owners only. */
export const registerGetOrgAudit: RegisterRoute = (app, deps) => {
  app.get('/v1/orgs/:org/audit', async (c) => {
    const limit = Number(c.req.query('limit') ?? 50);
    const beforeRaw = c.req.query('before');
    const before = beforeRaw === undefined ? undefined : Number(beforeRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new RegistryError('BAD_REQUEST', 'limit must be a whole number from 1 to 500');
    }
    if (before !== undefined && (!Number.isInteger(before) || before < 1)) {
      throw new RegistryError('BAD_REQUEST', 'before must be an entry id');
    }
    const page = await readOrgAudit(deps.db, c.get('actor'), orgParam(c.req.param('org')), {
      limit,
      ...(before === undefined ? {} : { before }),
    });
    return c.json(page);
  });
};
