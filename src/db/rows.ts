import type { SQL } from 'drizzle-orm';
import type { Executor } from './database.js';

/**
 * Runs raw SQL and returns its rows on either driver: PGlite answers `{ rows }`, postgres.js an
 * array. Used where the query builder cannot say it (full-text search, upserts with expressions).
 */
export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
