import { and, eq, getTableColumns } from 'drizzle-orm';
import { RegistryError } from '../core/errors.js';
import { formatPackageName, NAME_PART } from '../core/names.js';
import type { Executor } from '../db/database.js';
import { packages, versions } from '../db/schema/index.js';
import { canRead, roleIn } from './access.js';
import type { Actor } from './actor.js';

/**
 * Every column of a package but its three search vectors, which hold the words of its README and
 * are read by search's SQL alone: selecting them with the row would make every lookup carry (and
 * PostgreSQL print, and the driver parse) the whole README's lexemes. `select(PACKAGE_COLUMNS)`.
 */
export const PACKAGE_COLUMNS = (() => {
  const { searchVector: _s, nameVector: _n, titleVector: _t, ...columns } = getTableColumns(packages);
  return columns;
})();
export type PackageRow = Omit<typeof packages.$inferSelect, 'searchVector' | 'nameVector' | 'titleVector'>;
export type VersionRow = typeof versions.$inferSelect;

/**
 * The package, if the actor may see it. A private package the actor may not read answers exactly
 * like a missing one (404, not 403), so its existence does not leak.
 */
export async function findVisiblePackage(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
): Promise<PackageRow> {
  // A name that cannot exist is simply not found (and never reaches the database).
  if (!NAME_PART.test(scope) || !NAME_PART.test(name)) {
    throw new RegistryError('PACKAGE_NOT_FOUND', `No package @${scope}/${name}`);
  }
  const fullName = formatPackageName(scope, name);
  const [pkg] = await executor
    .select(PACKAGE_COLUMNS)
    .from(packages)
    .where(eq(packages.fullName, fullName))
    .limit(1);
  // A missing package costs the same membership query a private one does: the answer's timing
  // must not tell a non-member which private names exist.
  if (!pkg && actor) await roleIn(executor, actor, scope);
  if (!pkg || !(await canRead(executor, actor, pkg))) {
    throw new RegistryError('PACKAGE_NOT_FOUND', `No package ${fullName}`);
  }
  return pkg;
}

/** A published, not removed version of a visible package. */
export async function findVisibleVersion(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
): Promise<{ pkg: PackageRow; row: VersionRow }> {
  const pkg = await findVisiblePackage(executor, actor, scope, name);
  const row = await liveVersionRow(executor, pkg.id, version);
  if (!row) throw new RegistryError('VERSION_NOT_FOUND', `No version ${version} of ${pkg.fullName}`);
  return { pkg, row };
}

/** One version of a package, whole, unless it was removed. */
export async function liveVersionRow(
  executor: Executor,
  packageId: number,
  version: string,
): Promise<VersionRow | undefined> {
  const [row] = await executor
    .select()
    .from(versions)
    .where(and(eq(versions.packageId, packageId), eq(versions.version, version)))
    .limit(1);
  return row && !row.removedAt ? row : undefined;
}

/** What a cached read needs of a package: who may see it, its revision and its live download count. */
export interface PackageHead {
  id: number;
  scope: string;
  name: string;
  fullName: string;
  access: 'public' | 'private';
  revision: number;
  downloads: number;
}

/**
 * Reads a package's head row by full name; it may hand the same answer to concurrent readers, or one
 * it trusts (src/services/package-heads.ts). `fresh`: read the database whatever is cached.
 */
export type HeadReader = (fullName: string, fresh?: boolean) => Promise<PackageHead | undefined>;

export const readPackageHead =
  (executor: Executor): HeadReader =>
  async (fullName) => {
    const [head] = await executor
      .select({
        id: packages.id,
        scope: packages.scope,
        name: packages.name,
        fullName: packages.fullName,
        access: packages.access,
        revision: packages.revision,
        downloads: packages.downloads,
      })
      .from(packages)
      .where(eq(packages.fullName, fullName))
      .limit(1);
    return head;
  };

/** `findVisiblePackage` reading only the few columns a cached read needs (one indexed row). */
export async function findVisiblePackageHead(
  executor: Executor,
  read: HeadReader,
  actor: Actor | null,
  scope: string,
  name: string,
  fresh = false,
): Promise<PackageHead> {
  if (!NAME_PART.test(scope) || !NAME_PART.test(name)) {
    throw new RegistryError('PACKAGE_NOT_FOUND', `No package @${scope}/${name}`);
  }
  const fullName = formatPackageName(scope, name);
  const head = await read(fullName, fresh);
  // A public package needs no further look (the common case, and no query on a cached head).
  if (head?.access === 'public') return head;
  if (!head || !(await canRead(executor, actor, head))) {
    throw new RegistryError('PACKAGE_NOT_FOUND', `No package ${fullName}`);
  }
  return head;
}
