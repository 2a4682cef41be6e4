import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RegistryError } from '../core/errors.js';
import { authenticate } from '../services/authenticate.js';
import { databaseFailure } from '../services/db-errors.js';
import { noteListingChange } from '../services/search-cache.js';
import type { ServiceDeps } from '../services/services.js';
import type { AppEnv } from './app-env.js';
import { describeError } from './log-error.js';
import { problemResponse, toProblem } from './problem.js';
import { clientAddress, createRateLimiter, type RateLimits } from './rate-limit.js';
import { requestHeader, validRequestId } from './request.js';
import { routes } from './routes/index.js';
import { errorPage, isPagePath, notFoundPage, registerWebPages } from './web/index.js';

/** Largest JSON request body: tokens, members, tags and the like are a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The publish route: it takes a tarball and applies its own, larger, limit. */
const PUBLISH_PATH = /^\/v1\/packages\/[^/]+\/[^/]+\/[^/]+$/;

export interface AppOptions {
  /** Where unexpected errors go; never receives tokens (they are not in error objects). */
  logError?: (error: unknown, requestId: string) => void;
  logRequest?: (line: string) => void;
  /** Per-minute limits on failed authentication, publishes and searches; none when omitted. */
  rateLimits?: RateLimits;
}

/** The registry as a hono app: services in, routes out. No globals, no environment reads. */
export function createApp(deps: ServiceDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const limits = options.rateLimits;
  const limiter = createRateLimiter();
  const logError = options.logError ?? ((error, id) => console.error(`[${id}] ${describeError(error)}`));

  app.use('*', async (c, next) => {
    const incoming = requestHeader(c, 'x-request-id');
    const requestId = incoming && validRequestId(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('actor', null);
    // PostgreSQL text cannot hold NUL: refuse it here rather than let a query fail as a 500.
    if (/%00/i.test(c.req.url)) throw new RegistryError('BAD_REQUEST', 'The URL contains a NUL byte');
    const started = performance.now();
    const header = requestHeader(c, 'authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new RegistryError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"', {
          details: { reason: 'malformed' },
        });
      }
      const key = `auth ${clientAddress(c)}`;
      if (limits) limiter.check(key, limits.authFailures, 'failed authentications');
      try {
        c.set('actor', await authenticate(deps.db, match[1]!, deps.now()));
      } catch (error) {
        if (limits && error instanceof RegistryError && error.code === 'UNAUTHENTICATED') {
          limiter.hit(key, limits.authFailures, 'failed authentications');
        }
        throw error;
      }
    }
    if (limits && c.req.method === 'PUT' && PUBLISH_PATH.test(c.req.path)) {
      const actor = c.get('actor');
      limiter.hit(`publish ${actor ? actor.userId : clientAddress(c)}`, limits.publishes, 'publishes');
    } else if (limits && c.req.method === 'GET' && c.req.path === '/v1/search') {
      limiter.hit(`search ${clientAddress(c)}`, limits.searches, 'searches');
    }
    try {
      await next();
    } finally {
      // A write has committed by the time its route returns: cached search answers are stale from here,
      // before the client reads the answer (search-cache.ts). Failed and refused writes count too: harmless.
      if (!READ_METHODS.has(c.req.method)) noteListingChange(deps.db);
    }
    // A write answers once this server has heard of it: its writer's next read here sees it.
    if (deps.changes && !READ_METHODS.has(c.req.method)) await deps.changes.settle();
    if (!c.get('requestIdSent')) c.header('x-request-id', requestId);
    options.logRequest?.(
      `${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms ${requestId}`,
    );
  });

  // Every other body is small JSON: refuse a large one before a route buffers it (routes read the
  // body before they check the caller, so this also bounds what an anonymous request can send).
  const jsonLimit = bodyLimit({
    maxSize: MAX_JSON_BODY_BYTES,
    onError: () => {
      throw new RegistryError('PAYLOAD_TOO_LARGE', `The request body is over ${MAX_JSON_BODY_BYTES} bytes`);
    },
  });
  app.use('*', (c, next) => {
    const method = c.req.method;
    // No body to limit; and asking (c.req.raw.body) would build a whole Fetch Request per read.
    if (method === 'GET' || method === 'HEAD') return next();
    return method === 'PUT' && PUBLISH_PATH.test(c.req.path) ? next() : jsonLimit(c, next);
  });

  for (const register of routes) register(app, deps);
  registerWebPages(app, deps);

  app.notFound((c) =>
    isPagePath(c.req.path)
      ? notFoundPage(c)
      : problemResponse(
          toProblem(
            new RegistryError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`),
            c.get('requestId'),
          ),
        ),
  );
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? randomUUID();
    const known = error instanceof RegistryError ? error : databaseProblem(error);
    if (!known) logError(error, requestId);
    if (isPagePath(c.req.path)) return errorPage(c, known ?? error);
    return problemResponse(toProblem(known ?? error, requestId), known?.retryAfter);
  });
  return app;
}

/** A database that is away or out of time is a 503 the client may retry, not an INTERNAL. */
function databaseProblem(error: unknown): RegistryError | undefined {
  const failure = databaseFailure(error);
  if (failure === 'unavailable') {
    return new RegistryError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly', {
      retryAfter: 5,
    });
  }
  if (failure === 'busy') {
    return new RegistryError('DATABASE_BUSY', 'The database is busy; try again shortly', { retryAfter: 2 });
  }
  return undefined;
}
