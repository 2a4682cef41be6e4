import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatPackageName, NAME_PART } from '../core/names.js';
import { type CachedTarball, createHotReads, type HotAnswer } from '../services/cached-reads.js';
import { etagMatches } from '../services/document-cache.js';
import type { ServiceDeps } from '../services/services.js';
import { DOCUMENT_CACHE_CONTROL, TARBALL_CACHE_CONTROL, tarballHeaders } from './document-response.js';
import { asksForFresh, validRequestId } from './request.js';

/**
 * The fast read path: a Node request listener ahead of hono that answers an anonymous hit of the
 * hot reads (package document, version document, tarball of a public package) straight from the
 * caches the routes fill (createHotReads), without a promise, a Fetch Request or hono's middleware
 * chain. hono's asynchronous path alone halved the bare framework's throughput (bench/README).
 *
 * It answers only what the route would answer byte for byte, headers included; it returns false,
 * and the request goes to hono, for anything else: another method or path, a token
 * (`Authorization`), `Cache-Control: no-cache` (a client asking for a checked answer), a query
 * string or a percent sign other than an `@` (the router decodes those), a name that cannot exist,
 * and every miss (an untrusted head, a private package, an answer not yet cached for the package's
 * revision). What the middleware does to a read is done here too: the request id and the request
 * log line. tests/integration/fast-reads.test.ts checks both paths give the same answer.
 */

/** `/v1/packages/:scope/:name[/:version[/tarball]]`, the scope with or without its `@`. */
const HOT_PATH = /^\/v1\/packages\/(?:@|%40)?([^/%?]+)\/([^/%?]+)(?:\/([^/%?]+)(\/tarball)?)?$/;

export interface FastReadOptions {
  logRequest?: ((line: string) => void) | undefined;
}

export type FastReads = ((request: IncomingMessage, response: ServerResponse) => boolean) & {
  /** Requests answered here (for tests and benchmarks). */
  readonly hits: number;
};

export function createFastReads(deps: ServiceDeps, options: FastReadOptions = {}): FastReads {
  const hot = createHotReads(deps);
  const logRequest = options.logRequest;
  let hits = 0;

  /** Writes the answer (304 when the client has it); whether the body was sent. */
  const answer = (
    request: IncomingMessage,
    response: ServerResponse,
    found: HotAnswer | CachedTarball,
    etag: string,
    cacheControl: string,
    extra: Record<string, string>,
  ): boolean => {
    const started = logRequest ? performance.now() : 0;
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && validRequestId(incoming) ? incoming : randomUUID();
    const cached = etagMatches(request.headers['if-none-match'], etag);
    if (cached) {
      response.writeHead(304, { etag, 'cache-control': cacheControl, 'x-request-id': requestId });
      response.end();
    } else {
      const body = 'body' in found ? found.body : found.data;
      response.writeHead(200, {
        ...extra,
        etag,
        'cache-control': cacheControl,
        'x-request-id': requestId,
        'content-length': String(body.byteLength),
      });
      response.end(body);
    }
    hits++;
    logRequest?.(
      `GET ${request.url} ${response.statusCode} ${(performance.now() - started).toFixed(1)}ms ${requestId}`,
    );
    return !cached;
  };

  const fast = (request: IncomingMessage, response: ServerResponse): boolean => {
    if (request.method !== 'GET') return false;
    const headers = request.headers;
    if (headers.authorization !== undefined) return false;
    if (asksForFresh(headers['cache-control'], headers.pragma)) return false;
    const match = HOT_PATH.exec(request.url ?? '');
    if (!match) return false;
    const [, scope, name, version, tarball] = match as unknown as [string, string, string, string?, string?];
    if (!NAME_PART.test(scope) || !NAME_PART.test(name)) return false;
    const fullName = formatPackageName(scope, name);
    if (version === undefined) {
      const found = hot.package(fullName);
      if (!found) return false;
      answer(request, response, found, found.etag, DOCUMENT_CACHE_CONTROL.public, JSON_TYPE);
      return true;
    }
    if (tarball === undefined) {
      const found = hot.version(fullName, version);
      if (!found) return false;
      answer(request, response, found, found.etag, DOCUMENT_CACHE_CONTROL.public, JSON_TYPE);
      return true;
    }
    const found = hot.tarball(fullName, version);
    if (!found) return false;
    const etag = `"${found.integrity}"`;
    const sent = answer(request, response, found, etag, TARBALL_CACHE_CONTROL.public, tarballHeaders(found));
    // Only a tarball sent counts as a download, as on the route (its 304 is not counted either).
    if (sent) found.count();
    return true;
  };
  return Object.defineProperty(fast, 'hits', { get: () => hits }) as FastReads;
}

const JSON_TYPE = { 'content-type': 'application/json' };
