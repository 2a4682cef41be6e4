/**
 * The shapes a semantic diff returns. They are part of the registry API (`GET /v1/diff`) and of
 * `patternhub diff --json`, so field names and change kinds are stable: add, never rename.
 */
import type { ChangeKind } from './change-kinds.js';

/** How much of the version a change needs to move: `major` breaks a caller of the old version. */
export type Weight = 'major' | 'minor' | 'patch';

/** The largest weight among some changes, or `none` when there are none. */
export type Bump = Weight | 'none';

/** What a change is about: a workflow or action by name, the manifest, or a plain file by path. */
export interface ChangeSubject {
  type: 'workflow' | 'action' | 'manifest' | 'file';
  name: string;
}

/** One semantic difference between two packages. */
export interface Change {
  /** Stable identifier of the rule, e.g. `parameter.removed`; see `CHANGE_KINDS`. */
  kind: ChangeKind;
  weight: Weight;
  subject: ChangeSubject;
  /** Where inside the subject: a parameter, task, output, dependency name or YAML key. */
  path?: string;
  /** The file the subject lives in: in the new package, or in the old one when it was removed. */
  file?: string;
  /** One human sentence: what changed and, for a break, who it breaks. */
  message: string;
  before?: unknown;
  after?: unknown;
}

/** One hunk of a unified diff. Starts and counts are those of the `@@ -a,b +c,d @@` header. */
export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Lines prefixed with ` `, `-`, `+`, or `\` (for "No newline at end of file"), without `\n`. */
  lines: string[];
}

export type FileStatus = 'added' | 'removed' | 'modified';

/** The line diff of one file that differs between the two packages. */
export interface FileDiff {
  path: string;
  status: FileStatus;
  hunks: Hunk[];
  /** Lines added and removed. */
  added: number;
  removed: number;
  /** Set when either side is not text: no hunks, no line counts. */
  binary?: boolean;
  /**
   * Set when the two texts are too far apart to diff line by line in bounded time: the hunks are
   * empty and the counts are those of a whole-file replacement.
   */
  tooLarge?: boolean;
}

/** A package's identity as its manifest says; empty strings when the manifest could not be read. */
export interface PackageIdentity {
  name: string;
  version: string;
}

export interface PackageDiff {
  from: PackageIdentity;
  to: PackageIdentity;
  /** Sorted: by weight (major first), then subject, kind, path, so the same inputs give the same list. */
  changes: Change[];
  /** Every file whose bytes differ, in path order. */
  files: FileDiff[];
  /** The largest weight among `changes`, before the 0.x adjustment (see `effectiveBump`). */
  requiredBump: Bump;
  summary: Record<Weight, number>;
}
