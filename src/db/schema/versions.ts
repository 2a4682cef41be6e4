import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TestReport } from '../../core/pattern-tests/index.js';
import type { Manifest, PackageContents } from '../../core/types.js';
import { packages } from './packages.js';
import { users } from './users.js';

export interface VersionFileEntry {
  path: string;
  size: number;
}

/**
 * One published version. Immutable once written, except for its deprecation, yank and removal
 * marks. A removed version keeps its row (a tombstone) so the version number is never reused.
 */
export const versions = pgTable(
  'versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' })
      .notNull()
      .references(() => packages.id),
    version: text('version').notNull(),
    manifest: jsonb('manifest').$type<Manifest>().notNull(),
    contents: jsonb('contents').$type<PackageContents>().notNull(),
    files: jsonb('files').$type<VersionFileEntry[]>().notNull(),
    dependencies: jsonb('dependencies').$type<Record<string, string>>().notNull(),
    readme: text('readme'),
    integrity: text('integrity').notNull(),
    /** Key of the tarball in the blob store (hex of the sha512). */
    blobKey: text('blob_key').notNull(),
    size: integer('size').notNull(),
    unpackedSize: integer('unpacked_size').notNull(),
    publishedBy: bigint('published_by', { mode: 'number' }).references(() => users.id),
    tokenId: uuid('token_id'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().default(sql`now()`),
    deprecated: text('deprecated'),
    yankedAt: timestamp('yanked_at', { withTimezone: true }),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    /** A recorded override of the semver bump check: who, why, which bump was required. */
    bumpOverride: jsonb('bump_override').$type<Record<string, unknown>>(),
    /** The package's pattern tests as run at publish (null when it has none). */
    tests: jsonb('tests').$type<TestReport>(),
  },
  (t) => [
    uniqueIndex('versions_package_version_key').on(t.packageId, t.version),
    index('versions_blob_idx').on(t.blobKey),
  ],
);
