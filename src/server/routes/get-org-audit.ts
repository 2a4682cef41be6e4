import { RegistryError } from '../../core/errors.js';
import { readOrgAudit } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';
import { scopeName } from '../request.js';

// hono's `param()` has already percent-decoded the value.
const orgParam = scopeName;

/** GET /v1/orgs/:org/audit?before=&limit= — the org's audit log, newest first, owners only. */
export const registerGetOrgAudit: RegisterRoute = (app, deps) => {
  app.get('/v1/orgs/:org/audit', async (c) => {
    const limit = Number(c.req.query('limit') ?? 50);
    const beforeRaw = c.req.query('before');
    const before = beforeRaw === undefined ? undefined : Number(beforeRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new RegistryError('BAD_REQUEST', 'limit must be a whole number from 1 to 500');
    }
    if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) {
      throw new RegistryError('BAD_REQUEST', 'before must be an entry id');
    }
    const page = await readOrgAudit(deps.db, c.get('actor'), orgParam(c.req.param('org')), {
      limit,
      ...(before === undefined ? {} : { before }),
    });
    return c.json(page);
  });
};
