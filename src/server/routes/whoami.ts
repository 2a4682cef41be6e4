import type { WhoamiResponse } from '../../core/api-types.js';
import { RegistryError } from '../../core/errors.js';
import { listOrgsOf } from '../../services/orgs.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/whoami — the caller, its token (never the secret) and its organisations. */
export const registerWhoami: RegisterRoute = (app, deps) => {
  app.get('/v1/whoami', async (c) => {
    const actor = c.get('actor');
    if (!actor)
      throw new RegistryError('UNAUTHENTICATED', 'Not logged in', { hint: 'Run `patternhub login`.' });
    return c.json({
      username: actor.username,
      admin: actor.isAdmin,
      token: {
        id: actor.tokenId,
        name: actor.tokenName,
        scopes: actor.scopes,
        restriction: actor.restriction,
      },
      orgs: await listOrgsOf(deps.db, actor),
    } satisfies WhoamiResponse);
  });
};
