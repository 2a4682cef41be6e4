import { checkHealth } from '../../services/health.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/health: the process answers and its database too. */
export const registerHealth: RegisterRoute = (app, deps) => {
  app.get('/v1/health', async (c) => c.json(await checkHealth(deps)));
};
