/**
 * The CPU-heavy part of a publish and of a diff, as tasks the analysis worker runs off the server's
 * event loop (see analysis-pool.ts): unpacking, YAML parsing, validation, pattern tests, the semantic
 * diff and the bump check. Everything here is computation on plain data (core functions only: no
 * database, no storage, no network), so a task and its answer cross a thread as structured clones.
 */
import { boundDiff, diffPackages, type PackageDiff } from '../core/diff/index.js';
import { RegistryError } from '../core/errors.js';
import type { PackageLimits } from '../core/limits.js';
import { readPackageDocs } from '../core/package-docs.js';
import {
  declaredDependencies,
  findReadme,
  MANIFEST_FILE,
  type PackageFiles,
  textOf,
} from '../core/package-files.js';
import type { TestReport } from '../core/pattern-tests/index.js';
import { checkBump } from '../core/semver-rules.js';
import { unpackTarball } from '../core/tarball/index.js';
import type { Manifest, PackageContents, ValidationIssue } from '../core/types.js';
import { validatePackage } from '../core/validate/index.js';
import { runPublishTests } from './pattern-tests.js';

/** A RegistryError as it crosses a thread (structured clone keeps no class). */
export interface SerializedError {
  registry: boolean;
  code?: string;
  message: string;
  hint?: string | undefined;
  details?: unknown;
  retryAfter?: number | undefined;
  stack?: string | undefined;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof RegistryError) {
    return {
      registry: true,
      code: error.code,
      message: error.message,
      hint: error.hint,
      details: error.details,
      retryAfter: error.retryAfter,
    };
  }
  const plain = error instanceof Error ? error : new Error(String(error));
  return { registry: false, message: plain.message, stack: plain.stack };
}

/** The error a task threw, rebuilt on this side: a RegistryError keeps its code, hint and details. */
export function deserializeError(error: SerializedError): Error {
  if (error.registry) {
    return new RegistryError(error.code as RegistryError['code'], error.message, {
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.details === undefined ? {} : { details: error.details }),
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    });
  }
  const rebuilt = new Error(error.message);
  if (error.stack) rebuilt.stack = error.stack;
  return rebuilt;
}

/** The first step of a publish: the dependencies the manifest declares (resolved by the caller). */
export interface DeclaredTask {
  kind: 'declared';
  tarball: Uint8Array;
  limits: PackageLimits;
}

/** A previous version to compare with: its number and its tarball. */
export interface PreviousSide {
  version: string;
  tarball: Uint8Array;
}

/** The rest of a publish: validation against the resolved dependencies, tests, the bump check. */
export interface PublishTask {
  kind: 'publish';
  tarball: Uint8Array;
  limits: PackageLimits;
  expect: { name: string; version: string };
  /** The contents of each declared dependency, at the version its range resolved to. */
  dependencies: Map<string, PackageContents>;
  /** The live version the new one must be a proper successor of, when there is one. */
  previous?: PreviousSide | undefined;
}

/** The bump check alone, against another previous version (one that landed during the publish). */
export interface BumpTask {
  kind: 'bump';
  tarball: Uint8Array;
  limits: PackageLimits;
  version: string;
  previous: PreviousSide;
}

/** The semantic and text diff of two tarballs, bounded for an answer; optionally their files too. */
export interface DiffTask {
  kind: 'diff';
  from: Uint8Array;
  to: Uint8Array;
  limits: PackageLimits;
  /** False when the caller has the diff already (cached) and only wants the files. */
  compare: boolean;
  /** Send back both sides' files (the web diff page draws them). */
  files: boolean;
}

export type AnalysisTask = DeclaredTask | PublishTask | BumpTask | DiffTask;

/** Whether the bump check passed, or the error it threw (SEMVER_BUMP_MISMATCH, INVALID_VERSION). */
export type BumpOutcome = { ok: true } | { ok: false; error: SerializedError };

export interface PublishAnalysis {
  ok: boolean;
  issues: ValidationIssue[];
  manifest?: Manifest | undefined;
  contents?: PackageContents | undefined;
  /** Every file with its size, in path order. */
  files: Array<{ path: string; size: number }>;
  readme: string | null;
  unpackedSize: number;
  /** Present when the package is valid: the test report (null without tests), or why they failed. */
  tests?: { ok: true; report: TestReport | null } | { ok: false; error: SerializedError };
  /** Present when the package is valid, its tests pass and there is a previous version. */
  bump?: BumpOutcome;
}

export interface DiffAnalysis {
  diff?: PackageDiff;
  sides?: [PackageFiles, PackageFiles];
}

