import { bigint, date, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { packages } from './packages.js';

/** Downloads per version per day. */
export const downloads = pgTable(
  'downloads',
  {
    packageId: bigint('package_id', { mode: 'number' })
      .notNull()
      .references(() => packages.id),
    version: text('version').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.version, t.day] })],
);
