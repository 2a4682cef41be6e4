import { and, asc, eq, sql } from 'drizzle-orm';
import type { OrgMember, OrgMembership, OrgView } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import { NAME_PART, nameSkeleton } from '../core/names.js';
import { ORG_ROLES, type OrgRole } from '../core/types.js';
import type { Db, Executor } from '../db/database.js';
import { orgMembers, orgs, users } from '../db/schema/index.js';
import { requireRole, roleIn } from './access.js';
import { type Actor, type RequestMeta, restrictionAllows, tokenAllows } from './actor.js';
import { listAudit, recordAudit } from './audit.js';
import { isUniqueViolation } from './db-errors.js';

/** An admin-scoped token whose restriction (if any) covers the organisation's scope. */
function requireAdminToken(actor: Actor | null, what: string, orgName: string): Actor {
  if (!actor) throw new RegistryError('UNAUTHENTICATED', `${what} needs a token`);
  if (!tokenAllows(actor, 'admin'))
    throw new RegistryError('FORBIDDEN', `${what} needs a token with the admin scope`);
  if (!restrictionAllows(actor, orgName))
    throw new RegistryError('FORBIDDEN', `This token is restricted to ${actor.restriction}`);
  return actor;
}

async function findOrg(db: Db, name: string) {
  const [org] = await db.select().from(orgs).where(eq(orgs.name, name)).limit(1);
  if (!org) throw new RegistryError('ORG_NOT_FOUND', `No organisation "@${name}"`);
  return org;
}

export async function createOrg(
  db: Db,
  actor: Actor | null,
  input: { name: string; description?: string | null },
  meta: RequestMeta,
): Promise<OrgView> {
  const caller = requireAdminToken(actor, 'Creating an organisation', String(input.name));
  if (typeof input.name !== 'string' || !NAME_PART.test(input.name)) {
    throw new RegistryError('BAD_REQUEST', 'An organisation name must match ^[a-z0-9][a-z0-9-]{0,63}$');
  }
  const lookAlike = (await db.select({ name: orgs.name }).from(orgs)).find(
    (org) => org.name !== input.name && nameSkeleton(org.name) === nameSkeleton(input.name),
  );
  if (lookAlike) {
    throw new RegistryError(
      'NAME_CONFUSABLE',
      `@${input.name} looks like the organisation @${lookAlike.name}`,
      {
        details: { name: input.name, resembles: lookAlike.name },
        hint: 'Choose a name that cannot be mistaken for an existing organisation.',
      },
    );
  }
  const description: unknown = input.description;
  if (description != null && (typeof description !== 'string' || description.length > 500)) {
    throw new RegistryError('BAD_REQUEST', 'description must be a string of at most 500 characters');
  }
  try {
    return await db.transaction(async (tx) => {
      const [org] = await tx
        .insert(orgs)
        .values({ name: input.name, description: input.description ?? null })
        .returning();
      await tx.insert(orgMembers).values({ orgId: org!.id, userId: caller.userId, role: 'owner' });
      await recordAudit(tx, caller, meta, {
        action: 'org.create',
        scope: org!.name,
        target: `@${org!.name}`,
      });
      return {
        name: org!.name,
        description: org!.description,
        personal: false,
        createdAt: org!.createdAt.toISOString(),
        members: [{ username: caller.username, role: 'owner' as const }],
      };
    });
  } catch (error) {
    // A scope is one name space for users and organisations: each user owns an org of its name.
    if (isUniqueViolation(error, 'orgs_name_key')) {
      throw new RegistryError(
        'ALREADY_EXISTS',
        `The scope "@${input.name}" is taken by a user or an organisation`,
      );
    }
    throw error;
  }
}

export async function getOrg(db: Db, actor: Actor | null, name: string): Promise<OrgView> {
  const org = await findOrg(db, name);
  const view: OrgView = {
    name: org.name,
    description: org.description,
    personal: org.personalOf !== null,
    createdAt: org.createdAt.toISOString(),
  };
  // Members only through a token that reads and whose restriction covers the whole organisation.
  const covered = actor !== null && tokenAllows(actor, 'read') && restrictionAllows(actor, name);
  if (covered && (actor.isAdmin || (await roleIn(db, actor, name)))) {
    view.members = await db
      .select({ username: users.username, role: orgMembers.role })
      .from(orgMembers)
      .innerJoin(users, eq(users.id, orgMembers.userId))
      .where(eq(orgMembers.orgId, org.id))
      .orderBy(asc(users.username));
  }
  return view;
}

