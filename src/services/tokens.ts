import { createHash, randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import { TOKEN_SCOPES, type TokenScope, type TokenView } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import type { Executor } from '../db/database.js';
import { tokens, users } from '../db/schema/index.js';
import { type Actor, type RequestMeta, tokenAllows } from './actor.js';
import { recordAudit } from './audit.js';
import { forgetCachedTokens } from './authenticate.js';

const TOKEN_PREFIX = 'ph_';
/** Live tokens one user may hold: a leaked token must not mint without bound. */
export const MAX_TOKENS_PER_USER = 100;
/** Characters of the secret shown in lists: the `ph_` marker and 4 of the 40 random ones. */
const SHOWN_PREFIX = TOKEN_PREFIX.length + 4;

/** What a token list shows of a secret. */
export function shownPrefix(secret: string): string {
  return secret.slice(0, SHOWN_PREFIX);
}
const RESTRICTION = /^@[a-z0-9][a-z0-9-]{0,63}(\/[a-z0-9][a-z0-9-]{0,63})?$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret: `ph_` and 40 base62 characters (238 bits), easy to spot by secret scanners. */
export function generateSecret(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(64);
  let out = '';
  for (const byte of bytes) {
    if (byte < 248) out += alphabet[byte % 62];
    if (out.length === 40) break;
  }
  return TOKEN_PREFIX + out;
}

function view(row: typeof tokens.$inferSelect): TokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes as TokenScope[],
    restriction: row.restriction,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export interface NewToken {
  name: string;
  scopes: TokenScope[];
  restriction?: string | null;
  expiresInDays?: number | null;
}

/**
 * Checks a token request. Each problem names its field (`details.fields`), so a client can say it in
 * its own words: the CLI names its flags (`--expires-days`), not these API fields.
 */
export function checkNewToken(input: NewToken): void {
  const fields: Array<{ field: keyof NewToken; problem: string }> = [];
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 100) {
    fields.push({ field: 'name', problem: 'must be a non-empty string of at most 100 characters' });
  }
  if (!Array.isArray(input.scopes) || input.scopes.length === 0) {
    fields.push({ field: 'scopes', problem: `must list one or more of ${TOKEN_SCOPES.join(', ')}` });
  } else {
    for (const scope of input.scopes) {
      if (!TOKEN_SCOPES.includes(scope))
        fields.push({
          field: 'scopes',
          problem: `has an unknown scope "${String(scope)}" (${TOKEN_SCOPES.join(', ')})`,
        });
    }
  }
  if (
    input.restriction != null &&
    (typeof input.restriction !== 'string' || !RESTRICTION.test(input.restriction))
  ) {
    fields.push({ field: 'restriction', problem: 'must be @scope or @scope/name' });
  }
  if (
    input.expiresInDays != null &&
    (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 3650)
  ) {
    fields.push({ field: 'expiresInDays', problem: 'must be a whole number from 1 to 3650' });
  }
  if (fields.length > 0) {
    const problems = fields.map(({ field, problem }) => `${field} ${problem}`);
    throw new RegistryError('BAD_REQUEST', `Invalid token request: ${problems.join('; ')}`, {
      details: { problems, fields },
    });
  }
}

/** Creates a token for `userId`; the secret is returned once and only its hash is stored. */
export async function insertToken(
  executor: Executor,
  userId: number,
  input: NewToken,
  now: Date,
  /** An expiry that wins over `expiresInDays` (a token minted by an expiring token). */
  expiresAt?: Date | null,
  /** The token minting this one: revoking it revokes this one too. */
  parentTokenId: string | null = null,
): Promise<{ secret: string; token: TokenView }> {
  checkNewToken(input);
  const [live] = await executor
    .select({ count: count() })
    .from(tokens)
    .where(
      and(
        eq(tokens.userId, userId),
        isNull(tokens.revokedAt),
        or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now)),
      ),
    );
  if ((live?.count ?? 0) >= MAX_TOKENS_PER_USER) {
    throw new RegistryError('TOKEN_LIMIT', `A user may hold at most ${MAX_TOKENS_PER_USER} live tokens`, {
      hint: 'Revoke tokens you no longer use (`patternhub token list`, `patternhub token revoke ID`).',
    });
  }
  const secret = generateSecret();
  const [row] = await executor
    .insert(tokens)
    .values({
      userId,
      name: input.name.trim(),
      secretHash: hashSecret(secret),
      prefix: shownPrefix(secret),
      parentTokenId,
      scopes: [...new Set(input.scopes)],
      restriction: input.restriction ?? null,
      expiresAt:
        expiresAt !== undefined
          ? expiresAt
          : input.expiresInDays
            ? new Date(now.getTime() + input.expiresInDays * 86_400_000)
            : null,
    })
    .returning();
  return { secret, token: view(row!) };
}

