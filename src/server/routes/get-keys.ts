import { listKeys } from '../../services/signing-keys.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/keys — the public keys that sign this registry's versions, current and expired. */
export const registerGetKeys: RegisterRoute = (app, deps) => {
  app.get('/v1/keys', async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json({ keys: await listKeys(deps.db) });
  });
};
