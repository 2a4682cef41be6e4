/**
 * A real registry for a test file: a fresh database (see database.ts), the real server on a free
 * port, and a known admin token. Close it in `after()`.
 */
import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '../../src/db/database.js';
import { parseServerConfig } from '../../src/main/config.js';
import { type RunningServer, startServer } from '../../src/main/start-server.js';
import { createTestDatabase } from './database.js';

export interface TestRegistry {
  url: string;
  adminToken: string;
  server: RunningServer;
  database: DatabaseHandle;
  /** A clock tests may move (the 72-hour removal window). */
  clock: { offsetMs: number };
  /** fetch against the registry, with the token when given. */
  request(path: string, init?: RequestInit & { token?: string | undefined }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestRegistry(env: Record<string, string> = {}): Promise<TestRegistry> {
  const database = await createTestDatabase();
  const adminToken = `ph_test_admin_${randomBytes(16).toString('hex')}`;
  const config = parseServerConfig({
    env: {
      PORT: '0',
      PATTERNHUB_ADMIN_TOKEN: adminToken,
      // Suites publish and search far faster than people do; the hostile-input suite sets its own.
      PATTERNHUB_RATE_AUTH_FAILURES: '0',
      PATTERNHUB_RATE_PUBLISHES: '0',
      PATTERNHUB_RATE_SEARCHES: '0',
      ...env,
    },
    cwd: process.env.PATTERNHUB_TEST_WORK ?? process.cwd(),
  });
  const clock = { offsetMs: 0 };
  const server = await startServer(config, { database, now: () => new Date(Date.now() + clock.offsetMs) });
  return {
    url: server.url,
    adminToken,
    server,
    database,
    clock,
    request(path, init = {}) {
      const { token, headers, ...rest } = init;
      return fetch(server.url + path, {
        ...rest,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(headers as Record<string, string>),
        },
      });
    },
    async close() {
      await server.close();
      await database.close();
    },
  };
}
