import { and, eq, inArray, isNull } from 'drizzle-orm';
import semver from 'semver';
import { diffPackages } from '../core/diff/index.js';
import { isRegistryError, RegistryError } from '../core/errors.js';
import { formatPackageName, parsePackageName } from '../core/names.js';
import { findReadme, MANIFEST_FILE, type PackageFiles, textOf } from '../core/package-files.js';
import {
  type BumpMismatchDetails,
  checkBump,
  previousVersion as previousVersionOf,
} from '../core/semver-rules.js';
import { computeIntegrity, integrityToHex, unpackTarball } from '../core/tarball/index.js';
import type { Manifest, PackageContents, ValidationIssue } from '../core/types.js';
import { validatePackage } from '../core/validate/index.js';
import { parseYaml } from '../core/yaml.js';
import type { Executor } from '../db/database.js';
import { dependencies, distTags, orgs, packages, versions } from '../db/schema/index.js';
import { canRead, requirePublisher } from './access.js';
import type { Actor, RequestMeta } from './actor.js';
import { recordAudit } from './audit.js';
import { isUniqueViolation } from './db-errors.js';
import type { PackageRow, VersionRow } from './package-lookup.js';
import { versionDocument } from './package-views.js';
import { runPublishTests } from './pattern-tests.js';
import { refreshPackageListing } from './search-document.js';
import type { ServiceDeps } from './services.js';

export interface PublishRequest {
  scope: string;
  name: string;
  version: string;
  tarball: Uint8Array;
  /** Dist-tag to point at the new version; default `latest` (moved only by a higher release). */
  tag?: string | undefined;
  /** Visibility of a new package; ignored for an existing one (its visibility is kept). */
  access?: 'public' | 'private' | undefined;
  /** A reason to publish despite a smaller semver bump than the changes need; recorded. */
  overrideBump?: string | undefined;
}

const TAG = /^[a-z][a-z0-9._-]{0,31}$/i;

function readme(files: PackageFiles): string | null {
  const path = findReadme(files.keys());
  return path ? textOf(files.get(path)!) : null;
}

function manifestDependencies(files: PackageFiles): Record<string, string> {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) return {};
  try {
    const doc = parseYaml(textOf(bytes), MANIFEST_FILE) as { dependencies?: unknown } | null;
    const deps = doc?.dependencies;
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) return {};
    return Object.fromEntries(
      Object.entries(deps).filter(([, range]) => typeof range === 'string'),
    ) as Record<string, string>;
  } catch {
    // Validation reports the broken manifest with its location.
    return {};
  }
}

/**
 * Resolves every declared dependency range to the highest published, visible, not yanked version
 * and returns its contents, so validation can check the actions a pattern calls.
 */
interface ResolvedDependency {
  version: string;
  contents: PackageContents;
  access: 'public' | 'private';
}

async function resolveDependencyContents(
  executor: Executor,
  actor: Actor,
  declared: Record<string, string>,
): Promise<Map<string, ResolvedDependency>> {
  const found = new Map<string, ResolvedDependency>();
  const unresolved: Array<{ name: string; range: string; reason: string }> = [];
  for (const [name, range] of Object.entries(declared)) {
    if (!semver.validRange(range)) continue; // the manifest schema reports a malformed range
    const [pkg] = await executor.select().from(packages).where(eq(packages.fullName, name)).limit(1);
    if (!pkg || !(await canRead(executor, actor, pkg))) {
      unresolved.push({ name, range, reason: 'no such package' });
      continue;
    }
    const rows = await executor
      .select({ version: versions.version, contents: versions.contents, yankedAt: versions.yankedAt })
      .from(versions)
      .where(and(eq(versions.packageId, pkg.id), isNull(versions.removedAt)));
    const candidates = rows.filter((row) => !row.yankedAt).map((row) => row.version);
    const best = semver.maxSatisfying(candidates, range);
    if (!best) {
      unresolved.push({ name, range, reason: `no published version satisfies ${range}` });
      continue;
    }
    found.set(name, {
      version: best,
      contents: rows.find((row) => row.version === best)!.contents,
      access: pkg.access,
    });
  }
  if (unresolved.length > 0) throw dependencyUnresolved(unresolved);
  return found;
}

