import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { RegistryError } from '../core/errors.js';
import type { Actor, RequestMeta } from '../services/actor.js';
import type { AppEnv } from './app-env.js';

/** Whether a client's `X-Request-Id` is one we echo (else the server makes one). */
export function validRequestId(value: string): boolean {
  return /^[\w.-]{1,64}$/.test(value);
}

/** A scope as it appears in a URL: `acme`, `@acme` or `%40acme`. */
export function scopeName(raw: string): string {
  return raw.startsWith('@') ? raw.slice(1) : raw;
}

// hono's `param()` has already percent-decoded the value: decoding again would turn `%2540` into
// `@` and throw (a 500) on a literal `%`.
/** `:scope` as it appears in a URL: `acme`, `@acme` or `%40acme`. */
export function scopeParam(c: Context<AppEnv>): string {
  return scopeName(c.req.param('scope') ?? '');
}

export function packageParams(c: Context<AppEnv>): { scope: string; name: string } {
  return { scope: scopeParam(c), name: c.req.param('name') ?? '' };
}

/**
 * A request header (`name` in lower case). Served by @hono/node-server, it is read from Node's own
 * parsed headers: `c.req.header()` builds a Fetch Headers object of every header first, which costs
 * more than the rest of a cached read. In process (`app.request()`), from the Request.
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Headers of an answer a route builds itself, with the request id: as a plain object, which
 * @hono/node-server writes as is, where a header added afterwards (`c.header`) turns it into a Fetch
 * Headers object first. The request-id middleware then leaves the answer alone.
 */
export function answerHeaders(c: Context<AppEnv>, headers: Record<string, string>): Record<string, string> {
  c.set('requestIdSent', true);
  return { ...headers, 'x-request-id': c.get('requestId') };
}

/**
 * An answer whose headers reach Node as the plain object they are, with the request id. hono's
 * `c.body` turns more than one header into a Fetch `Headers` object, which @hono/node-server then
 * turns back into an object for Node: on the hot read routes (package, version, tarball) that round
 * trip cost more than the route's own work.
 */
export function plainAnswer(
  c: Context<AppEnv>,
  body: string | Uint8Array<ArrayBuffer> | null,
  status: number,
  headers: Record<string, string>,
): Response {
  return new Response(body, { status, headers: answerHeaders(c, headers) });
}

/**
 * Whether the client asks for an answer checked against the database rather than this server's
 * memory (`Cache-Control: no-cache`, or HTTP/1.0's `Pragma: no-cache`): read-after-write across
 * servers, without waiting for the change notification (src/services/package-heads.ts). Note that
 * fetch (undici, browsers) adds both to every conditional request.
 */
export function asksForFresh(cacheControl: string | undefined, pragma: string | undefined): boolean {
  if (cacheControl !== undefined && /(^|[\s,])no-cache($|[\s,=])/i.test(cacheControl)) return true;
  return pragma?.toLowerCase() === 'no-cache';
}

export function wantsFresh(c: Context<AppEnv>): boolean {
  return asksForFresh(requestHeader(c, 'cache-control'), requestHeader(c, 'pragma'));
}

export function meta(c: Context<AppEnv>): RequestMeta {
  return { requestId: c.get('requestId') };
}

/** Deepest JSON body accepted: every request body is a flat object or nearly. */
const MAX_JSON_DEPTH = 16;

function depthOver(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (!item || typeof item !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Parses a JSON request body, answering BAD_REQUEST rather than a 500 for malformed input. */
export async function readJson<T extends object>(c: Context<AppEnv>): Promise<Partial<T>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new RegistryError('BAD_REQUEST', 'The request body must be a JSON object');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new RegistryError('BAD_REQUEST', 'The request body must be a JSON object');
  }
  // Checked without recursion: a deeply nested body would overflow the stack of anything recursive.
  if (depthOver(body, MAX_JSON_DEPTH)) {
    throw new RegistryError(
      'BAD_REQUEST',
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  if (JSON.stringify(body).includes('\\u0000')) {
    throw new RegistryError('BAD_REQUEST', 'The request body contains a NUL character');
  }
  return body as Partial<T>;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new RegistryError('BAD_REQUEST', `"${field}" must be a non-empty string`);
  }
  return value;
}

/** The caller, or UNAUTHENTICATED for a route that needs a token. */
export function requireActor(c: Context<AppEnv>): Actor {
  const actor = c.get('actor');
  if (!actor)
    throw new RegistryError('UNAUTHENTICATED', 'This needs a token', { hint: 'Run `patternhub login`.' });
  return actor;
}
