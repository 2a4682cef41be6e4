/**
 * Semantic diff of packages: what changed between two versions of a package, or between two
 * organisations' variants of one, with the weight of each change and the semver bump they require.
 * The registry (`GET /v1/diff`, publish checks) and the CLI (`patternhub diff`) both use this surface.
 */
export { boundDiff, MAX_DIFF_HUNK_LINES } from './bound.js';
export { CHANGE_KINDS, type ChangeKind, type ChangeRule, rankOf, WEIGHTS, weightOf } from './change-kinds.js';
export {
  compareChanges,
  type DiffOptions,
  type DiffSide,
  diffPackages,
  subjectName,
  summarize,
} from './diff-packages.js';
export { type FormatOptions, formatDiff } from './format.js';
export {
  DEFAULT_TEXT_DIFF_OPTIONS,
  diffFile,
  diffFiles,
  isBinary,
  type TextDiffOptions,
} from './text-diff.js';
export type {
  Bump,
  Change,
  ChangeSubject,
  FileDiff,
  FileStatus,
  Hunk,
  PackageDiff,
  PackageIdentity,
  Weight,
} from './types.js';
