/**
 * Loads a generated corpus straight into the database, for benchmarks: packages, versions and tags
 * by bulk insert (no tarball blobs, no HTTP), but each package validated by the same code as publish
 * (for its contents summary) and indexed by the same `refreshPackageListing` as publish, so search
 * sees exactly what it would after real publishes. Downloads and publish dates come from the corpus.
 */
import { eq, sql } from 'drizzle-orm';
import { filesFromRecord } from '../../src/core/package-files.js';
import { computeIntegrity, integrityToHex, packFiles } from '../../src/core/tarball/index.js';
import type { PackageContents } from '../../src/core/types.js';
import { validatePackage } from '../../src/core/validate/index.js';
import type { Db } from '../../src/db/database.js';
import { distTags, orgs, packages, versions } from '../../src/db/schema/index.js';
import { refreshPackageListing } from '../../src/services/search-document.js';
import type { CorpusPackage } from '../../tests/helpers/corpus.js';

const BATCH = 250;
const DAY_MS = 86_400_000;

export interface LoadReport {
  packages: number;
  validateMs: number;
  insertMs: number;
  indexMs: number;
}

/** Inserts `corpus` (in its order: dependencies first) and indexes every package for search. */
export async function loadCorpus(
  db: Db,
  corpus: readonly CorpusPackage[],
  options: { now?: Date; progress?: (done: number, total: number) => void } = {},
): Promise<LoadReport> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const contentsOf = new Map<string, PackageContents>();
  const prepared = corpus.map((pkg) => {
    const files = filesFromRecord(pkg.files);
    const result = validatePackage(files, {
      expect: { name: pkg.name, version: pkg.version },
      dependencies: (name) => contentsOf.get(name),
    });
    if (!result.ok || !result.manifest || !result.contents) {
      throw new Error(`${pkg.name}@${pkg.version} is invalid: ${JSON.stringify(result.issues.slice(0, 3))}`);
    }
    contentsOf.set(pkg.name, result.contents);
    const tarball = packFiles(files);
    const integrity = computeIntegrity(tarball);
    return { pkg, files, manifest: result.manifest, contents: result.contents, tarball, integrity };
  });
  const validated = performance.now();

  const scopes = [...new Set(corpus.map((pkg) => pkg.scope))];
  await db
    .insert(orgs)
    .values(scopes.map((name) => ({ name })))
    .onConflictDoNothing();
  const orgRows = await db.select({ id: orgs.id, name: orgs.name }).from(orgs);
  const orgId = new Map(orgRows.map((row) => [row.name, row.id]));

  const versionIds: Array<{ packageId: number; versionId: number }> = [];
  for (let start = 0; start < prepared.length; start += BATCH) {
    const batch = prepared.slice(start, start + BATCH);
    await db.transaction(async (tx) => {
      const inserted = await tx
        .insert(packages)
        .values(
          batch.map(({ pkg }) => ({
            orgId: orgId.get(pkg.scope)!,
            scope: pkg.scope,
            name: pkg.shortName,
            fullName: pkg.name,
            kind: pkg.kind,
            access: pkg.access,
            description: pkg.description,
            downloads: pkg.downloads,
          })),
        )
        .returning({ id: packages.id, fullName: packages.fullName });
      const idOf = new Map(inserted.map((row) => [row.fullName, row.id]));
      const rows = await tx
        .insert(versions)
        .values(
          batch.map(({ pkg, files, manifest, contents, tarball, integrity }) => ({
            packageId: idOf.get(pkg.name)!,
            version: pkg.version,
            manifest,
            contents,
            files: [...files.entries()].map(([path, bytes]) => ({ path, size: bytes.byteLength })),
            dependencies: manifest.dependencies ?? {},
            readme: pkg.files['README.md'] ?? null,
            integrity,
            blobKey: integrityToHex(integrity),
            size: tarball.byteLength,
            unpackedSize: [...files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0),
            publishedAt: new Date(now.getTime() - pkg.publishedDaysAgo * DAY_MS),
            deprecated: pkg.deprecated ?? null,
          })),
        )
        .returning({ id: versions.id, packageId: versions.packageId, version: versions.version });
      await tx
        .insert(distTags)
        .values(rows.map((row) => ({ packageId: row.packageId, tag: 'latest', version: row.version })));
      versionIds.push(...rows.map((row) => ({ packageId: row.packageId, versionId: row.id })));
    });
  }
  const inserted = performance.now();

  for (let start = 0; start < versionIds.length; start += BATCH) {
    const batch = versionIds.slice(start, start + BATCH);
    await db.transaction(async (tx) => {
      for (const { packageId, versionId } of batch) {
        const [row] = await tx.select().from(versions).where(eq(versions.id, versionId));
        await refreshPackageListing(tx, packageId, row!);
      }
      // The listing's "last change" is the simulated publish date, not the load time.
      await tx.execute(sql`
        update packages p set updated_at = v.published_at
        from versions v
        where v.package_id = p.id and p.id = any(${sql`array[${sql.join(
          batch.map((entry) => sql`${entry.packageId}::bigint`),
          sql`, `,
        )}]`})`);
    });
    options.progress?.(Math.min(start + BATCH, versionIds.length), versionIds.length);
  }
  const indexed = performance.now();
  // PGlite has no autovacuum: without this, the dead row versions the refresh left behind make every
  // bitmap heap scan visit twice the pages, and the planner has no statistics.
  await db.execute(sql`vacuum analyze`);
  return {
    packages: corpus.length,
    validateMs: validated - started,
    insertMs: inserted - validated,
    indexMs: indexed - inserted,
  };
}
