import { RegistryError } from '../../core/errors.js';
import type { Actor } from '../../services/actor.js';
import { createToken, listTokens, type NewToken, revokeToken } from '../../services/tokens.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson } from '../request.js';

function signedIn(actor: Actor | null): Actor {
  if (!actor)
    throw new RegistryError('UNAUTHENTICATED', 'This needs a token', { hint: 'Run `patternhub login`.' });
  return actor;
}

/** POST /v1/tokens  body: { name, scopes, restriction?, expiresInDays? } — the secret is in the answer, once. */
export const registerCreateToken: RegisterRoute = (app, deps) => {
  app.post('/v1/tokens', async (c) => {
    const actor = signedIn(c.get('actor'));
    const body = await readJson<NewToken>(c);
    const created = await createToken(deps.db, actor, body as NewToken, meta(c), deps.now());
    return c.json({ ...created.token, token: created.secret }, 201);
  });
};

/** GET /v1/tokens — the caller's live tokens, without secrets. */
export const registerListTokens: RegisterRoute = (app, deps) => {
  app.get('/v1/tokens', async (c) => c.json({ tokens: await listTokens(deps.db, signedIn(c.get('actor'))) }));
};

/** DELETE /v1/tokens/:id — `current` revokes the token making the request (logout). */
export const registerRevokeToken: RegisterRoute = (app, deps) => {
  app.delete('/v1/tokens/:id', async (c) => {
    const actor = signedIn(c.get('actor'));
    const id = c.req.param('id') === 'current' ? actor.tokenId : c.req.param('id');
    await revokeToken(deps.db, actor, id, meta(c), deps.now());
    return c.json({ revoked: id });
  });
};
