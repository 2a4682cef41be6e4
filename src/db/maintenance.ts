import { inArray, sql } from 'drizzle-orm';
import type { Db } from './database.js';
import { versions } from './schema/index.js';

/** Reclaims dead rows and refreshes planner statistics (what autovacuum does on PostgreSQL). */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}

/** Which of these blob keys a version (live or removed: removal keeps the row) points at. */
export async function referencedBlobKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ key: versions.blobKey })
    .from(versions)
    .where(inArray(versions.blobKey, keys));
  return new Set(rows.map((row) => row.key));
}
