/**
 * Renders a `PackageDiff` for a terminal: what breaks and why in a few lines first, then the text.
 * Pure string building; the CLI decides about colour (TTY, `NO_COLOR`) and passes it in.
 */
import semver from 'semver';
import { bumpOf, effectiveBump } from '../semver-rules.js';
import { rankOf, WEIGHTS } from './change-kinds.js';
import type { FileDiff, Hunk, PackageDiff, Weight } from './types.js';

export interface FormatOptions {
  /** ANSI colours; off unless asked for. */
  color?: boolean;
  /** One line per file with +/- counts, as `git diff --stat`, instead of the hunks. */
  stat?: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const ANSI: Record<Style, string> = {
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
};
const RESET = '\x1b[0m';

type Paint = (text: string, ...styles: Style[]) => string;

function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) =>
    styles.length === 0 || text === '' ? text : `${styles.map((s) => ANSI[s]).join('')}${text}${RESET}`;
}

/**
 * Package content is someone else's text: control characters in a file or a name could move the
 * cursor or recolour the terminal, so they are shown in caret notation (`^[`) instead. Tabs stay.
 */
function clean(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (char) =>
    char === '\x7f' ? '^?' : `^${String.fromCharCode(char.charCodeAt(0) + 64)}`,
  );
}

const HEADINGS: Record<Weight, { title: string; why: string; style: Style }> = {
  major: { title: 'MAJOR', why: 'callers of the old version break', style: 'red' },
  minor: { title: 'MINOR', why: 'new or changed behaviour, callers keep working', style: 'yellow' },
  patch: { title: 'PATCH', why: 'descriptions, docs, scripts', style: 'green' },
};

function identity(name: string, version: string): string {
  return `${name || '(unnamed)'}@${version || '?'}`;
}

function header(diff: PackageDiff, paint: Paint): string[] {
  const { from, to } = diff;
  const title =
    from.name === to.name && from.name !== ''
      ? `${from.name} ${from.version || '?'} → ${to.version || '?'}`
      : `${identity(from.name, from.version)} → ${identity(to.name, to.version)}`;
  const lines = [paint(clean(title), 'bold')];

  const counts = WEIGHTS.filter((weight) => diff.summary[weight] > 0)
    .map((weight) => `${diff.summary[weight]} ${weight}`)
    .join(', ');
  if (diff.requiredBump === 'none') {
    lines.push(diff.files.length === 0 ? 'No changes.' : 'No semantic changes.');
    return lines;
  }
  const validFrom = semver.valid(from.version) !== null;
  const effective = validFrom ? effectiveBump(diff.requiredBump, from.version) : diff.requiredBump;
  const underZero = effective !== diff.requiredBump ? ` (a ${effective} bump under 1.0.0)` : '';
  lines.push(`Requires a ${paint(diff.requiredBump, 'bold')} bump${underZero}: ${counts}`);

  // Two versions of one package: say whether the bump made is enough, as publish will.
  if (from.name === to.name && validFrom && semver.valid(to.version) !== null) {
    const made = bumpOf(from.version, to.version);
    if (made === 'prerelease') {
      lines.push('Bump made: prerelease of the same release, any change allowed');
    } else if (made === 'none' || made === 'downgrade') {
      lines.push(paint(`Bump made: ${made}`, 'yellow'));
    } else if (rankOf(made) < rankOf(effective)) {
      lines.push(paint(`Bump made: ${made}, too small: publishing would be refused`, 'red', 'bold'));
    } else {
      lines.push(`Bump made: ${made}, enough`);
    }
  }
  return lines;
}

function changeGroups(diff: PackageDiff, paint: Paint): string[] {
  const lines: string[] = [];
  for (const weight of WEIGHTS) {
    const group = diff.changes.filter((change) => change.weight === weight);
    if (group.length === 0) continue;
    const { title, why, style } = HEADINGS[weight];
    lines.push('', `${paint(title, style, 'bold')} ${paint(`(${group.length}) ${why}`, 'dim')}`);
    for (const change of group) lines.push(`  - ${clean(change.message)}`);
  }
  return lines;
}

function hunkHeader(hunk: Hunk): string {
  return `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`;
}

function patchOf(file: FileDiff, paint: Paint): string[] {
  const path = clean(file.path);
  const oldName = file.status === 'added' ? '/dev/null' : `a/${path}`;
  const newName = file.status === 'removed' ? '/dev/null' : `b/${path}`;
  const lines = ['', paint(`diff a/${path} b/${path}`, 'bold')];
  if (file.binary) return [...lines, `Binary files ${oldName} and ${newName} differ`];
  lines.push(paint(`--- ${oldName}`, 'bold'), paint(`+++ ${newName}`, 'bold'));
  if (file.tooLarge) {
    return [
      ...lines,
      paint(`(too many changes to show line by line: +${file.added} -${file.removed})`, 'dim'),
    ];
  }
  for (const hunk of file.hunks) {
    lines.push(paint(hunkHeader(hunk), 'cyan'));
    for (const raw of hunk.lines) {
      const line = clean(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
      if (line.startsWith('+')) lines.push(paint(line, 'green'));
      else if (line.startsWith('-')) lines.push(paint(line, 'red'));
      else if (line.startsWith('\\')) lines.push(paint(line, 'dim'));
      else lines.push(line);
    }
  }
  return lines;
}

/** Widest bar of `+` and `-` in stat mode, as git's default on an 80-column terminal. */
const STAT_BAR_WIDTH = 40;

function statOf(files: readonly FileDiff[], paint: Paint): string[] {
  if (files.length === 0) return [];
  const names = files.map((file) => clean(file.path));
  const nameWidth = Math.max(...names.map((name) => name.length));
  const largest = Math.max(...files.map((file) => file.added + file.removed));
  const countWidth = String(largest).length;
  const scale = largest > STAT_BAR_WIDTH ? STAT_BAR_WIDTH / largest : 1;
  const lines: string[] = [''];
  let insertions = 0;
  let deletions = 0;
  files.forEach((file, i) => {
    const name = names[i]!.padEnd(nameWidth);
    if (file.binary) {
      lines.push(` ${name} | Bin`);
      return;
    }
    insertions += file.added;
    deletions += file.removed;
    // Scaled like git: a file with any change keeps at least one mark of each kind it has.
    const plus = file.added === 0 ? 0 : Math.max(1, Math.round(file.added * scale));
    const minus = file.removed === 0 ? 0 : Math.max(1, Math.round(file.removed * scale));
    const count = String(file.added + file.removed).padStart(countWidth);
    lines.push(
      ` ${name} | ${count} ${paint('+'.repeat(plus), 'green')}${paint('-'.repeat(minus), 'red')}`.trimEnd(),
    );
  });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    ` ${plural(files.length, 'file')} changed, ${plural(insertions, 'insertion')}(+), ${plural(deletions, 'deletion')}(-)`,
  );
  return lines;
}

/**
 * A terminal report of a diff: a header (from → to, the bump required and, for two versions of one
 * package, whether the bump made is enough), the changes grouped MAJOR / MINOR / PATCH with their
 * sentences, then the line diffs, or with `stat` one line per file. No ANSI codes unless `color`.
 */
export function formatDiff(diff: PackageDiff, options: FormatOptions = {}): string {
  const paint = painter(options.color === true);
  const lines = [...header(diff, paint), ...changeGroups(diff, paint)];
  if (options.stat) lines.push(...statOf(diff.files, paint));
  else for (const file of diff.files) lines.push(...patchOf(file, paint));
  return `${lines.join('\n')}\n`;
}
