import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Package metadata a mirror fetched from an upstream registry (`PATTERNHUB_UPSTREAMS`): the
 * upstream's package document as it answered, refreshed after the TTL. Never consulted for a scope
 * owned locally.
 */
export const mirroredPackages = pgTable(
  'mirrored_packages',
  {
    fullName: text('full_name').primaryKey(),
    scope: text('scope').notNull(),
    upstream: text('upstream').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('mirrored_packages_scope_idx').on(t.scope)],
);

/** Version documents fetched from an upstream: immutable, kept forever like their tarballs. */
export const mirroredVersions = pgTable(
  'mirrored_versions',
  {
    fullName: text('full_name').notNull(),
    version: text('version').notNull(),
    document: jsonb('document').$type<Record<string, unknown>>().notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [primaryKey({ columns: [t.fullName, t.version] })],
);
