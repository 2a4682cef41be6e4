import { randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { sessions, tokens } from '../db/schema/index.js';
import type { Actor } from './actor.js';
import { authenticate, tokenActor } from './authenticate.js';
import { hashSecret } from './tokens.js';

/** How long a web session lasts at most (the token's own expiry may end it sooner). */
export const SESSION_MS = 7 * 24 * 60 * 60 * 1000;

function randomId(): string {
  return randomBytes(32).toString('base64url');
}

export interface NewSession {
  /** The secret for the cookie; only its hash is stored. */
  id: string;
  /** The token the session's forms must carry. */
  csrf: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Signs a person in with an API token: checks it exactly as a bearer token is checked, then stores
 * a session that points at the token (by id). Ends expired sessions on the way.
 */
export async function createSession(db: Db, secret: string, now: Date): Promise<NewSession> {
  const actor = await authenticate(db, secret, now);
  let expiresAt = new Date(now.getTime() + SESSION_MS);
  if (actor.expiresAt && actor.expiresAt < expiresAt) expiresAt = actor.expiresAt;
  const id = randomId();
  const csrf = randomId();
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.insert(sessions).values({ idHash: hashSecret(id), tokenId: actor.tokenId, csrf, expiresAt });
  return { id, csrf, expiresAt, actor };
}

/** The signed-in person of a session cookie, or null (unknown, ended, expired, or its token revoked). */
export async function readSession(
  db: Db,
  id: string,
  now: Date,
): Promise<{ actor: Actor; csrf: string } | null> {
  const [session] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.idHash, hashSecret(id)))
    .limit(1);
  if (!session || session.expiresAt <= now) return null;
  const actor = await tokenActor(db, eq(tokens.id, session.tokenId), now);
  return actor ? { actor, csrf: session.csrf } : null;
}

/** Signs out: the session is gone, whatever the browser keeps. */
export async function endSession(db: Db, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, hashSecret(id)));
}
