/**
 * Line diffs of every file that differs between two packages, as unified-diff hunks (jsdiff).
 * Files are paired by path, so two organisations' variants compare file for file.
 */
import { structuredPatch } from 'diff';
import { type PackageFiles, textOf } from '../package-files.js';
import type { FileDiff, FileStatus, Hunk } from './types.js';
import { compareText } from './values.js';

export interface TextDiffOptions {
  /** Unchanged lines around each change, as `diff -U`. Default 3, as git. */
  context?: number;
  /**
   * Most changed lines diffed line by line; past it a file is reported as replaced (`tooLarge`).
   * Myers' algorithm costs (lines × edits), so this bounds the time one upload can cost the server,
   * and unlike a timeout it gives the same answer on every machine.
   */
  maxEditLength?: number;
  /** Files longer than this many lines, on either side, are reported as replaced (`tooLarge`). */
  maxLines?: number;
}

export const DEFAULT_TEXT_DIFF_OPTIONS: Readonly<Required<TextDiffOptions>> = Object.freeze({
  context: 3,
  maxEditLength: 2000,
  maxLines: 50_000,
});

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Binary as git decides it (a NUL in the first 8000 bytes), or not valid UTF-8. */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.subarray(0, 8000).includes(0)) return true;
  try {
    strictDecoder.decode(bytes);
    return false;
  } catch {
    return true;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function lineCount(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

/** jsdiff keeps the start of an empty range on the next line; unified diff writes the line before it. */
function toUnifiedHunk(hunk: Hunk): Hunk {
  return {
    oldStart: hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart,
    oldLines: hunk.oldLines,
    newStart: hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart,
    newLines: hunk.newLines,
    lines: hunk.lines,
  };
}

/** The line diff of one file; `before` or `after` is undefined for an added or removed file. */
export function diffFile(
  path: string,
  before: Uint8Array | undefined,
  after: Uint8Array | undefined,
  options: TextDiffOptions = {},
): FileDiff {
  const context = options.context ?? DEFAULT_TEXT_DIFF_OPTIONS.context;
  const maxEditLength = options.maxEditLength ?? DEFAULT_TEXT_DIFF_OPTIONS.maxEditLength;
  const maxLines = options.maxLines ?? DEFAULT_TEXT_DIFF_OPTIONS.maxLines;
  const status: FileStatus = before === undefined ? 'added' : after === undefined ? 'removed' : 'modified';
  const empty = new Uint8Array();
  const a = before ?? empty;
  const b = after ?? empty;
  if (isBinary(a) || isBinary(b)) return { path, status, hunks: [], added: 0, removed: 0, binary: true };

  const oldText = textOf(a);
  const newText = textOf(b);
  const replaced: FileDiff = {
    path,
    status,
    hunks: [],
    added: lineCount(newText),
    removed: lineCount(oldText),
  };
  if (replaced.added > maxLines || replaced.removed > maxLines) return { ...replaced, tooLarge: true };
  const patch = structuredPatch(`a/${path}`, `b/${path}`, oldText, newText, undefined, undefined, {
    context,
    maxEditLength,
  });
  if (patch === undefined) return { ...replaced, tooLarge: true };

  const hunks = patch.hunks.map(toUnifiedHunk);
  let added = 0;
  let removed = 0;
  for (const hunk of hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  return { path, status, hunks, added, removed };
}

/** Line diffs of every path whose bytes differ, in path order. */
export function diffFiles(
  before: PackageFiles,
  after: PackageFiles,
  options: TextDiffOptions = {},
): FileDiff[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  const diffs: FileDiff[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a !== undefined && b !== undefined && sameBytes(a, b)) continue;
    diffs.push(diffFile(path, a, b, options));
  }
  return diffs;
}
