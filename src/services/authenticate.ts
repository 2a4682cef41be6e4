import { eq, type SQL } from 'drizzle-orm';
import type { TokenScope } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import type { Db } from '../db/database.js';
import { tokens, users } from '../db/schema/index.js';
import type { Actor } from './actor.js';
import { hashSecret } from './tokens.js';

/**
 * The Actor of the token `where` picks, or null when there is none or it is revoked or expired.
 * One rule for bearer tokens and web sessions (which hold a token id, never the secret).
 */
export async function tokenActor(db: Db, where: SQL, now: Date): Promise<Actor | null> {
  const [row] = await db
    .select({ token: tokens, user: users })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(where)
    .limit(1);
  if (!row || row.token.revokedAt || (row.token.expiresAt && row.token.expiresAt <= now)) return null;
  // last_used_at is advisory: update it at most once a minute to keep reads free of writes.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(tokens).set({ lastUsedAt: now }).where(eq(tokens.id, row.token.id));
  }
  return {
    userId: row.user.id,
    username: row.user.username,
    isAdmin: row.user.isAdmin,
    tokenId: row.token.id,
    tokenName: row.token.name,
    expiresAt: row.token.expiresAt,
    scopes: row.token.scopes as TokenScope[],
    restriction: row.token.restriction,
  };
}

/**
 * Turns a bearer secret into an Actor. Unknown, revoked and expired tokens all answer the same
 * UNAUTHENTICATED, so a caller learns nothing about which tokens exist.
 */
export async function authenticate(db: Db, secret: string, now: Date): Promise<Actor> {
  const actor = await tokenActor(db, eq(tokens.secretHash, hashSecret(secret)), now);
  if (!actor) {
    throw new RegistryError('UNAUTHENTICATED', 'The token is not valid', {
      hint: 'Log in again with `patternhub login --token <token>`.',
    });
  }
  return actor;
}
