/**
 * One install of a project, shared by `install`, `uninstall` and `update`:
 *
 * 1. decide the lockfile: the existing one when it still matches the manifest (no metadata requests),
 *    else a fresh resolution that keeps every locked version that still fits;
 * 2. fetch the tarballs of packages not already installed with the right integrity (cache first,
 *    then the registries, in parallel), verify and unpack them in memory;
 * 3. apply: stage and swap in package folders, lockfile and manifest together, or change nothing.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  type Lockfile,
  lockfileChanges,
  lockfileFromGraph,
  type PackageChange,
  planLockfile,
  serializeLockfile,
} from '../../src/core/lockfile.js';
import type { PackageFiles } from '../../src/core/package-files.js';
import { applyPlan, type PackageWrite } from './apply.js';
import { unpackPackage } from './extract.js';
import { type FetchTarget, fetchTarballs } from './fetch-packages.js';
import { installedIntegrity, listInstalled, PACKAGES_DIR } from './installed.js';
import { sameRegistry } from './registries.js';
import type { Session } from './session.js';
import { readStateText, serializeState, stateKey } from './state.js';

export interface InstallRequest {
  /** The project's dependencies after this command's edits. */
  roots: Record<string, string>;
  /** The new manifest text, when the command edited it. */
  manifest?: string | undefined;
  /** `--frozen-lockfile`: install the lockfile exactly, or fail; write nothing but packages. */
  frozen?: boolean;
  /** Packages whose locked versions are forgotten (`update`): every one, or these names. */
  unlock?: 'all' | ReadonlySet<string>;
  /** Re-extract every package even when its folder looks right. */
  force?: boolean;
}

/** What an install did; the `--json` output of the install-family commands. */
export interface InstallReport {
  /** Packages in the lockfile now. */
  packages: number;
  /** The version installed for each of the project's dependencies. */
  dependencies: Record<string, string>;
  added: PackageChange[];
  removed: PackageChange[];
  updated: Array<{ name: string; from: string; to: string }>;
  /** Tarballs downloaded, taken from the cache, and package folders left as they were. */
  downloaded: number;
  fromCache: number;
  unchanged: number;
  /** Whether the registries were asked for metadata (false: installed from the lockfile). */
  resolved: boolean;
  metadataRequests: number;
  lockfile: 'created' | 'updated' | 'unchanged';
  manifest: 'updated' | 'unchanged';
  warnings: string[];
  durationMs: number;
  /** Milliseconds spent choosing versions, getting tarballs (and unpacking them), and writing the project. */
  timings: { resolveMs: number; fetchMs: number; writeMs: number };
}

interface LockDecision {
  lock: Lockfile;
  /** Whether the registries were asked (false: the lockfile was used as it is, or pruned). */
  resolved: boolean;
  /** The lockfile on disk already says exactly this (no need to even serialise it). */
  same: boolean;
}

async function decideLockfile(session: Session, request: InstallRequest): Promise<LockDecision> {
  const plan = planLockfile(session.project.lockfile, request.roots, {
    ...(request.frozen ? { frozen: true } : {}),
    ...(request.unlock ? { unlock: request.unlock } : {}),
    movedRegistry: (name, registry) => !sameRegistry(session.registries.registryOf(name), registry),
  });
  if (plan.kind === 'use') return { lock: plan.lock, resolved: false, same: plan.same };
  // Resolution is the only step that needs the resolver (and semver ranges): loaded only now.
  const { resolveGraph } = await import('../../src/core/resolve/index.js');
  const graph = await resolveGraph(request.roots, session, {
    locked: { packages: plan.locked },
    includePrerelease: session.includePrerelease,
  });
  for (const [name, entry] of Object.entries(graph.packages)) {
    if (entry.deprecated)
      session.warnings.push(`${name}@${entry.version} is deprecated: ${entry.deprecated}`);
    if (entry.yanked)
      session.warnings.push(`${name}@${entry.version} is yanked (kept because it is pinned or locked)`);
  }
  return {
    lock: lockfileFromGraph(graph, request.roots, (name) => session.registries.registryOf(name)),
    resolved: true,
    same: false,
  };
}

/**
 * The state file after this install, or undefined when the one on disk already says it. A project
 * with no packages gets none: `.patternhub/` is not created just to record that nothing is there.
 */
