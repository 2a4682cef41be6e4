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
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      // Prepared statements are cached per connection: the hot routes run a handful of fixed queries.
      prepare: true,
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, driver: 'postgres', url: options.url, close: () => client.end({ timeout: 5 }) };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, driver: 'pglite', pglite: client, close: () => client.close() };
}
