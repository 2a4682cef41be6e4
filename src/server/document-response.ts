import type { Context } from 'hono';
import type { CachedDocument } from '../services/cached-reads.js';
import { etagMatches } from '../services/document-cache.js';

/** A cached JSON document as an answer: strong ETag, 304 when the client has it, caching by access. */
export async function documentResponse(c: Context, document: CachedDocument): Promise<Response> {
  const headers = {
    etag: document.etag,
    'cache-control':
      document.access === 'private' ? 'private, no-cache' : 'public, max-age=0, must-revalidate',
  };
  if (etagMatches(c.req.header('if-none-match'), document.etag)) return c.body(null, 304, headers);
  return c.body(await document.body(), 200, { ...headers, 'content-type': 'application/json' });
}
