import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orgs } from './orgs.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A package name. Rows are never deleted: a removed package keeps its row so that no name@version
 * is ever reused. Search columns are refreshed from the latest version on every publish.
 */
export const packages = pgTable(
  'packages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => orgs.id),
    scope: text('scope').notNull(),
    name: text('name').notNull(),
    /** `@scope/name`, kept for search and joins by full name. */
    fullName: text('full_name').notNull(),
    kind: text('kind').$type<'pattern' | 'action'>().notNull(),
    access: text('access').$type<'public' | 'private'>().notNull().default('public'),
    description: text('description').notNull().default(''),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    license: text('license'),
    latestVersion: text('latest_version'),
    /** Every action a version of the package calls (latest version), for the "uses" filter. */
    uses: text('uses').array().notNull().default(sql`'{}'::text[]`),
    /** true when the latest version is deprecated. */
    deprecated: text('deprecated'),
    downloads: bigint('downloads', { mode: 'number' }).notNull().default(0),
    searchVector: tsvector('search_vector'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('packages_full_name_key').on(t.fullName),
    index('packages_scope_idx').on(t.scope),
    index('packages_search_idx').using('gin', t.searchVector),
    index('packages_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('packages_keywords_idx').using('gin', t.keywords),
    index('packages_uses_idx').using('gin', t.uses),
  ],
);
