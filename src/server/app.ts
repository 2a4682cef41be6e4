import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RegistryError } from '../core/errors.js';
import { authenticate } from '../services/authenticate.js';
import type { ServiceDeps } from '../services/services.js';
import type { AppEnv } from './app-env.js';
import { problemResponse, toProblem } from './problem.js';
import { routes } from './routes/index.js';
import { errorPage, isPagePath, notFoundPage, registerWebPages } from './web/index.js';

/** Largest JSON request body: tokens, members, tags and the like are a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** The publish route: it takes a tarball and applies its own, larger, limit. */
const PUBLISH_PATH = /^\/v1\/packages\/[^/]+\/[^/]+\/[^/]+$/;

export interface AppOptions {
  /** Where unexpected errors go; never receives tokens (they are not in error objects). */
  logError?: (error: unknown, requestId: string) => void;
  logRequest?: (line: string) => void;
}

/** The registry as a hono app: services in, routes out. No globals, no environment reads. */
export function createApp(deps: ServiceDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const logError = options.logError ?? ((error, id) => console.error(`[${id}]`, error));

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('actor', null);
    // PostgreSQL text cannot hold NUL: refuse it here rather than let a query fail as a 500.
    if (/%00/i.test(c.req.url)) throw new RegistryError('BAD_REQUEST', 'The URL contains a NUL byte');
    const started = performance.now();
    const header = c.req.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) {
        throw new RegistryError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"', {
          details: { reason: 'malformed' },
        });
      }
      c.set('actor', await authenticate(deps.db, match[1]!, deps.now()));
    }
    await next();
    c.header('x-request-id', requestId);
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
  app.use('*', (c, next) =>
    c.req.method === 'PUT' && PUBLISH_PATH.test(c.req.path) ? next() : jsonLimit(c, next),
  );

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
    if (!(error instanceof RegistryError)) logError(error, requestId);
    if (isPagePath(c.req.path)) return errorPage(c, error);
    return problemResponse(toProblem(error, requestId));
  });
  return app;
}
