import { RegistryError } from '../../core/errors.js';
import type { SearchResponse } from '../../core/types.js';
import { parseSearchRequest, searchPackages } from '../../services/search.js';
import type { RegisterRoute } from '../app-env.js';

/**
 * GET /v1/search?q=&kind=&scope=&keyword=&license=&uses=&deprecated=include&mirrored=include&page=&perPage= —
 * ranked full-text search. `q` may also carry the filters (`kind:pattern`, `scope:acme`,
 * `keyword:disk`, `license:MIT`, `uses:@community/linux.check_disk` or `uses @community/linux.check_disk`).
 * Private packages appear only to those who may read them; malformed parameters answer BAD_REQUEST.
 */
export const registerSearch: RegisterRoute = (app, deps) => {
  app.get('/v1/search', async (c) => {
    const request = parseSearchRequest(c.req.query());
    const actor = c.get('actor');
    const mirrored = c.req.query('mirrored') ?? 'exclude';
    if (mirrored !== 'include' && mirrored !== 'exclude') {
      throw new RegistryError('BAD_REQUEST', `mirrored must be include or exclude, not "${mirrored}"`);
    }
    const answer: SearchResponse & { mirrored?: unknown[] } = await searchPackages(deps.db, actor, request);
    // Mirrored packages come apart from the ranked local results: they never push a local one down.
    if (mirrored === 'include') answer.mirrored = (await deps.mirror?.search(request)) ?? [];
    // An anonymous answer is the same for everyone; one with a token may hold private packages.
    c.header('cache-control', actor ? 'private, no-cache' : 'public, max-age=60');
    return c.json(answer);
  });
};
