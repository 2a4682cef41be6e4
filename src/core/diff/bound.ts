import type { PackageDiff } from './types.js';

/** Most changed lines a registry's diff answer carries; past it files are listed with their counts only. */
export const MAX_DIFF_HUNK_LINES = 20_000;

/**
 * Keeps a diff answer's size bounded: every file's hunks until `maxLines` changed lines are spent,
 * then the remaining files without hunks, marked `tooLarge`. Changes and the summary stay whole.
 */
export function boundDiff(diff: PackageDiff, maxLines = MAX_DIFF_HUNK_LINES): PackageDiff {
  let budget = maxLines;
  const files = diff.files.map((file) => {
    const lines = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
    if (lines <= budget) {
      budget -= lines;
      return file;
    }
    budget = 0;
    return { ...file, hunks: [], tooLarge: true };
  });
  return { ...diff, files };
}
