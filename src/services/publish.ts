import { and, eq, inArray, isNull } from 'drizzle-orm';
import semver from 'semver';
import type { PublishResponse } from '../core/api-types.js';
import { LATEST_TAG, publishMovesTag, requireValidDistTag } from '../core/dist-tags.js';
import { isRegistryError, RegistryError } from '../core/errors.js';
import { areConfusable, formatPackageName, parsePackageName } from '../core/names.js';
import { MANIFEST_FILE } from '../core/package-files.js';
import { pickVersion } from '../core/resolve/index.js';
import { type BumpMismatchDetails, previousVersion } from '../core/semver-rules.js';
import { computeIntegrity, integrityToHex } from '../core/tarball/index.js';
import type { BumpOverride, Manifest, PackageContents, ValidationIssue } from '../core/types.js';
import type { Executor } from '../db/database.js';
import { dependencies, distTags, orgs, packages, versions } from '../db/schema/index.js';
import { canRead, requirePublisher } from './access.js';
import type { Actor, RequestMeta } from './actor.js';
import { type BumpOutcome, deserializeError } from './analysis-tasks.js';
import { recordAudit } from './audit.js';
import { isUniqueViolation } from './db-errors.js';
import { PACKAGE_COLUMNS, type PackageRow, type VersionRow } from './package-lookup.js';
import { PACKUMENT_COLUMNS, packageDocument, versionDocument } from './package-views.js';
import { readDistTags } from './read-package.js';
import { refreshPackageListing } from './search-document.js';
import type { ServiceDeps } from './services.js';

export interface PublishRequest {
  scope: string;
  name: string;
  version: string;
  tarball: Uint8Array;
  /** Dist-tag to point at the new version; default `latest` (moved only by a higher release). */
  tag?: string | undefined;
  /**
   * Visibility of a new package. An existing package keeps its own; asking for private on a public
   * one is refused (ACCESS_MISMATCH).
   */
  access?: 'public' | 'private' | undefined;
  /** A reason to publish despite a smaller semver bump than the changes need; recorded. */
  overrideBump?: string | undefined;
  /**
   * Run every check and every write of the publish, then roll the transaction back: the answer is
   * what a real publish would have answered (or its error), and nothing is stored.
   */
  dryRun?: boolean | undefined;
}

/** Carries a dry run's answer out of its transaction, which throwing rolls back. */
class DryRunRollback extends Error {
  constructor(readonly result: unknown) {
    super('dry run');
  }
}

interface ResolvedDependency {
  version: string;
  contents: PackageContents;
  access: 'public' | 'private';
}

/**
 * Resolves every declared dependency range as install will (core's `pickVersion`: not yanked, the
 * `latest` tag when it fits, deprecated versions avoided) among the versions the publisher may see,
 * and returns the contents, so validation checks the actions a pattern calls against that version.
 */