function dependencyUnresolved(
  unresolved: Array<{ name: string; range: string; reason: string }>,
  hint = 'Publish the dependencies first, or widen the ranges.',
) {
  return new RegistryError(
    'DEPENDENCY_UNRESOLVED',
    `Dependencies do not resolve: ${unresolved.map((entry) => `${entry.name}@${entry.range} (${entry.reason})`).join(', ')}`,
    { details: { unresolved }, hint },
  );
}

/**
 * Inside the publish transaction: locks the dependency packages against removal (which takes
 * FOR UPDATE on its package) and checks the versions resolved before are still there. Without
 * it a removal running between resolution and commit would leave this version depending on a
 * removed one. KEY SHARE does not conflict with the NO KEY UPDATE a publish takes on its own
 * package, so two packages depending on each other can still be published at once.
 */
async function holdDependencies(
  tx: Executor,
  declared: Record<string, string>,
  resolved: Map<string, { version: string }>,
): Promise<void> {
  if (resolved.size === 0) return;
  const locked = await tx
    .select({ id: packages.id, fullName: packages.fullName })
    .from(packages)
    .where(inArray(packages.fullName, [...resolved.keys()]))
    .for('key share');
  // A separate statement, so it reads what committed while this one waited for the locks.
  const live = await tx
    .select({ packageId: versions.packageId, version: versions.version })
    .from(versions)
    .where(
      and(
        inArray(
          versions.packageId,
          locked.map((row) => row.id),
        ),
        isNull(versions.removedAt),
      ),
    );
  const gone = [...resolved].filter(([name, { version }]) => {
    const pkg = locked.find((row) => row.fullName === name);
    return !pkg || !live.some((row) => row.packageId === pkg.id && row.version === version);
  });
  if (gone.length > 0) {
    throw dependencyUnresolved(
      gone.map(([name, { version }]) => ({
        name,
        range: declared[name]!,
        reason: `${version} was removed while publishing`,
      })),
    );
  }
}

/**
 * The highest live version below `version`: what the new one must be a proper successor of. The
 * choice is core's `previousVersion`, which `patternhub bump` uses too.
 */
async function previousVersion(
  executor: Executor,
  packageId: number,
  version: string,
): Promise<VersionRow | undefined> {
  const rows = await executor
    .select()
    .from(versions)
    .where(and(eq(versions.packageId, packageId), isNull(versions.removedAt)));
  const previous = previousVersionOf(
    rows.map((row) => row.version),
    version,
  );
  return rows.find((row) => row.version === previous);
}

function invalidPackage(issues: ValidationIssue[]): RegistryError {
  const errors = issues.filter((issue) => issue.severity === 'error');
  const first = errors[0];
  return new RegistryError(
    'INVALID_PACKAGE',
    `The package has ${errors.length} error${errors.length === 1 ? '' : 's'}${first ? `; first: ${first.file}${first.pointer ? ` ${first.pointer}` : ''}: ${first.message}` : ''}`,
    { details: { issues } },
  );
}

/**
 * Publishes one version: re-validates the tarball (never trusting the client), checks the
 * dependency ranges and the semver bump, then writes package, version, dependency edges, blob,
 * dist-tag and audit record in one transaction. A name@version is never reused.
 */
