import { sql } from 'drizzle-orm';
import { bigserial, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Organisations own scopes: `@acme/*` belongs to the org named `acme`. A user's own scope is an org too. */
export const orgs = pgTable(
  'orgs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    /** Set to the username when this is a user's personal scope. */
    personalOf: text('personal_of'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('orgs_name_key').on(t.name)],
);