async function resolveDependencyContents(
  executor: Executor,
  actor: Actor,
  declared: Record<string, string>,
): Promise<Map<string, ResolvedDependency>> {
  const found = new Map<string, ResolvedDependency>();
  const unresolved: Array<{ name: string; range: string; reason: string }> = [];
  for (const [name, range] of Object.entries(declared)) {
    if (!semver.validRange(range)) continue; // the manifest schema reports a malformed range
    const [pkg] = await executor
      .select(PACKAGE_COLUMNS)
      .from(packages)
      .where(eq(packages.fullName, name))
      .limit(1);
    if (!pkg || !(await canRead(executor, actor, pkg))) {
      unresolved.push({ name, range, reason: 'no such package' });
      continue;
    }
    const rows = await executor
      .select(PACKUMENT_COLUMNS)
      .from(versions)
      .where(and(eq(versions.packageId, pkg.id), isNull(versions.removedAt)));
    const packument = packageDocument(pkg, rows, await readDistTags(executor, pkg.id));
    const best = pickVersion(packument, range);
    if (!best) {
      unresolved.push({ name, range, reason: `no published version satisfies ${range}` });
      continue;
    }
    const [chosen] = await executor
      .select({ contents: versions.contents })
      .from(versions)
      .where(and(eq(versions.packageId, pkg.id), eq(versions.version, best.version)));
    found.set(name, { version: best.version, contents: chosen!.contents, access: pkg.access });
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

/** The live version the new one must be a proper successor of (core's `previousVersion` rule). */
/** A version a publish compares against: its number and where its tarball is. */
type PreviousVersion = Pick<VersionRow, 'version' | 'blobKey'>;
type KnownVersion = PreviousVersion & Pick<VersionRow, 'removedAt'>;

/**
 * Every version number a package has used, removed ones included (a number is never reused), with
 * where each tarball is: three narrow columns, so that a package of many versions does not make each
 * publish read them whole.
 */
function knownVersions(executor: Executor, packageId: number): Promise<KnownVersion[]> {
  return executor
    .select({ version: versions.version, blobKey: versions.blobKey, removedAt: versions.removedAt })
    .from(versions)
    .where(eq(versions.packageId, packageId));
}

/** The live version just below `version`, which the bump check compares against. */
function previousOf(known: KnownVersion[], version: string): PreviousVersion | undefined {
  const live = known.filter((row) => !row.removedAt);
  const previous = previousVersion(
    live.map((row) => row.version),
    version,
  );
  return live.find((row) => row.version === previous);
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
): Promise<PublishResponse> {
  if (!deps.singleClient) return publishOne(deps, actor, request, meta);
  let gate = gates.get(deps.db);
  if (!gate) {
    gate = createGate(PUBLISHES_AT_ONCE_ON_ONE_CLIENT);
    gates.set(deps.db, gate);
  }
  return gate(() => publishOne(deps, actor, request, meta));
}

/**
 * How many publishes run at once on an embedded database. PGlite runs every statement of every client in one
 * queue, health's ping included: fifty publishes each with a statement waiting put fifty ahead of
 * it. Taking turns here keeps that queue short; the analysis worker has one thread anyway.
 */
const PUBLISHES_AT_ONCE_ON_ONE_CLIENT = 2;
const gates = new WeakMap<object, <T>(work: () => Promise<T>) => Promise<T>>();

function createGate(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

async function publishOne(
  deps: ServiceDeps,
  actor: Actor | null,
  request: PublishRequest,
  meta: RequestMeta,
): Promise<PublishResponse> {
  const { scope, name } = parsePackageName(formatPackageName(request.scope, request.name));
  const fullName = formatPackageName(scope, name);
  const version = request.version;
  if (!semver.valid(version) || semver.clean(version) !== version) {
    throw new RegistryError('INVALID_VERSION', `"${version}" is not a semver 2.0 version`);
  }
  const tag = request.tag ?? LATEST_TAG;
  requireValidDistTag(tag);
  if (request.tarball.byteLength > deps.limits.maxTarballBytes) {
    throw new RegistryError('PAYLOAD_TOO_LARGE', `The tarball is over ${deps.limits.maxTarballBytes} bytes`);
  }
  const publisher = await requirePublisher(deps.db, actor, scope, name, `Publishing ${fullName}`);
  const [org] = await deps.db.select().from(orgs).where(eq(orgs.name, scope)).limit(1);
  if (!org) throw new RegistryError('ORG_NOT_FOUND', `No organisation @${scope}`);

  const [existing] = await deps.db
    .select(PACKAGE_COLUMNS)
    .from(packages)
    .where(eq(packages.fullName, fullName))
    .limit(1);
  const known = existing ? await knownVersions(deps.db, existing.id) : [];
  if (known.some((row) => row.version === version)) throw versionExists(fullName, version);

  const nameWarnings = existing ? [] : await checkConfusable(deps.db, publisher, org.id, scope, name);
  const integrity = computeIntegrity(request.tarball);
  // Unpacking, parsing, validation, tests and the bump check run in the analysis worker, off the
  // event loop; the database is read here, between its two steps.
  const tarball = request.tarball;
  const declared = await deps.analysis.run({ kind: 'declared', tarball, limits: deps.limits });
  const resolvedDependencies = await resolveDependencyContents(deps.db, publisher, declared);
  // The new version must be a large enough step from the highest one below it; checked now, and
  // again under the package lock in case another publish landed in between.
  const previous = previousOf(known, version);
  const previousSide = async (row: PreviousVersion, executor: Executor) => {
    const bytes = await deps.blobs.get(row.blobKey, executor);
    if (!bytes) throw new Error(`blob of ${fullName}@${row.version} is missing`);
    return { version: row.version, tarball: bytes };
  };
  const result = await deps.analysis.run({
    kind: 'publish',
    tarball,
    limits: deps.limits,
    expect: { name: fullName, version },
    dependencies: new Map([...resolvedDependencies].map(([name, found]) => [name, found.contents])),
    previous: previous ? await previousSide(previous, deps.db) : undefined,
  });
  if (!result.ok || !result.manifest || !result.contents) throw invalidPackage(result.issues);
  const manifest: Manifest = result.manifest;
  if (result.tests && !result.tests.ok) throw deserializeError(result.tests.error);
  const tests = result.tests?.report ?? null;
  // A public package cannot stand on a private one: its users could not install it, and its
  // manifest would name a package they are not meant to know of.
  const intendedAccess = request.access ?? manifest.access ?? 'public';
  const refuseHiddenDependencies = (access: 'public' | 'private') => {
    if (access !== 'public') return;
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
  };
  refuseHiddenDependencies(existing?.access ?? intendedAccess);
  if (existing && existing.kind !== manifest.kind) {
    throw new RegistryError(
      'INVALID_PACKAGE',
      `${fullName} is a ${existing.kind} package; a version cannot change its kind`,
    );
  }

  /** The bump check's outcome as the publish takes it: passed, overridden (recorded), or refused. */
  const succession = (previousRow: PreviousVersion, outcome: BumpOutcome): BumpOverride | null => {
    if (outcome.ok) return null;
    const error = deserializeError(outcome.error);
    // Only a too-small bump may be overridden; a version below its predecessor never.
    if (!isRegistryError(error, 'SEMVER_BUMP_MISMATCH') || !request.overrideBump?.trim()) throw error;
    const details = error.details as BumpMismatchDetails;
    return {
      reason: request.overrideBump.trim(),
      by: publisher.username,
      from: previousRow.version,
      required: details.required,
      actual: details.actual,
      changes: details.changes.map((change) => change.message),
    };
  };
  let bumpOverride = previous && result.bump ? succession(previous, result.bump) : null;

  const blobKey = integrityToHex(integrity);
  // The filesystem store writes outside the transaction, before it: never a version without its blob.
  if (deps.blobs.kind === 'filesystem' && !request.dryRun)
    await deps.blobs.put(blobKey, request.tarball, deps.db);

  try {
    const published = await deps.db.transaction(async (tx) => {
      const created = await tx
        .insert(packages)
        .values({
          orgId: org.id,
          scope,
          name,
          fullName,
          kind: manifest.kind,
          access: intendedAccess,
          description: manifest.description,
        })
        .onConflictDoNothing({ target: packages.fullName })
        .returning({ id: packages.id });
      // Lock the package row: concurrent publishes of one package take turns from here.
      const [pkg] = (await tx
        .select(PACKAGE_COLUMNS)
        .from(packages)
        .where(eq(packages.fullName, fullName))
        .for('no key update')) as [PackageRow];
      // A version meant to be private never lands in a public package (nor do its private
      // dependencies' names show): whether another first publish created the package meanwhile, or
      // the caller asked for private on a package that is public. A public upload into a private
      // package stays private, which hides nothing.
      const racedOrAsked = (!existing && created.length === 0) || request.access === 'private';
      if (racedOrAsked && intendedAccess === 'private' && pkg.access === 'public') {
        throw new RegistryError(
          'ACCESS_MISMATCH',
          `${fullName} is a public package; this version was meant to be private`,
          { hint: 'Publish it under another name, or without --access private to make it public.' },
        );
      }
      refuseHiddenDependencies(pkg.access);
      await holdDependencies(tx, declared, resolvedDependencies);
      if (pkg.kind !== manifest.kind) {
        throw new RegistryError(
          'INVALID_PACKAGE',
          `${fullName} is a ${pkg.kind} package; a version cannot change its kind`,
        );
      }
      const previousNow = previousOf(await knownVersions(tx, pkg.id), version);
      if (previousNow?.version !== previous?.version) {
        // Holding the package lock: ahead of the queue, so the lock is not held behind other work.
        bumpOverride = previousNow
          ? succession(
              previousNow,
              await deps.analysis.run(
                {
                  kind: 'bump',
                  tarball,
                  limits: deps.limits,
                  version,
                  previous: await previousSide(previousNow, tx),
                },
                { urgent: true },
              ),
            )
          : null;
      }
      const [row] = await tx
        .insert(versions)
        .values({
          packageId: pkg.id,
          version,
          manifest,
          contents: result.contents!,
          files: result.files,
          dependencies: manifest.dependencies ?? {},
          readme: result.readme,
          integrity,
          blobKey,
          size: request.tarball.byteLength,
          unpackedSize: result.unpackedSize,
          // The injected clock, as the 72-hour removal window measures against it.
          publishedAt: deps.now(),
          publishedBy: publisher.userId,
          tokenId: publisher.tokenId,
          bumpOverride,
          signatures: deps.signer.sign(fullName, version, integrity),
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
      const moveTag = publishMovesTag(tag, current, version);
      if (moveTag) {
        await tx
          .insert(distTags)
          .values({ packageId: pkg.id, tag, version })
          .onConflictDoUpdate({ target: [distTags.packageId, distTags.tag], set: { version } });
      }
      // As npm does: a package always has a `latest`, so a first publish under another tag sets it too
      // (otherwise the package has no listing, and `latest` resolves to nothing).
      const firstLatest = tag !== LATEST_TAG && !tags.some((entry) => entry.tag === LATEST_TAG);
      if (firstLatest) await tx.insert(distTags).values({ packageId: pkg.id, tag: LATEST_TAG, version });
      if ((moveTag && tag === LATEST_TAG) || firstLatest) await refreshPackageListing(tx, pkg.id, row!);
      else await tx.update(packages).set({ updatedAt: new Date() }).where(eq(packages.id, pkg.id));

      await recordAudit(tx, publisher, meta, {
        action: 'package.publish',
        scope,
        target: `${fullName}@${version}`,
        details: { integrity, tag: moveTag ? tag : null, ...(bumpOverride ? { bumpOverride } : {}) },
      });
      const answer = {
        ...versionDocument(pkg, row!),
        distTags: { ...(firstLatest ? { latest: version } : {}), ...(moveTag ? { [tag]: version } : {}) },
        warnings: [...nameWarnings, ...result.issues.filter((issue) => issue.severity === 'warning')],
        ...(request.dryRun ? { dryRun: true as const } : {}),
      };
      if (request.dryRun) throw new DryRunRollback(answer);
      return answer;
    });
    return published;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as never;
    // Only the version's own key means the number is taken; any other violation is a real fault.
    if (isUniqueViolation(error, 'versions_package_version_key')) {
      throw versionExists(fullName, version);
    }
    throw error;
  }
}

/**
 * A new package's name against every package the publisher can see: one that looks like another
 * organisation's package (`@acme/disk-fu11` beside `@acme/disk-full` owned by someone else, or
 * `@acrne/disk-full`) is refused; one that looks like the same organisation's is published with a
 * warning. Private packages the publisher cannot read are not compared, so the answer leaks nothing.
 */
async function checkConfusable(
  db: Executor,
  publisher: Actor,
  orgId: number,
  scope: string,
  name: string,
): Promise<ValidationIssue[]> {
  const candidate = { scope, name, full: formatPackageName(scope, name) };
  const rows = await db
    .select({ scope: packages.scope, name: packages.name, orgId: packages.orgId, access: packages.access })
    .from(packages);
  const lookAlikes = [];
  for (const row of rows) {
    const other = { scope: row.scope, name: row.name, full: formatPackageName(row.scope, row.name) };
    if (areConfusable(candidate, other) && (await canRead(db, publisher, row)))
      lookAlikes.push({ ...row, ...other });
  }
  const foreign = lookAlikes.filter((row) => row.orgId !== orgId);
  if (foreign.length > 0) {
    throw new RegistryError(
      'NAME_CONFUSABLE',
      `${candidate.full} looks like ${foreign.map((row) => row.full).join(', ')}, owned by another organisation`,
      {
        details: { name: candidate.full, resembles: foreign.map((row) => row.full) },
        hint: 'Choose a name that cannot be mistaken for an existing package.',
      },
    );
  }
  return lookAlikes.map((row) => ({
    code: 'NAME_CONFUSABLE',
    severity: 'warning' as const,
    file: MANIFEST_FILE,
    pointer: '/name',
    message: `${candidate.full} looks like ${row.full} of the same organisation`,
  }));
}

function versionExists(fullName: string, version: string): RegistryError {
  return new RegistryError('VERSION_EXISTS', `${fullName}@${version} already exists and cannot be replaced`, {
    hint: 'Versions are immutable, even after removal: publish a new version number.',
  });
}
