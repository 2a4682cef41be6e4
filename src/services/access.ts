import { and, eq } from 'drizzle-orm';
import { RegistryError } from '../core/errors.js';
import type { OrgRole } from '../core/types.js';
import type { Executor } from '../db/database.js';
import { orgMembers, orgs } from '../db/schema/index.js';
import { type Actor, restrictionAllows, tokenAllows } from './actor.js';

const RANK: Record<OrgRole, number> = { reader: 1, publisher: 2, owner: 3 };

export async function roleIn(
  executor: Executor,
  actor: Actor | null,
  scope: string,
): Promise<OrgRole | null> {
  if (!actor) return null;
  const [row] = await executor
    .select({ role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(orgs, eq(orgs.id, orgMembers.orgId))
    .where(and(eq(orgs.name, scope), eq(orgMembers.userId, actor.userId)))
    .limit(1);
  return row?.role ?? null;
}

/**
 * Whether the actor may see a package. Public packages: everyone. Private ones: members of the
 * owning org (any role) and administrators, through a token that can read and covers the package.
 */
export async function canRead(
  executor: Executor,
  actor: Actor | null,
  pkg: { scope: string; name: string; access: 'public' | 'private' },
): Promise<boolean> {
  if (pkg.access === 'public') return true;
  if (!actor || !tokenAllows(actor, 'read') || !restrictionAllows(actor, pkg.scope, pkg.name)) return false;
  if (actor.isAdmin) return true;
  return (await roleIn(executor, actor, pkg.scope)) !== null;
}

/** Throws unless the actor holds at least `role` in the scope's org (administrators pass). */
export async function requireRole(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  role: OrgRole,
  what: string,
): Promise<void> {
  if (!actor) throw new RegistryError('UNAUTHENTICATED', `${what} needs a token`);
  if (actor.isAdmin) return;
  const held = await roleIn(executor, actor, scope);
  if (!held || RANK[held] < RANK[role]) {
    throw new RegistryError('FORBIDDEN', `${what} needs the ${role} role in @${scope}`);
  }
}

/** Publishing and changing a package: a publish-scoped token covering it, and publisher in its org. */
export async function requirePublisher(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
  what: string,
): Promise<Actor> {
  if (!actor)
    throw new RegistryError('UNAUTHENTICATED', `${what} needs a token`, { hint: 'Run `patternhub login`.' });
  if (!tokenAllows(actor, 'publish')) {
    throw new RegistryError('FORBIDDEN', `${what} needs a token with the publish scope`);
  }
  if (!restrictionAllows(actor, scope, name)) {
    throw new RegistryError('FORBIDDEN', `This token is restricted to ${actor.restriction}`);
  }
  await requireRole(executor, actor, scope, 'publisher', what);
  return actor;
}
