import { sql } from 'drizzle-orm';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/health: the process answers and its database too. */
export const registerHealth: RegisterRoute = (app, deps) => {
  app.get('/v1/health', async (c) => {
    if (deps.ping) await deps.ping();
    else await deps.db.execute(sql`select 1`);
    return c.json({ ok: true });
  });
};
