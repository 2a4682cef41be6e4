import { orMirrored, staleHeaders } from '../../services/mirror.js';
import { readPackage } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

/** GET /v1/packages/:scope/:name — every version, dist-tags, times, deprecations, yanks. */
export const registerGetPackage: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name', async (c) => {
    const { scope, name } = packageParams(c);
    const local = await readPackage(deps.db, c.get('actor'), scope, name).catch(
      orMirrored(() => deps.mirror?.readPackage(scope, name)),
    );
    const document = 'stale' in local ? local.document : local;
    if ('stale' in local)
      for (const [key, value] of Object.entries(staleHeaders(local.stale))) c.header(key, value);
    c.header(
      'cache-control',
      document.access === 'private' ? 'private, no-cache' : 'public, max-age=0, must-revalidate',
    );
    return c.json(document);
  });
};
