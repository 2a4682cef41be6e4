import type { Context } from 'hono';
import type { CachedDocument } from '../services/cached-reads.js';
import { etagMatches } from '../services/document-cache.js';
import type { AppEnv } from './app-env.js';
import { plainAnswer, requestHeader } from './request.js';

/**
 * How the hot reads' answers may be cached, by who may read the package: the routes and the fast
 * read path (fast-reads.ts) send these. Documents change with every write, so a cache revalidates
 * (strong ETag, 304); a tarball never changes.
 */
export const DOCUMENT_CACHE_CONTROL = {
  public: 'public, max-age=0, must-revalidate',
  private: 'private, no-cache',
} as const;
export const TARBALL_CACHE_CONTROL = {
  public: 'public, max-age=31536000, immutable',
  private: 'private, max-age=31536000, immutable',
} as const;

/** A tarball answer's own headers (ETag and caching aside). */
export function tarballHeaders(tarball: { fileName: string; data: Uint8Array }): Record<string, string> {
  return {
    'content-type': 'application/gzip',
    'content-length': String(tarball.data.byteLength),
    'content-disposition': `attachment; filename="${tarball.fileName}"`,
  };
}

/** A cached JSON document as an answer: strong ETag, 304 when the client has it, caching by access. */
export async function documentResponse(c: Context<AppEnv>, document: CachedDocument): Promise<Response> {
  const cacheControl = DOCUMENT_CACHE_CONTROL[document.access];
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
