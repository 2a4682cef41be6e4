import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { App } from './app-env.js';
import type { FastReads } from './fast-reads.js';

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

/**
 * Serves the app over HTTP on `host:port` (port 0 picks a free one). `fastReads` answers what it can
 * before hono sees the request (src/server/fast-reads.ts).
 */
export async function listen(
  app: App,
  options: { port: number; host: string; fastReads?: FastReads | undefined },
): Promise<Listening> {
  const hono = getRequestListener(app.fetch, { hostname: options.host });
  const fast = options.fastReads;
  const server = createServer(
    fast
      ? (request, response) => {
          if (!fast(request, response)) void hono(request, response);
        }
      : hono,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; end them.
        server.closeAllConnections();
      }),
  };
}