export async function publishVersion(
  deps: ServiceDeps,
  actor: Actor | null,
  request: PublishRequest,
  meta: RequestMeta,
) {
  const { scope, name } = parsePackageName(formatPackageName(request.scope, request.name));
  const fullName = formatPackageName(scope, name);
  const version = request.version;
  if (!semver.valid(version) || semver.clean(version) !== version) {
    throw new RegistryError('INVALID_VERSION', `"${version}" is not a semver 2.0 version`);
  }
  const tag = request.tag ?? 'latest';
  if (!TAG.test(tag) || semver.validRange(tag)) {
    throw new RegistryError('BAD_REQUEST', `"${tag}" is not a valid dist-tag`, {
      hint: 'A tag is a word such as beta or next; it may not look like a version or range.',
    });
  }
  if (request.tarball.byteLength > deps.limits.maxTarballBytes) {
    throw new RegistryError('PAYLOAD_TOO_LARGE', `The tarball is over ${deps.limits.maxTarballBytes} bytes`);
  }
  const publisher = await requirePublisher(deps.db, actor, scope, name, `Publishing ${fullName}`);
  const [org] = await deps.db.select().from(orgs).where(eq(orgs.name, scope)).limit(1);
  if (!org) throw new RegistryError('ORG_NOT_FOUND', `No organisation @${scope}`);

  const [existing] = await deps.db.select().from(packages).where(eq(packages.fullName, fullName)).limit(1);
  if (existing) {
    const [taken] = await deps.db
      .select({ id: versions.id })
      .from(versions)
      .where(and(eq(versions.packageId, existing.id), eq(versions.version, version)))
      .limit(1);
    if (taken) throw versionExists(fullName, version);
  }

  const files = unpackTarball(request.tarball, deps.limits);
  const integrity = computeIntegrity(request.tarball);
  const declared = manifestDependencies(files);
  const resolvedDependencies = await resolveDependencyContents(deps.db, publisher, declared);
  const result = validatePackage(files, {
    expect: { name: fullName, version },
    dependencies: (dependency) => resolvedDependencies.get(dependency)?.contents,
    limits: deps.limits,
  });
  if (!result.ok || !result.manifest || !result.contents) throw invalidPackage(result.issues);
  const manifest: Manifest = result.manifest;
  const tests = manifest.kind === 'pattern' ? await runPublishTests(files) : null;
  // A public package cannot stand on a private one: its users could not install it, and its
  // manifest would name a package they are not meant to know of.
  const access = existing?.access ?? request.access ?? manifest.access ?? 'public';
  if (access === 'public') {
    const hidden = [...resolvedDependencies].filter(([, dependency]) => dependency.access === 'private');
    if (hidden.length > 0) {
      throw dependencyUnresolved(
        hidden.map(([name]) => ({
          name,
          range: declared[name]!,
          reason: 'private; a public package cannot depend on it',
        })),
        'Publish this package with --access private, or depend on public packages only.',
      );
    }
  }
  if (existing && existing.kind !== manifest.kind) {
    throw new RegistryError(
      'INVALID_PACKAGE',
      `${fullName} is a ${existing.kind} package; a version cannot change its kind`,
    );
  }

  // The new version must be a large enough step from the highest one below it; checked here, and
  // again under the package lock in case another publish landed in between.
  const checkSuccession = async (
    previous: VersionRow | undefined,
  ): Promise<Record<string, unknown> | null> => {
    if (!previous) return null;
    const previousTarball = await deps.blobs.get(previous.blobKey);
    if (!previousTarball) throw new Error(`blob of ${fullName}@${previous.version} is missing`);
    const diff = diffPackages({ files: unpackTarball(previousTarball, deps.limits) }, { files });
    try {
      checkBump(previous.version, version, diff.changes);
      return null;
    } catch (error) {
      // Only a too-small bump may be overridden; a version below its predecessor never.
      if (!isRegistryError(error, 'SEMVER_BUMP_MISMATCH') || !request.overrideBump?.trim()) throw error;
      const details = error.details as BumpMismatchDetails;
      return {
        reason: request.overrideBump.trim(),
        by: publisher.username,
        from: previous.version,
        required: details.required,
        actual: details.actual,
        changes: details.changes.map((change) => change.message),
      };
    }
  };
  const previous = existing ? await previousVersion(deps.db, existing.id, version) : undefined;
  let bumpOverride = await checkSuccession(previous);

  const unpackedSize = [...files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0);
  const blobKey = integrityToHex(integrity);
  // The filesystem store writes outside the transaction, before it: never a version without its blob.
  if (deps.blobs.kind === 'filesystem') await deps.blobs.put(blobKey, request.tarball, deps.db);

  try {
    return await deps.db.transaction(async (tx) => {
      await tx
        .insert(packages)
        .values({
          orgId: org.id,
          scope,
          name,
          fullName,
          kind: manifest.kind,
          access: request.access ?? manifest.access ?? 'public',
          description: manifest.description,
        })
        .onConflictDoNothing({ target: packages.fullName });
      // Lock the package row: concurrent publishes of one package take turns from here.
      const [pkg] = (await tx
        .select()
        .from(packages)
        .where(eq(packages.fullName, fullName))
        .for('no key update')) as [PackageRow];
      await holdDependencies(tx, declared, resolvedDependencies);
      if (pkg.kind !== manifest.kind) {
        throw new RegistryError(
          'INVALID_PACKAGE',
          `${fullName} is a ${pkg.kind} package; a version cannot change its kind`,
        );
      }
      const previousNow = await previousVersion(tx, pkg.id, version);
      if (previousNow?.version !== previous?.version) bumpOverride = await checkSuccession(previousNow);
      const [row] = await tx
        .insert(versions)
        .values({
          packageId: pkg.id,
          version,
          manifest,
          contents: result.contents!,
          files: [...files.entries()]
            .map(([path, bytes]) => ({ path, size: bytes.byteLength }))
            .sort((a, b) => (a.path < b.path ? -1 : 1)),
          dependencies: manifest.dependencies ?? {},
          readme: readme(files),
          integrity,
          blobKey,
          size: request.tarball.byteLength,
          unpackedSize,
          // The injected clock, as the 72-hour removal window measures against it.
          publishedAt: deps.now(),
          publishedBy: publisher.userId,
          tokenId: publisher.tokenId,
          bumpOverride,
          tests,
        })
        .returning();
      const entries = Object.entries(manifest.dependencies ?? {});
      if (entries.length > 0) {
        await tx
          .insert(dependencies)
          .values(entries.map(([dependsOn, range]) => ({ versionId: row!.id, dependsOn, range })));
      }
      if (deps.blobs.kind === 'postgres') await deps.blobs.put(blobKey, request.tarball, tx);

      const tags = await tx.select().from(distTags).where(eq(distTags.packageId, pkg.id));
      const current = tags.find((entry) => entry.tag === tag)?.version;
      const moveTag =
        tag !== 'latest' ||
        !current ||
        (semver.prerelease(version) === null &&
          (semver.prerelease(current) !== null || semver.gt(version, current)));
      if (moveTag) {
        await tx
          .insert(distTags)
          .values({ packageId: pkg.id, tag, version })
          .onConflictDoUpdate({ target: [distTags.packageId, distTags.tag], set: { version } });
      }
      // As npm does: a package always has a `latest`, so a first publish under another tag sets it too
      // (otherwise the package has no listing, and `latest` resolves to nothing).
      const firstLatest = tag !== 'latest' && !tags.some((entry) => entry.tag === 'latest');
      if (firstLatest) await tx.insert(distTags).values({ packageId: pkg.id, tag: 'latest', version });
      if ((moveTag && tag === 'latest') || firstLatest) await refreshPackageListing(tx, pkg.id, row!);
      else await tx.update(packages).set({ updatedAt: new Date() }).where(eq(packages.id, pkg.id));

      await recordAudit(tx, publisher, meta, {
        action: 'package.publish',
        scope,
        target: `${fullName}@${version}`,
        details: { integrity, tag: moveTag ? tag : null, ...(bumpOverride ? { bumpOverride } : {}) },
      });
      return {
        ...versionDocument(pkg, row!),
        distTags: { ...(firstLatest ? { latest: version } : {}), ...(moveTag ? { [tag]: version } : {}) },
        warnings: result.issues.filter((issue) => issue.severity === 'warning'),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error, 'versions_package_version_key') || isUniqueViolation(error)) {
      throw versionExists(fullName, version);
    }
    throw error;
  }
}

function versionExists(fullName: string, version: string): RegistryError {
  return new RegistryError('VERSION_EXISTS', `${fullName}@${version} already exists and cannot be replaced`, {
    hint: 'Versions are immutable, even after removal: publish a new version number.',
  });
}
