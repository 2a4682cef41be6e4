import type { TokenScope } from '../core/api-types.js';

/** The authenticated caller of a request: a user acting through one token. */
export interface Actor {
  userId: number;
  username: string;
  isAdmin: boolean;
  tokenId: string;
  tokenName: string;
  scopes: TokenScope[];
  /** `@scope/name` or `@scope`: the token only acts on that package or scope. */
  restriction: string | null;
  /** When the token in use expires; tokens it creates may not outlive it. */
  expiresAt: Date | null;
}

/** Request facts that services record in the audit log. */
export interface RequestMeta {
  requestId: string;
}

export function tokenAllows(actor: Actor, needed: TokenScope): boolean {
  if (actor.scopes.includes('admin')) return true;
  if (needed === 'read') return actor.scopes.includes('read') || actor.scopes.includes('publish');
  return actor.scopes.includes(needed);
}

/** Whether the token's package or scope restriction covers `@scope/name` (or the whole scope). */
export function restrictionAllows(actor: Actor, scope: string, name?: string): boolean {
  const restriction = actor.restriction;
  if (!restriction) return true;
  if (restriction === `@${scope}`) return true;
  return name !== undefined && restriction === `@${scope}/${name}`;
}
