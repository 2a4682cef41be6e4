import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { App } from './app-env.js';

/**
 * How long an idle keep-alive connection stays open. Clients (undici's fetch, load balancers) reuse
 * an idle socket until shortly before the server's advertised timeout; Node's default of 5 s leaves a
 * window a busy machine can miss, and a request then lands on a socket the server has just closed
 * ("fetch failed"). A long timeout, as behind a load balancer, keeps that window out of reach.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Must exceed the keep-alive timeout, or Node may cut a reused connection mid-headers. */
export const HEADERS_TIMEOUT_MS = KEEP_ALIVE_TIMEOUT_MS + 1_000;

export interface Listening {
  port: number;
  /** Stops accepting, ends idle and open connections, resolves when the server has closed. */
  close(): Promise<void>;
}

/** Serves the app over HTTP on `host:port` (port 0 picks a free one). */
export async function listen(app: App, options: { port: number; host: string }): Promise<Listening> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, () =>
      resolve(instance),
    );
    instance.once('error', reject);
  });
  const http = server as unknown as {
    keepAliveTimeout: number;
    headersTimeout: number;
    closeAllConnections?: () => void;
  };
  http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  http.headersTimeout = HEADERS_TIMEOUT_MS;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; end them.
        http.closeAllConnections?.();
      }),
  };
}
