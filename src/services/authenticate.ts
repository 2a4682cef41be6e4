import { eq, type SQL } from 'drizzle-orm';
import type { TokenScope } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import type { Db } from '../db/database.js';
import { tokens, users } from '../db/schema/index.js';
import type { Actor } from './actor.js';
import { hashSecret } from './tokens.js';

/** Why a token was refused: `details.reason` of the UNAUTHENTICATED answer (stable values). */
export type TokenRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired';

/** Our tokens are `ph_` and 40 base62 characters; a first admin's may be any 20 to 512 visible characters. */
function isWellFormed(secret: string): boolean {
  if (secret.startsWith('ph_') && /^ph_[A-Za-z0-9]{40}$/.test(secret)) return true;
  return secret.length >= 20 && secret.length <= 512 && /^[\x21-\x7e]+$/.test(secret);
}

export function tokenRefused(reason: TokenRefusal, message: string, hint: string): RegistryError {
  return new RegistryError('UNAUTHENTICATED', message, { hint, details: { reason } });
}

type TokenRow = { token: typeof tokens.$inferSelect; user: typeof users.$inferSelect };

async function findToken(db: Db, where: SQL): Promise<TokenRow | undefined> {
  const [row] = await db
    .select({ token: tokens, user: users })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(where)
    .limit(1);
  return row;
}

function isUsable(row: TokenRow, now: Date): boolean {
  return !row.token.revokedAt && !(row.token.expiresAt && row.token.expiresAt <= now);
}

async function actorOf(db: Db, row: TokenRow, now: Date): Promise<Actor> {
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
/**
 * The Actor of the token `where` picks, or null when there is none or it is revoked or expired.
 * One rule for bearer tokens and web sessions (which hold a token id, never the secret).
 */
export async function tokenActor(db: Db, where: SQL, now: Date): Promise<Actor | null> {
  const row = await findToken(db, where);
  return row && isUsable(row, now) ? actorOf(db, row, now) : null;
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

/** Why the token row cannot act now, as the refusal its holder reads; undefined when it can. */
function refusalOf(row: TokenRow | undefined, now: Date): RegistryError | undefined {
  if (!row) {
    return tokenRefused(
      'unknown',
      'This registry does not know the token',
      'Was it made on another registry? Check --registry, then `patternhub login --token <token>`.',
    );
  }
  if (row.token.revokedAt) {
    return tokenRefused(
      'revoked',
      `The token "${row.token.name}" was revoked`,
      'Ask for a new token (`patternhub token create`, or an administrator), then `patternhub login`.',
    );
  }
  if (row.token.expiresAt && row.token.expiresAt <= now) {
    return tokenRefused(
      'expired',
      `The token "${row.token.name}" expired on ${row.token.expiresAt.toISOString().slice(0, 10)}`,
      'Create a new one with `patternhub token create` (using another token), then `patternhub login`.',
    );
  }
  return undefined;
}

/**
 * Turns a bearer secret into an Actor, cached for TOKEN_CACHE_MS (expiry still checked per request).
 * A refusal says why (`details.reason`: malformed, unknown, revoked, expired), so the person holding
 * the secret knows whether to fix a typo, ask for a new token or log in elsewhere. That tells nothing
 * to anyone else: only the holder of a secret learns about its token, and secrets cannot be guessed.
 */
export async function authenticate(db: Db, secret: string, now: Date): Promise<Actor> {
  if (!isWellFormed(secret)) {
    throw tokenRefused(
      'malformed',
      'The token is malformed: a Patternhub token is ph_ followed by 40 letters and digits',
      'Copy the whole token, as `patternhub token create` or `user create` printed it.',
    );
  }
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
  const row = await findToken(db, eq(tokens.secretHash, hash));
  const refusal = refusalOf(row, now);
  if (refusal) {
    cachedTokens.delete(hash);
    throw refusal;
  }
  const actor = await actorOf(db, row!, now);
  if (cachedTokens.size >= MAX_CACHED_TOKENS) cachedTokens.clear();
  // A lookup that raced a revocation is not kept: it may have read the token before the revocation.
  if (lookedUpIn === generation) cachedTokens.set(hash, { db, actor, until: now.getTime() + TOKEN_CACHE_MS });
  return actor;
}
