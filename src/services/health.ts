import { sql } from 'drizzle-orm';
import type { ServiceDeps } from './services.js';

/**
 * Liveness: answers only when the database does, on a connection of its own where there is one
 * (`ping`), so a pool busy with publishes does not delay it.
 */
export async function checkHealth(deps: Pick<ServiceDeps, 'db' | 'ping'>): Promise<{ ok: true }> {
  if (deps.ping) await deps.ping();
  else await deps.db.execute(sql`select 1`);
  return { ok: true };
}
