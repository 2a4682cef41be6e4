import { and, eq, inArray, isNull } from 'drizzle-orm';
import semver from 'semver';
import type { RemoveResponse, YankResponse } from '../core/api-types.js';
import { LATEST_TAG, latestAfterRemoval, requireValidDistTag } from '../core/dist-tags.js';
import { RegistryError } from '../core/errors.js';
import { formatPackageName } from '../core/names.js';
import type { Executor } from '../db/database.js';
import { distTags, packages, versions } from '../db/schema/index.js';
import { canRead, requirePublisher } from './access.js';
import type { Actor, RequestMeta } from './actor.js';
import { recordAudit } from './audit.js';
import { dependentEdges } from './dependents.js';
import {
  findVisiblePackage,
  findVisibleVersion,
  PACKAGE_COLUMNS,
  type PackageRow,
  type VersionRow,
} from './package-lookup.js';
import { readDistTags } from './read-package.js';
import { clearPackageListing, refreshPackageListing } from './search-document.js';
import type { ServiceDeps } from './services.js';

/** A version may be removed only this long after it was published (npm's rule). */
export const REMOVAL_WINDOW_MS = 72 * 60 * 60 * 1000;

async function writablePackage(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  what: string,
) {
  // Visibility first: a private package stays a 404 for those who cannot see it.
  const pkg = await findVisiblePackage(deps.db, actor, scope, name);
  const caller = await requirePublisher(deps.db, actor, scope, name, what);
  return { pkg, caller };
}

async function refreshFromLatest(executor: Executor, pkg: PackageRow): Promise<void> {
  const tags = await readDistTags(executor, pkg.id);
  if (!tags.latest) return;
  const [row] = await executor
    .select()
    .from(versions)
    .where(and(eq(versions.packageId, pkg.id), eq(versions.version, tags.latest)))
    .limit(1);
  if (row) await refreshPackageListing(executor, pkg.id, row);
}

export async function setDistTag(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  tag: string,
  version: string,
  meta: RequestMeta,
): Promise<Record<string, string>> {
  const { pkg, caller } = await writablePackage(deps, actor, scope, name, 'Changing dist-tags');
  requireValidDistTag(tag);
  await findVisibleVersion(deps.db, actor, scope, name, version);
  return deps.db.transaction(async (tx) => {
    await tx
      .insert(distTags)
      .values({ packageId: pkg.id, tag, version })
      .onConflictDoUpdate({ target: [distTags.packageId, distTags.tag], set: { version } });
    if (tag === LATEST_TAG) await refreshFromLatest(tx, pkg);
    await recordAudit(tx, caller, meta, {
      action: 'dist-tag.set',
      scope,
      target: pkg.fullName,
      details: { tag, version },
    });
    return readDistTags(tx, pkg.id);
  });
}

export async function removeDistTag(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  tag: string,
  meta: RequestMeta,
): Promise<Record<string, string>> {
  const { pkg, caller } = await writablePackage(deps, actor, scope, name, 'Changing dist-tags');
  if (tag === LATEST_TAG) {
    throw new RegistryError(
      'BAD_REQUEST',
      'The latest tag cannot be removed; point it at another version instead',
    );
  }
  return deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(distTags)
      .where(and(eq(distTags.packageId, pkg.id), eq(distTags.tag, tag)))
      .returning();
    if (removed.length === 0)
      throw new RegistryError('DIST_TAG_NOT_FOUND', `${pkg.fullName} has no tag "${tag}"`);
    await recordAudit(tx, caller, meta, {
      action: 'dist-tag.remove',
      scope,
      target: pkg.fullName,
      details: { tag },
    });
    return readDistTags(tx, pkg.id);
  });
}

/** Deprecates (or, with an empty message, undeprecates) every live version in `range`. */
export async function deprecateVersions(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  range: string,
  message: string,
  meta: RequestMeta,
): Promise<string[]> {
  const { pkg, caller } = await writablePackage(deps, actor, scope, name, 'Deprecating');
  if (!semver.validRange(range)) throw new RegistryError('BAD_REQUEST', `"${range}" is not a semver range`);
  if (typeof message !== 'string' || message.length > 1024) {
    throw new RegistryError('BAD_REQUEST', 'message must be a string of at most 1024 characters');
  }
  return deps.db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: versions.id, version: versions.version })
      .from(versions)
      .where(and(eq(versions.packageId, pkg.id), isNull(versions.removedAt)));
    const matched = rows.filter((row) => semver.satisfies(row.version, range, { includePrerelease: true }));
    if (matched.length === 0) {
      throw new RegistryError('VERSION_NOT_FOUND', `No version of ${pkg.fullName} matches ${range}`);
    }
    await tx
      .update(versions)
      .set({ deprecated: message === '' ? null : message })
      .where(
        inArray(
          versions.id,
          matched.map((row) => row.id),
        ),
      );
    await refreshFromLatest(tx, pkg);
    await recordAudit(tx, caller, meta, {
      action: message === '' ? 'package.undeprecate' : 'package.deprecate',
      scope,
      target: pkg.fullName,
      details: { range, message, versions: matched.map((row) => row.version) },
    });
    return matched.map((row) => row.version);
  });
}

