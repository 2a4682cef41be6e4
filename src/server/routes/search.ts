import { RegistryError } from '../../core/errors.js';
import { parseSearchRequest, searchPackages } from '../../services/search.js';
import { createSearchCache } from '../../services/search-cache.js';
import type { RegisterRoute } from '../app-env.js';

/**
 * GET /v1/search?q=&kind=&scope=&keyword=&license=&uses=&deprecated=include&mirrored=include&page=&perPage= —
 * ranked full-text search. `q` may also carry the filters (`kind:pattern`, `scope:acme`,
 * `keyword:disk`, `license:MIT`, `uses:@community/linux.check_disk` or `uses @community/linux.check_disk`).
 * Private packages appear only to those who may read them; malformed parameters answer BAD_REQUEST.
 * Answers anyone would get come from memory while the listing is unchanged (search-cache.ts).
 */
export const registerSearch: RegisterRoute = (app, deps) => {
  const cache = createSearchCache(deps.db, {
    ttlMs: deps.searchCacheMs,
    onlyWriter: deps.singleClient,
    changes: deps.changes,
  });
  app.get('/v1/search', async (c) => {
    const request = parseSearchRequest(c.req.query());
    const actor = c.get('actor');
    const mirrored = c.req.query('mirrored') ?? 'exclude';
    if (mirrored !== 'include' && mirrored !== 'exclude') {
      throw new RegistryError('BAD_REQUEST', `mirrored must be include or exclude, not "${mirrored}"`);
    }
    let body = await cache.answer(actor, request, async () =>
      JSON.stringify(await searchPackages(deps.db, actor, request)),
    );
    // Mirrored packages come apart from the ranked local results: they never push a local one down.
    if (mirrored === 'include') {
      const found = (await deps.mirror?.search(request)) ?? [];
      body = `${body.slice(0, -1)},"mirrored":${JSON.stringify(found)}}`;
    }
    // An anonymous answer is the same for everyone; one with a token may hold private packages.
    c.header('cache-control', actor ? 'private, no-cache' : 'public, max-age=60');
    return c.body(body, 200, { 'content-type': 'application/json' });
  });
};
