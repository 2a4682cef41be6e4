import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * API tokens. Only a SHA-256 of the secret is stored; the secret is shown once, at creation.
 * `scopes` is a subset of read / publish / admin; `restriction` optionally limits the token to
 * one package (`@scope/name`) or one scope (`@scope`).
 */
export const tokens = pgTable(
  'tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** `ph_` and the secret's first 4 characters (24 bits): recognisable in a list, useless to guess with. */
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    restriction: text('restriction'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The token that created this one, if any: revoking it revokes this one too. */
    parentTokenId: uuid('parent_token_id'),
  },
  (t) => [
    uniqueIndex('tokens_secret_hash_key').on(t.secretHash),
    index('tokens_user_idx').on(t.userId),
    index('tokens_parent_idx').on(t.parentTokenId),
  ],
);
