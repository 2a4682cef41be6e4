import { diffVersions } from '../../services/diff.js';
import type { RegisterRoute } from '../app-env.js';

/** GET /v1/diff?from=@a/x@1.0.0&to=@b/y@2.0.0 — semantic and text diff, across scopes too. */
export const registerDiff: RegisterRoute = (app, deps) => {
  app.get('/v1/diff', async (c) => {
    const { diff, public: isPublic } = await diffVersions(
      deps,
      c.get('actor'),
      c.req.query('from'),
      c.req.query('to'),
    );
    // Versions are immutable, so a diff of exact versions is too; tags and ranges may move.
    const exact = /@\d[^@]*$/.test(c.req.query('from') ?? '') && /@\d[^@]*$/.test(c.req.query('to') ?? '');
    c.header('cache-control', isPublic && exact ? 'public, max-age=86400' : 'private, no-cache');
    return c.json(diff);
  });
};
