import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { DatabaseHandle, Db } from './database.js';
import * as schema from './schema/index.js';

export interface OpenDatabaseOptions {
  /** `postgres://…`: use a real PostgreSQL. Without it, embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-folder dump to start from (tests load a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  /** Connections in the postgres.js pool. */
  poolSize?: number;
  /** Longest one statement may run, and longest a lock may be waited for (PostgreSQL only). */
  timeouts?: Partial<DatabaseTimeouts>;
}

/** Server-side bounds, so no statement, lock wait or idle transaction holds a pooled connection for ever. */
export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  statementMs: 30_000,
  lockMs: 10_000,
  idleInTransactionMs: 60_000,
});

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connect_timeout: 10,
      connection: {
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      },
      // Prepared statements are cached per connection: the hot routes run a handful of fixed queries.
      prepare: true,
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    const pinger = postgres(options.url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: 2,
      idle_timeout: 60,
      connection: { statement_timeout: 2000 },
    });
    return {
      db,
      driver: 'postgres',
      url: options.url,
      ping: async () => {
        await pinger`select 1`;
      },
      close: async () => {
        await Promise.all([client.end({ timeout: 5 }), pinger.end({ timeout: 1 })]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
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
    close: () => client.close(),
  };
}
