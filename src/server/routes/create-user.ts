import type { UserCreatedResponse } from '../../core/api-types.js';
import { RegistryError } from '../../core/errors.js';
import { createUser, type NewUser } from '../../services/users.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, readJson } from '../request.js';

/** POST /v1/users  body: { username, email?, admin? } — administrators only; answers a first token once. */
export const registerCreateUser: RegisterRoute = (app, deps) => {
  app.post('/v1/users', async (c) => {
    const actor = c.get('actor');
    if (!actor) throw new RegistryError('UNAUTHENTICATED', 'Creating users needs a token');
    const body = await readJson<NewUser>(c);
    const created = await createUser(deps.db, actor, body as NewUser, meta(c), deps.now());
    return c.json(
      { ...created.user, token: created.secret, tokenId: created.token.id } satisfies UserCreatedResponse,
      201,
    );
  });
};
