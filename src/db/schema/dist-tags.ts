import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { packages } from './packages.js';

/** Named pointers to versions (`latest`, `beta`, …). */
export const distTags = pgTable(
  'dist_tags',
  {
    packageId: bigint('package_id', { mode: 'number' })
      .notNull()
      .references(() => packages.id),
    tag: text('tag').notNull(),
    version: text('version').notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.tag] })],
);
