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

/** The environment every test server starts with, under the file's own settings. */
function testConfig(adminToken: string, env: Record<string, string>) {
  return parseServerConfig({
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
}

function registryOf(
  server: RunningServer,
  database: DatabaseHandle,
  adminToken: string,
  clock: { offsetMs: number },
  close: () => Promise<void>,
): TestRegistry {
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
    close,
  };
}

export async function startTestRegistry(env: Record<string, string> = {}): Promise<TestRegistry> {
  const database = await createTestDatabase();
  const adminToken = `ph_test_admin_${randomBytes(16).toString('hex')}`;
  const clock = { offsetMs: 0 };
  const server = await startServer(testConfig(adminToken, env), {
    database,
    now: () => new Date(Date.now() + clock.offsetMs),
  });
  return registryOf(server, database, adminToken, clock, async () => {
    await server.close();
    await database.close();
  });
}

/**
 * Another server on `first`'s database, as a second process behind a load balancer would be (its own
 * caches, change feed and download counter). Its `close` stops the server only: close it before
 * `first`, which owns the database.
 */
export async function startSecondServer(
  first: TestRegistry,
  env: Record<string, string> = {},
): Promise<TestRegistry> {
  const server = await startServer(testConfig(first.adminToken, env), { database: first.database });
  return registryOf(server, first.database, first.adminToken, first.clock, () => server.close());
}
