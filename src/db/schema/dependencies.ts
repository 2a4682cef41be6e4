import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { versions } from './versions.js';

/** Dependency edges of every version, to find the dependents of a package before removal. */
export const dependencies = pgTable(
  'dependencies',
  {
    versionId: bigint('version_id', { mode: 'number' })
      .notNull()
      .references(() => versions.id),
    dependsOn: text('depends_on').notNull(),
    range: text('range').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.dependsOn] }),
    index('dependencies_target_idx').on(t.dependsOn),
  ],
);
