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
 * How long a server trusts a token it has looked up, in ms. A revocation through this server takes
 * effect at once (`forgetCachedTokens`); through another server sharing the database, within this.
 */
export const TOKEN_CACHE_MS = 5_000;
const MAX_CACHED_TOKENS = 10_000;
const cachedTokens = new Map<string, { db: Db; actor: Actor; until: number }>();

/** Drops every cached token lookup (after a revocation). */
let generation = 0;
export function forgetCachedTokens(): void {
  generation++;
  cachedTokens.clear();
}

/**
 * Turns a bearer secret into an Actor (cached for TOKEN_CACHE_MS, expiry still checked per request). Unknown, revoked and expired tokens all answer the same
 * UNAUTHENTICATED, so a caller learns nothing about which tokens exist.
 */
export async function authenticate(db: Db, secret: string, now: Date): Promise<Actor> {
  const hash = hashSecret(secret);
  const cached = cachedTokens.get(hash);
  if (
    cached?.db === db &&
    cached.until > now.getTime() &&
    (!cached.actor.expiresAt || cached.actor.expiresAt > now)
  ) {
    return cached.actor;
  }
  const lookedUpIn = generation;
  const actor = await tokenActor(db, eq(tokens.secretHash, hash), now);
  if (!actor) {
    cachedTokens.delete(hash);
    throw new RegistryError('UNAUTHENTICATED', 'The token is not valid', {
      hint: 'Log in again with `patternhub login --token <token>`.',
    });
  }
  if (cachedTokens.size >= MAX_CACHED_TOKENS) cachedTokens.clear();
  // A lookup that raced a revocation is not kept: it may have read the token before the revocation.
  if (lookedUpIn === generation) cachedTokens.set(hash, { db, actor, until: now.getTime() + TOKEN_CACHE_MS });
  return actor;
}
