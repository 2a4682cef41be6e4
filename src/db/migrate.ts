import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseHandle } from './database.js';

/** The project's root folder, found from this module whether it runs from `src/` or bundled in `dist/`. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'patternhub') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the patternhub package root');
    dir = parent;
  }
}

export function migrationsFolder(): string {
  return join(projectRoot(), 'migrations');
}

/** Applies the SQL migrations in `migrations/`; safe to run on every start and from several processes. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const folder = migrationsFolder();
  if (handle.driver === 'pglite') {
    // biome-ignore lint/suspicious/noExplicitAny: the two drizzle drivers share no migrator type
    await migratePglite(handle.db as any, { migrationsFolder: folder });
    return;
  }
  if (!handle.url) throw new Error('a PostgreSQL handle without its URL cannot be migrated');
  // Several servers may start together against one PostgreSQL: a session advisory lock, held on one
  // dedicated connection, lets one migrate while the others wait and then find nothing to do.
  const client = new pg.Client({ connectionString: handle.url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {}); // a dropped connection fails the awaited query below instead
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(72177001)');
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: folder });
  } finally {
    await client.end();
  }
}
