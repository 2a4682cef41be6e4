import { asc, eq } from 'drizzle-orm';
import semver from 'semver';
import type { PackageDocument } from '../core/api-types.js';
import { RegistryError } from '../core/errors.js';
import { unpackTarball } from '../core/tarball/index.js';
import type { Executor } from '../db/database.js';
import { distTags, versions } from '../db/schema/index.js';
import type { Actor } from './actor.js';
import { listDependents } from './dependents.js';
import { findVisiblePackage, findVisibleVersion, liveVersionRow, type PackageRow } from './package-lookup.js';
import { PACKUMENT_COLUMNS, packageDocument, versionDocument } from './package-views.js';
import type { ServiceDeps } from './services.js';

export async function readDistTags(executor: Executor, packageId: number): Promise<Record<string, string>> {
  const rows = await executor
    .select({ tag: distTags.tag, version: distTags.version })
    .from(distTags)
    .where(eq(distTags.packageId, packageId))
    .orderBy(asc(distTags.tag));
  return Object.fromEntries(rows.map((row) => [row.tag, row.version]));
}

export async function readPackage(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
): Promise<PackageDocument> {
  const pkg = await findVisiblePackage(executor, actor, scope, name);
  return documentOf(executor, pkg);
}

export async function documentOf(executor: Executor, pkg: PackageRow): Promise<PackageDocument> {
  const [rows, tags] = await Promise.all([
    executor
      .select(PACKUMENT_COLUMNS)
      .from(versions)
      .where(eq(versions.packageId, pkg.id))
      .orderBy(asc(versions.id)),
    readDistTags(executor, pkg.id),
  ]);
  return packageDocument(pkg, rows, tags);
}

/** One version; `version` may also be a dist-tag (`latest`). */
export async function readVersion(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
) {
  const resolved = await resolveTag(executor, actor, scope, name, version);
  const { pkg, row } = await findVisibleVersion(executor, actor, scope, name, resolved);
  return versionDocument(pkg, row);
}

/** The version a selector names: a version as written (it starts with a digit), or a dist-tag's. */
function versionOfSelector(tags: Record<string, string>, selector: string): string | undefined {
  return /^\d/.test(selector) ? selector : tags[selector];
}

/**
 * A package and one of its versions as a person reads them (the web page), in one pass: the
 * package document, the version document (`selector`: a version or a dist-tag; by default the
 * `latest` tag, else the highest version; null when every version was removed), its README, the
 * packages whose latest version depends on it, and the files `wanted` picks (given the path and the
 * version's integrity), unpacked from the tarball once and only when it picks any.
 */
export async function readPackageView(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  selector: string | undefined,
  wanted: (path: string, integrity: string) => boolean,
) {
  const pkg = await findVisiblePackage(deps.db, actor, scope, name);
  const [document, dependents] = await Promise.all([
    documentOf(deps.db, pkg),
    listDependents(deps.db, actor, pkg.fullName),
  ]);
  const highest = Object.keys(document.versions).sort(semver.rcompare)[0];
  const chosen = selector ?? document.latest ?? highest;
  if (chosen === undefined) return { document, version: null, readme: null, files: new Map(), dependents };
  const version = versionOfSelector(document.distTags, chosen);
  const row =
    version === undefined || !document.versions[version]
      ? undefined
      : await liveVersionRow(deps.db, pkg.id, version);
  if (!row) throw new RegistryError('VERSION_NOT_FOUND', `${pkg.fullName} has no version or tag "${chosen}"`);
  const files = new Map<string, Uint8Array>();
  if (row.files.some((file) => wanted(file.path, row.integrity))) {
    const data = await deps.blobs.get(row.blobKey);
    if (!data) throw new Error(`blob of ${pkg.fullName}@${row.version} is missing`);
    for (const [path, bytes] of unpackTarball(data, deps.limits)) {
      if (wanted(path, row.integrity)) files.set(path, bytes);
    }
  }
  return { document, version: versionDocument(pkg, row), readme: row.readme, files, dependents };
}

async function resolveTag(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
  selector: string,
) {
  if (/^\d/.test(selector)) return selector;
  const pkg = await findVisiblePackage(executor, actor, scope, name);
  const version = versionOfSelector(await readDistTags(executor, pkg.id), selector);
  if (!version)
    throw new RegistryError('VERSION_NOT_FOUND', `${pkg.fullName} has no version or tag "${selector}"`);
  return version;
}

/** The tarball bytes of a version, with what the route needs for caching headers. */
export async function readTarball(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
) {
  const { pkg, row } = await findVisibleVersion(deps.db, actor, scope, name, version);
  const data = await deps.blobs.get(row.blobKey);
  if (!data) throw new Error(`blob of ${pkg.fullName}@${version} is missing`);
  deps.downloads.record(pkg.id, row.version);
  return { data, integrity: row.integrity, fileName: `${pkg.scope}-${pkg.name}-${row.version}.tgz` };
}

/** The integrity of a version, for conditional requests that need no body. */
export async function readIntegrity(
  executor: Executor,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
) {
  const { row } = await findVisibleVersion(executor, actor, scope, name, version);
  return row.integrity;
}

/** One file of a version, unpacked from its tarball. */
export async function readFile(
  deps: ServiceDeps,
  actor: Actor | null,
  scope: string,
  name: string,
  version: string,
  path: string,
) {
  const { pkg, row } = await findVisibleVersion(deps.db, actor, scope, name, version);
  if (!row.files.some((file) => file.path === path)) {
    throw new RegistryError('FILE_NOT_FOUND', `${pkg.fullName}@${version} has no file ${path}`);
  }
  const data = await deps.blobs.get(row.blobKey);
  if (!data) throw new Error(`blob of ${pkg.fullName}@${version} is missing`);
  const bytes = unpackTarball(data, deps.limits).get(path);
  if (!bytes) throw new RegistryError('FILE_NOT_FOUND', `${pkg.fullName}@${version} has no file ${path}`);
  return { bytes, integrity: row.integrity };
}
