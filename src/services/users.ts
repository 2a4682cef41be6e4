import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import type { TokenView } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import { NAME_PART } from '../core/names.js';
import type { Db, Executor } from '../db/database.js';
import { orgMembers, orgs, tokens, users } from '../db/schema/index.js';
import { type Actor, type RequestMeta, tokenAllows } from './actor.js';
import { recordAudit } from './audit.js';
import { isUniqueViolation } from './db-errors.js';
import { hashSecret, insertToken, shownPrefix } from './tokens.js';

export interface NewUser {
  username: string;
  email?: string | null;
  admin?: boolean;
}

export interface CreatedUser {
  user: { id: number; username: string; email: string | null; isAdmin: boolean };
  /** A first token (read, publish, admin), shown once. */
  secret: string;
  token: TokenView;
}

/** Creates a user, its personal scope (an org it owns) and a first token, in one transaction. */
async function insertUser(tx: Executor, input: NewUser, now: Date, secret?: string): Promise<CreatedUser> {
  if (typeof input.username !== 'string' || !NAME_PART.test(input.username)) {
    throw new RegistryError(
      'BAD_REQUEST',
      'username must match ^[a-z0-9][a-z0-9-]{0,63}$ (it is also a scope)',
    );
  }
  const email: unknown = input.email;
  if (
    email != null &&
    (typeof email !== 'string' || email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email))
  ) {
    throw new RegistryError('BAD_REQUEST', 'email must be an address such as ops@example.org');
  }
  try {
    const [user] = await tx
      .insert(users)
      .values({ username: input.username, email: input.email ?? null, isAdmin: input.admin === true })
      .returning();
    const [org] = await tx
      .insert(orgs)
      .values({ name: input.username, personalOf: input.username })
      .returning();
    await tx.insert(orgMembers).values({ orgId: org!.id, userId: user!.id, role: 'owner' });
    const created = await insertToken(
      tx,
      user!.id,
      { name: 'initial', scopes: ['read', 'publish', 'admin'] },
      now,
    );
    if (secret) {
      // Bootstrap with a chosen secret (PATTERNHUB_ADMIN_TOKEN): replace the generated one.
      await tx
        .update(tokens)
        .set({ secretHash: hashSecret(secret), prefix: shownPrefix(secret) })
        .where(eq(tokens.id, created.token.id));
      created.secret = secret;
      created.token.prefix = shownPrefix(secret);
    }
    return {
      user: { id: user!.id, username: user!.username, email: user!.email, isAdmin: user!.isAdmin },
      ...created,
    };
  } catch (error) {
    // The username, or the personal scope of that name (an organisation may hold it).
    if (isUniqueViolation(error, 'users_username_key') || isUniqueViolation(error, 'orgs_name_key')) {
      throw new RegistryError(
        'ALREADY_EXISTS',
        `The name "${input.username}" is taken by a user or an organisation`,
      );
    }
    throw error;
  }
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: NewUser,
  meta: RequestMeta,
  now: Date,
): Promise<CreatedUser> {
  // A token restricted to one package or scope acts on nothing else, users included.
  if (!actor.isAdmin || !tokenAllows(actor, 'admin') || actor.restriction) {
    throw new RegistryError('FORBIDDEN', 'Only a registry administrator can create users');
  }
  return db.transaction(async (tx) => {
    const created = await insertUser(tx, input, now);
    await recordAudit(tx, actor, meta, {
      action: 'user.create',
      scope: created.user.username,
      target: created.user.username,
      details: { admin: created.user.isAdmin },
    });
    return created;
  });
}

/** What start-up did with PATTERNHUB_ADMIN_TOKEN on a registry that already has users. */
export type AdminTokenOutcome = 'works' | 'restored' | 'ignored';

export interface Bootstrap {
  /** The first administrator, on a fresh registry. */
  created?: CreatedUser;
  /** On an existing registry with PATTERNHUB_ADMIN_TOKEN set. */
  adminToken?: AdminTokenOutcome;
}

/**
 * A fresh registry's first administrator. Runs at start-up when there are no users: with
 * `adminToken` the token is that secret (automation), otherwise a generated one is returned for
 * the server to print once.
 *
 * On an existing registry, `adminToken` is the way back in when nobody can administer it: if no
 * live admin-scoped token of an administrator exists (all revoked or expired), the secret becomes
 * a new admin token of the first administrator (`restored`, audited). If it already is such a
 * token it `works`; otherwise it is `ignored`, so a stale setting can never mint a second way in.
 */
export async function bootstrapAdmin(
  db: Db,
  options: { username?: string; adminToken?: string | undefined },
  now: Date,
): Promise<Bootstrap> {
  if (options.adminToken !== undefined && options.adminToken.length < 20) {
    throw new RegistryError('CONFIG_INVALID', 'PATTERNHUB_ADMIN_TOKEN must be at least 20 characters');
  }
  return db.transaction(async (tx) => {
    // Serialise concurrent first starts of several servers on one database.
    await tx.execute('select pg_advisory_xact_lock(72177002)');
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing) {
      if (options.adminToken === undefined) return {};
      return { adminToken: await restoreAdminToken(tx, options.adminToken, now) };
    }
    const created = await insertUser(
      tx,
      { username: options.username ?? 'admin', admin: true },
      now,
      options.adminToken,
    );
    await recordAudit(tx, null, undefined, {
      action: 'registry.bootstrap',
      scope: created.user.username,
      target: created.user.username,
    });
    return { created };
  });
}

async function restoreAdminToken(tx: Executor, secret: string, now: Date): Promise<AdminTokenOutcome> {
  const live = await tx
    .select({ hash: tokens.secretHash, scopes: tokens.scopes, restriction: tokens.restriction })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.userId))
    .where(
      and(
        eq(users.isAdmin, true),
        isNull(tokens.revokedAt),
        or(isNull(tokens.expiresAt), gt(tokens.expiresAt, now)),
      ),
    );
  const working = live.filter((row) => row.scopes.includes('admin') && row.restriction === null);
  if (working.some((row) => row.hash === hashSecret(secret))) return 'works';
  if (working.length > 0) return 'ignored';
  const [taken] = await tx
    .select({ id: tokens.id })
    .from(tokens)
    .where(eq(tokens.secretHash, hashSecret(secret)));
  // A secret once used (revoked, expired, or another user's) is not brought back: choose a new one.
  if (taken) return 'ignored';
  const [admin] = await tx
    .select()
    .from(users)
    .where(eq(users.isAdmin, true))
    .orderBy(asc(users.id))
    .limit(1);
  if (!admin) return 'ignored';
  const restored = await insertToken(
    tx,
    admin.id,
    { name: 'restored', scopes: ['read', 'publish', 'admin'] },
    now,
  );
  await tx
    .update(tokens)
    .set({ secretHash: hashSecret(secret), prefix: shownPrefix(secret) })
    .where(eq(tokens.id, restored.token.id));
  await recordAudit(tx, null, undefined, {
    action: 'registry.admin-token-restored',
    scope: admin.username,
    target: restored.token.id,
  });
  return 'restored';
}

export async function getUser(db: Db, username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user) throw new RegistryError('USER_NOT_FOUND', `No user "${username}"`);
  return user;
}
