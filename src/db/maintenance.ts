import { sql } from 'drizzle-orm';
import type { Db } from './database.js';

/** Reclaims dead rows and refreshes planner statistics (what autovacuum does on PostgreSQL). */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
}
