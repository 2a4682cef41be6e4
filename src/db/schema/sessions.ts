import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tokens } from './tokens.js';

/**
 * Web sign-in sessions. The browser holds a random session id in an HttpOnly cookie; only its
 * SHA-256 is stored here, with the token the person signed in with (never the token itself), so a
 * revoked or expired token ends its sessions too. `csrf` is the session's form token.
 */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => tokens.id),
    csrf: text('csrf').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt), index('sessions_token_idx').on(t.tokenId)],
);
