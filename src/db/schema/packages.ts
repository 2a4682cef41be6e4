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
    /** The whole search document, weighted: name and keywords (A), description (B), members (C), README (D). */
    searchVector: tsvector('search_vector'),
    /**
     * Search relevance tiers: every query word in the name or keywords (`name_vector`), or there or
     * in the description (`title_vector`), each with its own index so a tier's best packages come
     * straight from it, without scoring every package that merely mentions the words.
     */
    nameVector: tsvector('name_vector'),
    titleVector: tsvector('title_vector'),
    /**
     * Bumped by triggers (migrations/0006) on every change to the package's document: its row (not
     * the download count), its versions, its dist-tags. Servers key their cached documents by it, so
     * a write through any server sharing the database invalidates them all; each move (and each
     * download-count change) is announced by NOTIFY (migrations/0008, src/db/change-feed.ts).
     */
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    uniqueIndex('packages_full_name_key').on(t.fullName),
    index('packages_scope_idx').on(t.scope),
    index('packages_search_idx').using('gin', t.searchVector),
    index('packages_name_vector_idx').using('gin', t.nameVector),
    index('packages_title_vector_idx').using('gin', t.titleVector),
    // Search order within a relevance tier: downloads, then recency; read in order for common words.
    index('packages_popularity_idx').on(t.downloads.desc(), t.updatedAt.desc(), t.fullName),
    index('packages_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    // Exact-name matches rank first in search: an equality probe, whatever the full-text query finds.
    index('packages_name_idx').on(t.name),
    // The licence filter compares SPDX ids case-insensitively; the index also gives the planner statistics.
    index('packages_license_idx').on(sql`lower(${t.license})`),
    index('packages_keywords_idx').using('gin', t.keywords),
    index('packages_uses_idx').using('gin', t.uses),
  ],
);
