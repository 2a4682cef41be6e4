import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import type { DatabaseHandle, Db } from './database.js';
import * as schema from './schema/index.js';

const { Pool } = pg;

export interface OpenDatabaseOptions {
  /** `postgres://…`: use a real PostgreSQL. Without it, embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-folder dump to start from (tests load a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  /** Connections in the pool (PostgreSQL). */
  poolSize?: number;
  /** Where errors of idle pooled connections go (a database restart drops them); never thrown. */
  onBackgroundError?: (error: Error) => void;
  /** Longest one statement may run, and longest a lock may be waited for (PostgreSQL only). */
  timeouts?: Partial<DatabaseTimeouts>;
}

/** Server-side bounds, so no statement, lock wait or idle transaction holds a pooled connection for ever. */
export interface DatabaseTimeouts {
  /** Longest wait for a free pooled connection. */
  poolWaitMs: number;
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  poolWaitMs: 10_000,
  statementMs: 30_000,
  lockMs: 10_000,
  idleInTransactionMs: 60_000,
});

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A request waits at most this long for a pooled connection, then fails as DATABASE_BUSY.
      connectionTimeoutMillis: timeouts.poolWaitMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      application_name: 'patternhub',
    });
    // A connection dropped by a database restart errors as an event: on an idle one the pool's
    // listener hears it, on a checked-out one (a transaction) only the client's own. Without a
    // listener the event would end the process; the query in flight fails and answers 503.
    const report = (error: Error) => options.onBackgroundError?.(error);
    pool.on('error', report);
    pool.on('connect', (client) => client.on('error', report));
    const db = drizzlePostgres({ client: pool, schema }) as unknown as Db;
    const pinger = new Pool({
      connectionString: options.url,
      max: 1,
      connectionTimeoutMillis: 2000,
      statement_timeout: 2000,
      application_name: 'patternhub-health',
    });
    pinger.on('error', report);
    pinger.on('connect', (client) => client.on('error', report));
    return {
      db,
      driver: 'postgres',
      url: options.url,
      ping: async () => {
        await pinger.query('select 1');
      },
      close: async () => {
        await Promise.all([pool.end(), pinger.end()]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    return await openPglite(options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPglite(options: OpenDatabaseOptions, unlock: () => void): Promise<DatabaseHandle> {
  const client = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    pglite: client,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}
