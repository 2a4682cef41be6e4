import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';

/** Liveness: answers only when the database does. */
export async function checkHealth(db: Db): Promise<{ ok: true }> {
  await db.execute(sql`select 1`);
  return { ok: true };
}