/** Yanks (or restores) one version: skipped by resolution, still downloadable by exact version. */
export async function setYanked(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
  yanked: boolean,
  meta: RequestMeta,
): Promise<YankResponse> {
  const { pkg, caller } = await writablePackage(deps, actor, scope, name, 'Yanking');
  const { row } = await findVisibleVersion(deps.db, actor, scope, name, version);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(versions)
      .set({ yankedAt: yanked ? (row.yankedAt ?? deps.now()) : null })
      .where(eq(versions.id, row.id));
    await recordAudit(tx, caller, meta, {
      action: yanked ? 'package.yank' : 'package.unyank',
      scope,
      target: `${pkg.fullName}@${version}`,
    });
  });
  return { name: pkg.fullName, version, yanked };
}

/**
 * Live versions of other packages whose dependency range this version satisfies: those the caller
 * may see by name, and how many more it may not (private packages of other organisations).
 */
async function dependentsOf(
  executor: Executor,
  actor: Actor,
  pkg: PackageRow,
  row: VersionRow,
): Promise<{ visible: string[]; hidden: number }> {
  const edges = await dependentEdges(executor, pkg.fullName);
  const visible: string[] = [];
  let hidden = 0;
  for (const edge of edges) {
    if (!semver.satisfies(row.version, edge.range, { includePrerelease: true })) continue;
    if (await canRead(executor, actor, edge)) visible.push(`${edge.dependent}@${edge.version}`);
    else hidden++;
  }
  return { visible: visible.sort(), hidden };
}

/**
 * Removes a version: only within 72 hours of its publication and only while no other package's
 * version depends on it. The row stays as a tombstone so the number is never reused.
 */
export async function removeVersion(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
  meta: RequestMeta,
) {
  const { pkg, caller } = await writablePackage(deps, actor, scope, name, 'Removing a version');
  const { row } = await findVisibleVersion(deps.db, actor, scope, name, version);
  const age = deps.now().getTime() - row.publishedAt.getTime();
  if (age > REMOVAL_WINDOW_MS) {
    throw new RegistryError(
      'UNPUBLISH_WINDOW_CLOSED',
      `${pkg.fullName}@${version} was published over 72 hours ago`,
      {
        hint: 'Deprecate or yank it instead.',
      },
    );
  }
  return deps.db.transaction(async (tx): Promise<RemoveResponse> => {
    await tx.select(PACKAGE_COLUMNS).from(packages).where(eq(packages.id, pkg.id)).for('update');
    // A private dependent still blocks the removal, but is only counted: its name is not ours to show.
    const { visible, hidden } = await dependentsOf(tx, caller, pkg, row);
    if (visible.length + hidden > 0) {
      const named = [...visible, ...(hidden > 0 ? [`${hidden} package(s) you cannot see`] : [])];
      throw new RegistryError(
        'HAS_DEPENDENTS',
        `${pkg.fullName}@${version} has dependents: ${named.join(', ')}`,
        {
          details: { dependents: visible, hiddenDependents: hidden },
          hint: 'Deprecate or yank it instead.',
        },
      );
    }
    await tx.update(versions).set({ removedAt: deps.now() }).where(eq(versions.id, row.id));
    // Tags that named the removed version move to the highest remaining release, or go away.
    const remaining = (
      await tx
        .select({ version: versions.version })
        .from(versions)
        .where(and(eq(versions.packageId, pkg.id), isNull(versions.removedAt)))
    ).map((entry) => entry.version);
    const tags = await readDistTags(tx, pkg.id);
    for (const [tag, tagged] of Object.entries(tags)) {
      if (tagged !== version) continue;
      const replacement = tag === LATEST_TAG ? latestAfterRemoval(remaining) : undefined;
      if (replacement) {
        await tx
          .update(distTags)
          .set({ version: replacement })
          .where(and(eq(distTags.packageId, pkg.id), eq(distTags.tag, tag)));
      } else {
        await tx.delete(distTags).where(and(eq(distTags.packageId, pkg.id), eq(distTags.tag, tag)));
      }
    }
    if (remaining.length === 0) {
      await clearPackageListing(tx, pkg.id);
    } else {
      await refreshFromLatest(tx, pkg);
    }
    await recordAudit(tx, caller, meta, {
      action: 'package.remove',
      scope,
      target: `${formatPackageName(scope, name)}@${version}`,
    });
    return { name: pkg.fullName, version, removed: true };
  });
}
