import type { Context } from 'hono';
import type { CachedDocument } from '../services/cached-reads.js';
import { etagMatches } from '../services/document-cache.js';
import type { AppEnv } from './app-env.js';
import { plainAnswer, requestHeader } from './request.js';

/** A cached JSON document as an answer: strong ETag, 304 when the client has it, caching by access. */
export async function documentResponse(c: Context<AppEnv>, document: CachedDocument): Promise<Response> {
  const cacheControl =
    document.access === 'private' ? 'private, no-cache' : 'public, max-age=0, must-revalidate';
  if (etagMatches(requestHeader(c, 'if-none-match'), document.etag)) {
    return plainAnswer(c, null, 304, { etag: document.etag, 'cache-control': cacheControl });
  }
  const body = await document.body();
  return plainAnswer(c, body, 200, {
    etag: document.etag,
    'cache-control': cacheControl,
    'content-type': 'application/json',
  });
}