export interface AnalysisResults {
  declared: Record<string, string>;
  publish: PublishAnalysis;
  bump: BumpOutcome;
  diff: DiffAnalysis;
}

export type AnalysisResult<T extends AnalysisTask> = AnalysisResults[T['kind']];

function bumpOutcome(
  previous: PreviousSide,
  version: string,
  to: { files: PackageFiles; docs: ReturnType<typeof readPackageDocs> },
  limits: PackageLimits,
): BumpOutcome {
  const previousFiles = unpackTarball(previous.tarball, limits);
  const diff = diffPackages({ files: previousFiles, docs: readPackageDocs(previousFiles, limits) }, to);
  try {
    checkBump(previous.version, version, diff.changes);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return { ok: false, error: serializeError(error) };
  }
}

async function analysePublish(task: PublishTask): Promise<PublishAnalysis> {
  const files = unpackTarball(task.tarball, task.limits);
  const docs = readPackageDocs(files, task.limits);
  const result = validatePackage(files, {
    expect: task.expect,
    dependencies: (dependency) => task.dependencies.get(dependency),
    limits: task.limits,
    docs,
  });
  const readmePath = findReadme(files.keys());
  const analysis: PublishAnalysis = {
    ok: result.ok,
    issues: result.issues,
    manifest: result.manifest,
    contents: result.contents,
    files: [...files.entries()]
      .map(([path, bytes]) => ({ path, size: bytes.byteLength }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
    readme: readmePath ? textOf(files.get(readmePath)!) : null,
    unpackedSize: [...files.values()].reduce((sum, bytes) => sum + bytes.byteLength, 0),
  };
  if (!result.ok || !result.manifest || !result.contents) return analysis;
  try {
    analysis.tests = {
      ok: true,
      report: result.manifest.kind === 'pattern' ? await runPublishTests(files) : null,
    };
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    analysis.tests = { ok: false, error: serializeError(error) };
    return analysis;
  }
  if (task.previous) {
    analysis.bump = bumpOutcome(task.previous, task.expect.version, { files, docs }, task.limits);
  }
  return analysis;
}

/** Each file in a buffer of its own, so sending one does not copy the whole unpacked tarball. */
function ownBuffers(files: PackageFiles): PackageFiles {
  return new Map([...files].map(([path, bytes]) => [path, new Uint8Array(bytes)]));
}

function analyseDiff(task: DiffTask): DiffAnalysis {
  const from = unpackTarball(task.from, task.limits);
  const to = unpackTarball(task.to, task.limits);
  const answer: DiffAnalysis = {};
  if (task.compare) {
    answer.diff = boundDiff(
      diffPackages(
        { files: from, docs: readPackageDocs(from, task.limits) },
        { files: to, docs: readPackageDocs(to, task.limits) },
      ),
    );
  }
  if (task.files) answer.sides = [ownBuffers(from), ownBuffers(to)];
  return answer;
}

/** What the pool sends a worker. */
export interface TaskMessage {
  id: number;
  task: AnalysisTask;
}

/** What a worker sends back: once `ready` when loaded, then one answer per task. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; error: SerializedError };

/** Runs one task; errors (TARBALL_UNSAFE, …) are thrown as they would be on the event loop. */
export async function runAnalysisTask(task: AnalysisTask): Promise<AnalysisResults[AnalysisTask['kind']]> {
  switch (task.kind) {
    case 'declared': {
      const files = unpackTarball(task.tarball, task.limits);
      // Only the manifest is parsed here: the dependencies must be resolved before validation.
      const manifestOnly: PackageFiles = new Map();
      const manifest = files.get(MANIFEST_FILE);
      if (manifest) manifestOnly.set(MANIFEST_FILE, manifest);
      const docs = readPackageDocs(manifestOnly, task.limits);
      return declaredDependencies(docs.manifest?.doc as Record<string, unknown> | undefined);
    }
    case 'publish':
      return analysePublish(task);
    case 'bump': {
      const files = unpackTarball(task.tarball, task.limits);
      const docs = readPackageDocs(files, task.limits);
      return bumpOutcome(task.previous, task.version, { files, docs }, task.limits);
    }
    case 'diff':
      return analyseDiff(task);
  }
}

/** The buffers a result can hand over instead of copying: the diff's files, each in its own buffer. */
export function transferablesOf(task: AnalysisTask, result: unknown): ArrayBuffer[] {
  const sides = task.kind === 'diff' ? (result as DiffAnalysis).sides : undefined;
  if (!sides) return [];
  return sides.flatMap((files) => [...files.values()].map((bytes) => bytes.buffer as ArrayBuffer));
}
