import { tarballPath } from '../core/api-paths.js';
import type { PackageDocument, VersionDocument } from '../core/api-types.js';
import type { PackumentVersion } from '../core/types.js';
import { versions } from '../db/schema/index.js';
import type { PackageRow, VersionRow } from './package-lookup.js';

/**
 * The columns of a version that a package document shows: not its manifest, contents, file list,
 * README or test report, which are the bulk of a row. Select these (`select(PACKUMENT_COLUMNS)`) to
 * build a package document or pick a version, so that a package's size in versions does not make
 * every read and publish carry all of them.
 */
export const PACKUMENT_COLUMNS = {
  version: versions.version,
  integrity: versions.integrity,
  dependencies: versions.dependencies,
  publishedAt: versions.publishedAt,
  yankedAt: versions.yankedAt,
  removedAt: versions.removedAt,
  deprecated: versions.deprecated,
  bumpOverride: versions.bumpOverride,
  signatures: versions.signatures,
};
export type PackumentRow = Pick<VersionRow, keyof typeof PACKUMENT_COLUMNS>;

export function packumentVersion(pkg: PackageRow, row: PackumentRow): PackumentVersion {
  const entry: PackumentVersion = {
    version: row.version,
    integrity: row.integrity,
    dependencies: row.dependencies,
    yanked: row.yankedAt !== null,
    publishedAt: row.publishedAt.toISOString(),
    tarball: tarballPath(pkg.fullName, row.version),
    signatures: row.signatures ?? [],
  };
  if (row.deprecated) entry.deprecated = row.deprecated;
  if (row.bumpOverride) entry.bumpOverride = row.bumpOverride;
  return entry;
}

/** The package metadata answer: every version, dist-tags, times, deprecations, yanks. */
export function packageDocument(
  pkg: PackageRow,
  rows: PackumentRow[],
  tags: Record<string, string>,
): PackageDocument {
  const live = rows.filter((row) => !row.removedAt);
  const versions: Record<string, PackumentVersion> = {};
  for (const row of live) versions[row.version] = packumentVersion(pkg, row);
  return {
    name: pkg.fullName,
    scope: pkg.scope,
    kind: pkg.kind,
    description: pkg.description,
    access: pkg.access,
    keywords: pkg.keywords,
    license: pkg.license,
    latest: tags.latest ?? null,
    downloads: pkg.downloads,
    distTags: tags,
    versions,
    removed: rows.filter((row) => row.removedAt).map((row) => row.version),
    time: { created: pkg.createdAt.toISOString(), modified: pkg.updatedAt.toISOString() },
  };
}

/** One version in full: manifest, integrity, file list and what it contains. */
export function versionDocument(pkg: PackageRow, row: VersionRow): VersionDocument {
  return {
    name: pkg.fullName,
    version: row.version,
    kind: pkg.kind,
    access: pkg.access,
    manifest: row.manifest,
    integrity: row.integrity,
    tarball: tarballPath(pkg.fullName, row.version),
    /** npm's shape: what an installer checks the tarball and its origin against. */
    dist: {
      integrity: row.integrity,
      tarball: tarballPath(pkg.fullName, row.version),
      signatures: row.signatures ?? [],
    },
    size: row.size,
    unpackedSize: row.unpackedSize,
    files: row.files,
    contents: row.contents,
    dependencies: row.dependencies,
    publishedAt: row.publishedAt.toISOString(),
    deprecated: row.deprecated ?? null,
    yanked: row.yankedAt !== null,
    bumpOverride: row.bumpOverride ?? null,
    tests: row.tests ?? null,
  };
}