/** A token may only mint tokens no stronger than itself. */
export async function createToken(
  executor: Executor,
  actor: Actor,
  input: NewToken,
  meta: RequestMeta,
  now: Date,
): Promise<{ secret: string; token: TokenView }> {
  checkNewToken(input);
  for (const scope of input.scopes) {
    if (!tokenAllows(actor, scope)) {
      throw new RegistryError('FORBIDDEN', `This token cannot create a token with the "${scope}" scope`, {
        hint: 'Use a token that has that scope (or admin) to create it.',
      });
    }
  }
  if (actor.restriction && input.restriction !== actor.restriction) {
    const narrower = input.restriction?.startsWith(`${actor.restriction}/`);
    if (!narrower) {
      throw new RegistryError(
        'FORBIDDEN',
        `This token is restricted to ${actor.restriction}; so is every token it creates`,
      );
    }
  }
  // Nor longer-lived: a leaked short-lived token must not buy a permanent one.
  let expiresAt: Date | null | undefined;
  if (actor.expiresAt) {
    const asked = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
    if (asked && asked > actor.expiresAt) {
      throw new RegistryError(
        'FORBIDDEN',
        `This token expires at ${actor.expiresAt.toISOString()}; so must every token it creates`,
      );
    }
    expiresAt = asked ?? actor.expiresAt;
  }
  const created = await insertToken(executor, actor.userId, input, now, expiresAt, actor.tokenId);
  await recordAudit(executor, actor, meta, {
    action: 'token.create',
    scope: actor.username,
    target: created.token.id,
    details: {
      name: created.token.name,
      scopes: created.token.scopes,
      restriction: created.token.restriction,
    },
  });
  return created;
}

export async function listTokens(executor: Executor, actor: Actor): Promise<TokenView[]> {
  const rows = await executor
    .select()
    .from(tokens)
    .where(and(eq(tokens.userId, actor.userId), isNull(tokens.revokedAt)))
    .orderBy(desc(tokens.createdAt));
  return rows.map(view);
}

/**
 * A short-lived admin token of the registry's first administrator, for the server's own start-up
 * work (`serve --with-examples` publishes through the API with it); revoked when that work ends.
 */
export async function mintStartupToken(
  executor: Executor,
  name: string,
  now: Date,
): Promise<{ secret: string; revoke(): Promise<void> }> {
  const [admin] = await executor
    .select({ id: users.id })
    .from(users)
    .where(eq(users.isAdmin, true))
    .orderBy(asc(users.id))
    .limit(1);
  if (!admin) throw new RegistryError('USER_NOT_FOUND', 'The registry has no administrator');
  const { secret, token } = await insertToken(
    executor,
    admin.id,
    { name, scopes: ['admin'], expiresInDays: 1 },
    now,
  );
  return {
    secret,
    async revoke() {
      await executor.update(tokens).set({ revokedAt: new Date() }).where(eq(tokens.id, token.id));
    },
  };
}

export async function revokeToken(
  executor: Executor,
  actor: Actor,
  tokenId: string,
  meta: RequestMeta,
  now: Date,
): Promise<void> {
  // Revoking the token in use is always allowed (logout); others need an admin-scoped token.
  if (tokenId !== actor.tokenId && (!tokenAllows(actor, 'admin') || actor.restriction)) {
    throw new RegistryError(
      'FORBIDDEN',
      'Revoking another token needs an unrestricted token with the admin scope',
    );
  }
  const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tokenId);
  const updated = uuidLike
    ? await executor
        .update(tokens)
        .set({ revokedAt: now })
        .where(and(eq(tokens.id, tokenId), eq(tokens.userId, actor.userId), isNull(tokens.revokedAt)))
        .returning({ id: tokens.id })
    : [];
  if (updated.length === 0) throw new RegistryError('TOKEN_NOT_FOUND', 'No such token');
  // Every token minted by it, and by those, goes with it: a leaked token's offspring are leaked too.
  let parents = [tokenId];
  while (parents.length > 0) {
    const children = await executor
      .update(tokens)
      .set({ revokedAt: now })
      .where(and(inArray(tokens.parentTokenId, parents), isNull(tokens.revokedAt)))
      .returning({ id: tokens.id });
    parents = children.map((child) => child.id);
  }
  forgetCachedTokens();
  await recordAudit(executor, actor, meta, {
    action: 'token.revoke',
    scope: actor.username,
    target: tokenId,
  });
}
