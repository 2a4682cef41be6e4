import { getUser } from '../../services/users.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/users/:username — public profile. */
export const registerGetUser: RegisterRoute = (app, deps) => {
  app.get('/v1/users/:username', async (c) => {
    const user = await getUser(deps.db, c.req.param('username'));
    return c.json({ username: user.username, createdAt: user.createdAt.toISOString() });
  });
};