function nextState(
  session: Session,
  lock: Lockfile,
  dependencies: Record<string, string>,
  texts: { manifest: string; lockfile: string | undefined },
): string | undefined {
  const packages: Record<string, string> = {};
  for (const [name, entry] of Object.entries(lock.packages)) packages[name] = entry.integrity;
  if (Object.keys(packages).length === 0) return undefined;
  const text = serializeState({
    stateVersion: 1,
    key: stateKey(texts.manifest, texts.lockfile, session.settings),
    packages,
    dependencies,
  });
  return readStateText(session.project.root) === text ? undefined : text;
}

/** Runs one install (see the module comment). Throws, with the project untouched, on any failure. */
export async function installProject(session: Session, request: InstallRequest): Promise<InstallReport> {
  const started = performance.now();
  const { project, progress } = session;
  const { lock, resolved, same } = await decideLockfile(session, request);
  const decided = performance.now();
  if (!resolved) for (let index = 0; index < Object.keys(lock.packages).length; index++) progress.resolved();

  // A frozen install reproduces the lockfile; it never rewrites it, not even to normalise its layout.
  const lockText = same ? project.lockfileText : serializeLockfile(lock);
  const lockChanged = !request.frozen && lockText !== project.lockfileText;
  const manifestChanged = request.manifest !== undefined && request.manifest !== project.manifestText;

  const installed = listInstalled(project.root);
  const targets: FetchTarget[] = [];
  let unchanged = 0;
  for (const [name, entry] of Object.entries(lock.packages)) {
    const dir = join(project.root, PACKAGES_DIR, name);
    if (!request.force && installedIntegrity(dir) === entry.integrity) unchanged++;
    else targets.push({ name, version: entry.version, integrity: entry.integrity, registry: entry.registry });
  }
  const remove = installed.filter((name) => !Object.hasOwn(lock.packages, name));

  progress.fetchTotal(targets.length);
  const unpacked = new Map<string, PackageFiles>();
  let downloaded = 0;
  let fromCache = 0;
  const fetching = performance.now();
  await fetchTarballs(targets, {
    cache: session.cache,
    registries: session.registries,
    offline: session.offline,
    concurrency: session.concurrency,
    onWarning: (message) => session.warnings.push(message),
    onFetched(target, tarball) {
      if (tarball.source === 'cache') fromCache++;
      else downloaded++;
      progress.fetched();
      // Unpacked in memory as it arrives: a refused tarball fails the install before the project is
      // touched, and the CPU work overlaps the downloads still in flight.
      unpacked.set(target.name, unpackPackage(target.name, target.version, tarball.bytes));
    },
  });

  // Background cache writes finish before the project changes: the next install finds them.
  await session.cache.flush();
  const write: PackageWrite[] = targets.map((target) => ({
    name: target.name,
    integrity: target.integrity,
    files: unpacked.get(target.name)!,
  }));
  const dependencies: Record<string, string> = {};
  for (const name of Object.keys(request.roots).sort()) {
    const entry = lock.packages[name];
    if (entry) dependencies[name] = entry.version;
  }
  const state = nextState(session, lock, dependencies, {
    manifest: manifestChanged ? request.manifest! : project.manifestText,
    lockfile: lockChanged ? lockText : project.lockfileText,
  });
  progress.extractTotal(write.length);
  const writing = performance.now();
  applyPlan(
    {
      root: project.root,
      write,
      remove,
      lockfile: lockChanged ? lockText : undefined,
      manifest: manifestChanged ? request.manifest : undefined,
      state,
    },
    { onStaged: () => progress.extracted() },
  );

  const changes = lockfileChanges(project.lockfile, lock);
  return {
    packages: Object.keys(lock.packages).length,
    dependencies,
    ...changes,
    downloaded,
    fromCache,
    unchanged,
    resolved,
    metadataRequests: session.metadataRequests,
    lockfile: !lockChanged ? 'unchanged' : project.lockfileText === undefined ? 'created' : 'updated',
    manifest: manifestChanged ? 'updated' : 'unchanged',
    warnings: session.warnings,
    durationMs: Math.round(performance.now() - started),
    timings: {
      resolveMs: Math.round(decided - started),
      fetchMs: Math.round(writing - fetching),
      writeMs: Math.round(performance.now() - writing),
    },
  };
}
