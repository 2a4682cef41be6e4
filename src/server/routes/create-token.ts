import type { TokenCreatedResponse } from '../../core/api-types.js';
import { createToken, type NewToken } from '../../services/tokens.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson, requireActor } from '../request.js';

/** POST /v1/tokens  body: { name, scopes, restriction?, expiresInDays? } — the secret is in the answer, once. */
export const registerCreateToken: RegisterRoute = (app, deps) => {
  app.post('/v1/tokens', async (c) => {
    const actor = requireActor(c);
    const body = await readJson<NewToken>(c);
    const created = await createToken(deps.db, actor, body as NewToken, meta(c), deps.now());
    return c.json({ ...created.token, token: created.secret } satisfies TokenCreatedResponse, 201);
  });
};
