import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Every change to the registry: who, what, when, with which token. Never holds secrets. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name'),
    tokenId: uuid('token_id'),
    action: text('action').notNull(),
    /** The scope (organisation) the change belongs to, for owners to read their log. */
    scope: text('scope'),
    target: text('target'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
  },
  (t) => [index('audit_log_scope_idx').on(t.scope, t.id)],
);
