import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditPage } from '../core/api-types.js';
import type { Executor } from '../db/database.js';
import { auditLog } from '../db/schema/index.js';
import type { Actor, RequestMeta } from './actor.js';

export interface AuditEntry {
  action: string;
  scope: string | null;
  target: string | null;
  details?: Record<string, unknown>;
}

/** Records one change. Runs inside the change's own transaction: no change without its record. */
export async function recordAudit(
  executor: Executor,
  actor: Actor | null,
  meta: RequestMeta | undefined,
  entry: AuditEntry,
): Promise<void> {
  await executor.insert(auditLog).values({
    actorId: actor?.userId ?? null,
    actorName: actor?.username ?? null,
    tokenId: actor?.tokenId ?? null,
    action: entry.action,
    scope: entry.scope,
    target: entry.target,
    details: entry.details ?? null,
    requestId: meta?.requestId ?? null,
  });
}

export async function listAudit(
  executor: Executor,
  scope: string,
  options: { before?: number; limit: number },
): Promise<AuditPage> {
  const rows = await executor
    .select()
    .from(auditLog)
    .where(
      options.before === undefined
        ? eq(auditLog.scope, scope)
        : and(eq(auditLog.scope, scope), lt(auditLog.id, options.before)),
    )
    .orderBy(desc(auditLog.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const result: AuditPage = {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actorName,
      tokenId: row.tokenId,
      action: row.action,
      target: row.target,
      details: row.details ?? null,
      requestId: row.requestId,
    })),
  };
  if (rows.length > options.limit) result.next = page.at(-1)!.id;
  return result;
}
