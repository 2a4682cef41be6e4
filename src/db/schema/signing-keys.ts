import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The registry's signing keys. Every key ever used stays listed (at `GET /v1/keys`) so old
 * signatures keep verifying; a rotated-out key gets `expires_at`. The private key is kept only for
 * a key the registry generated itself and only while it is current; a key given by configuration
 * is never stored. Never returned by any route, never logged.
 */
export const signingKeys = pgTable('signing_keys', {
  keyId: text('key_id').primaryKey(),
  /** SubjectPublicKeyInfo DER, base64. */
  publicKey: text('public_key').notNull(),
  privateKey: text('private_key'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});
