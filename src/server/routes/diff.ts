import { diffVersions } from '../../services/diff.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/diff?from=@a/x@1.0.0&to=@b/y@2.0.0 — semantic and text diff, across scopes too. */
export const registerDiff: RegisterRoute = (app, deps) => {
  app.get('/v1/diff', async (c) => {
    const {
      diff,
      public: isPublic,
      exact,
    } = await diffVersions(deps, c.get('actor'), c.req.query('from'), c.req.query('to'));
    // Only the service knows whether both sides were exact versions (`@1` is a range, not 1.0.0).
    c.header('cache-control', isPublic && exact ? 'public, max-age=86400' : 'private, no-cache');
    return c.json(diff);
  });
};
