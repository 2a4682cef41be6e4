import { listTokens } from '../../services/tokens.js';
import type { RegisterRoute } from '../app-env.js';
import { requireActor } from '../request.js';

/** GET /v1/tokens — the caller's live tokens, without secrets. */
export const registerListTokens: RegisterRoute = (app, deps) => {
  app.get('/v1/tokens', async (c) => c.json({ tokens: await listTokens(deps.db, requireActor(c)) }));
};
