import { revokeToken } from '../../services/tokens.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, requireActor } from '../request.js';

/** DELETE /v1/tokens/:id — `current` revokes the token making the request (logout). */
export const registerRevokeToken: RegisterRoute = (app, deps) => {
  app.delete('/v1/tokens/:id', async (c) => {
    const actor = requireActor(c);
    const id = c.req.param('id') === 'current' ? actor.tokenId : c.req.param('id');
    await revokeToken(deps.db, actor, id, meta(c), deps.now());
    return c.json({ revoked: id });
  });
};
