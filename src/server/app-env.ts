import type { Hono } from 'hono';
import type { Actor } from '../services/actor.js';
import type { ServiceDeps } from '../services/services.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    /** The caller, or null for an anonymous request. */
    actor: Actor | null;
    /** The route put x-request-id in its answer's headers itself (request.ts, answerHeaders). */
    requestIdSent?: boolean;
  };
}

export type App = Hono<AppEnv>;

/** What a route registration receives: the app and the services it may call. */
export type RegisterRoute = (app: App, deps: ServiceDeps) => void;
