import { type ChangeKind, weightOf } from './change-kinds.js';
import type { Change, ChangeSubject } from './types.js';
import { sameValue, show } from './values.js';

/** Where a change sits inside its subject and what it was before and after. */
export interface ChangeDetails {
  path?: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Collects the changes of one subject (an action, a workflow, the manifest, a file). Comparers name
 * the kind and write the sentence; the weight comes from `CHANGE_KINDS`, never from the comparer.
 */
export interface Recorder {
  readonly subject: ChangeSubject;
  readonly file: string | undefined;
  /** The subject as a sentence names it: "action `check_disk`", "the manifest". */
  readonly label: string;
  record(kind: ChangeKind, message: string, details?: ChangeDetails): void;
}

export function labelOf(subject: ChangeSubject): string {
  return subject.type === 'manifest' ? 'the manifest' : `${subject.type} \`${subject.name}\``;
}

export function createRecorder(
  changes: Change[],
  subject: ChangeSubject,
  file: string | undefined,
  label: string = labelOf(subject),
): Recorder {
  return {
    subject,
    file,
    label,
    record(kind, message, details = {}) {
      const change: Change = { kind, weight: weightOf(kind), subject, message };
      if (details.path !== undefined) change.path = details.path;
      if (file !== undefined) change.file = file;
      if (details.before !== undefined) change.before = details.before;
      if (details.after !== undefined) change.after = details.after;
      changes.push(change);
    },
  };
}

/** Upper-cases the first letter, for sentences that start with a label. */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Records `description.changed` when two descriptions differ (a patch: documentation), with both values. */
export function compareDescription(
  rec: Recorder,
  before: unknown,
  after: unknown,
  message: string,
  path = 'description',
): void {
  if (sameValue(before, after)) return;
  rec.record('description.changed', `${message}: ${show(before)} → ${show(after)}`, { path, before, after });
}