export async function setMember(
  db: Db,
  actor: Actor | null,
  orgName: string,
  username: string,
  role: OrgRole,
  meta: RequestMeta,
): Promise<OrgMember> {
  const caller = requireAdminToken(actor, 'Changing members', orgName);
  if (!ORG_ROLES.includes(role))
    throw new RegistryError('BAD_REQUEST', `role must be one of ${ORG_ROLES.join(', ')}`);
  const org = await findOrg(db, orgName);
  await requireRole(db, caller, orgName, 'owner', 'Changing members');
  if (org.personalOf)
    throw new RegistryError(
      'BAD_REQUEST',
      `@${orgName} is a personal scope; create an organisation to share`,
    );
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user) throw new RegistryError('USER_NOT_FOUND', `No user "${username}"`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from orgs where id = ${org.id} for update`);
    if (role !== 'owner') await assertAnotherOwner(tx, org.id, user.id);
    await tx
      .insert(orgMembers)
      .values({ orgId: org.id, userId: user.id, role })
      .onConflictDoUpdate({ target: [orgMembers.orgId, orgMembers.userId], set: { role } });
    await recordAudit(tx, caller, meta, {
      action: 'org.member.set',
      scope: orgName,
      target: username,
      details: { role },
    });
    return { username, role };
  });
}

async function assertAnotherOwner(db: Executor, orgId: number, userId: number): Promise<void> {
  const owners = await db
    .select({ userId: orgMembers.userId })
    .from(orgMembers)
    .where(and(eq(orgMembers.orgId, orgId), eq(orgMembers.role, 'owner')));
  const isOwner = owners.some((owner) => owner.userId === userId);
  if (isOwner && owners.length === 1) {
    throw new RegistryError('LAST_OWNER', 'This is the last owner of the organisation', {
      hint: 'Make another member an owner first.',
    });
  }
}

export async function removeMember(
  db: Db,
  actor: Actor | null,
  orgName: string,
  username: string,
  meta: RequestMeta,
): Promise<void> {
  const caller = requireAdminToken(actor, 'Removing members', orgName);
  const org = await findOrg(db, orgName);
  await requireRole(db, caller, orgName, 'owner', 'Removing members');
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  if (!user) throw new RegistryError('USER_NOT_FOUND', `No user "${username}"`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from orgs where id = ${org.id} for update`);
    await assertAnotherOwner(tx, org.id, user.id);
    const removed = await tx
      .delete(orgMembers)
      .where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.userId, user.id)))
      .returning();
    if (removed.length === 0)
      throw new RegistryError('USER_NOT_FOUND', `${username} is not a member of @${orgName}`);
    await recordAudit(tx, caller, meta, { action: 'org.member.remove', scope: orgName, target: username });
  });
}

export async function readOrgAudit(
  db: Db,
  actor: Actor | null,
  orgName: string,
  options: { before?: number; limit: number },
) {
  if (!actor) throw new RegistryError('UNAUTHENTICATED', 'Reading the audit log needs a token');
  await findOrg(db, orgName);
  if (!restrictionAllows(actor, orgName))
    throw new RegistryError('FORBIDDEN', `This token is restricted to ${actor.restriction}`);
  await requireRole(db, actor, orgName, 'owner', 'Reading the audit log');
  return listAudit(db, orgName, options);
}

export async function listOrgsOf(db: Db, actor: Actor): Promise<OrgMembership[]> {
  return db
    .select({ name: orgs.name, role: orgMembers.role })
    .from(orgMembers)
    .innerJoin(orgs, eq(orgs.id, orgMembers.orgId))
    .where(eq(orgMembers.userId, actor.userId))
    .orderBy(asc(orgs.name));
}
