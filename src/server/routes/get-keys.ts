import { KEYS_PATH } from '../../core/api-paths.js';
import type { KeysResponse } from '../../core/api-types.js';
import { listKeys } from '../../services/signing-keys.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/keys — the public keys that sign this registry's versions, current and expired. */
export const registerGetKeys: RegisterRoute = (app, deps) => {
  app.get(KEYS_PATH, async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json({ keys: await listKeys(deps.db) } satisfies KeysResponse);
  });
};
