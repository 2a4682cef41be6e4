import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { RegistryError } from '../core/errors.js';
import { authenticate } from '../services/authenticate.js';
import type { ServiceDeps } from '../services/services.js';
import type { AppEnv } from './app-env.js';
import { problemResponse, toProblem } from './problem.js';
import { routes } from './routes/index.js';

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
    const started = performance.now();
    const header = c.req.header('authorization');
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new RegistryError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>"');
      c.set('actor', await authenticate(deps.db, match[1]!, deps.now()));
    }
    await next();
    c.header('x-request-id', requestId);
    options.logRequest?.(
      `${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms ${requestId}`,
    );
  });

  for (const register of routes) register(app, deps);

  app.notFound((c) =>
    problemResponse(
      toProblem(
        new RegistryError('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`),
        c.get('requestId'),
      ),
    ),
  );
  app.onError((error, c) => {
    const requestId = c.get('requestId') ?? randomUUID();
    if (!(error instanceof RegistryError)) logError(error, requestId);
    return problemResponse(toProblem(error, requestId));
  });
  return app;
}
