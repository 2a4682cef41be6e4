/**
 * The semantic diff of two packages: two versions of one package, or two organisations' variants of
 * the same pattern. Workflows and actions are paired by their `name` (the file stem when they have
 * none), so a renamed file is not a removed action; plain files are paired by path.
 */
import {
  isActionFile,
  isWorkflowFile,
  type PackageDocs,
  type ParsedDoc,
  readPackageDocs,
} from '../package-docs.js';
import { MANIFEST_FILE, type PackageFiles } from '../package-files.js';
import { compareAction } from './actions.js';
import { rankOf, WEIGHTS } from './change-kinds.js';
import { compareManifest } from './manifest.js';
import { comparePackLevel } from './pack-level.js';
import { createRecorder, type Recorder } from './recorder.js';
import type { SelfNames } from './tasks.js';
import { diffFiles, type TextDiffOptions } from './text-diff.js';
import type { Bump, Change, ChangeSubject, FileDiff, PackageDiff, PackageIdentity, Weight } from './types.js';
import { compareText, recordOr, stringOr } from './values.js';
import { compareWorkflow } from './workflows.js';

/** One side of a diff: the package's files, read from a folder (CLI) or unpacked from a tarball (server). */
export interface DiffSide {
  files: PackageFiles;
  /** Its YAML already parsed (`readPackageDocs`), so a publish parses each file once. */
  docs?: PackageDocs;
}

export interface DiffOptions extends TextDiffOptions {
  /** Most YAML aliases per document, as in validation. */
  maxAliases?: number;
}

type Side = 'before' | 'after';

function identityOf(manifest: ParsedDoc | undefined): PackageIdentity {
  const doc = recordOr(manifest?.doc);
  return { name: stringOr(doc.name) ?? '', version: stringOr(doc.version) ?? '' };
}

function unparsedChange(changes: Change[], subject: ChangeSubject, doc: ParsedDoc, side: Side): void {
  const version = side === 'after' ? 'new' : 'old';
  const reason = (doc.error?.message ?? 'unknown error').replace(/:\s*$/, '');
  createRecorder(changes, subject, doc.file).record(
    'file.unparsed',
    `\`${doc.file}\` of the ${version} version could not be parsed (${reason}): its changes cannot be judged`,
  );
}

interface SubjectIndex {
  /** Parsed documents by subject name. */
  byName: Map<string, ParsedDoc>;
  /** Names and stems of documents that failed to parse: their subject's fate is unknown. */
  unknown: Set<string>;
  failed: ParsedDoc[];
}

/** The name a workflow or action is paired by across two packages: its `name`, else its file stem. */
export function subjectName(doc: ParsedDoc): string {
  const name = stringOr(recordOr(doc.doc).name)?.trim();
  return name ? name : doc.stem;
}

function indexSubjects(docs: ParsedDoc[]): SubjectIndex {
  const index: SubjectIndex = { byName: new Map(), unknown: new Set(), failed: [] };
  for (const doc of docs) {
    if (doc.error) {
      index.unknown.add(doc.stem);
      index.failed.push(doc);
      continue;
    }
    // Two documents claiming one name is a validation error; keep both visible by keying the
    // second by its path rather than dropping it.
    const name = subjectName(doc);
    index.byName.set(index.byName.has(name) ? doc.file : name, doc);
  }
  return index;
}

type SubjectType = 'action' | 'workflow';

function compareSubjects(
  changes: Change[],
  type: SubjectType,
  beforeDocs: ParsedDoc[],
  afterDocs: ParsedDoc[],
  compare: (rec: Recorder, before: unknown, after: unknown) => void,
  differing: ReadonlySet<string>,
): void {
  const before = indexSubjects(beforeDocs);
  const after = indexSubjects(afterDocs);
  const failedAfter = new Set(after.failed.map((doc) => doc.file));
  // A file broken the same way on both sides changed nothing; one broken on both sides but
  // differently is reported once, for the new version.
  for (const doc of after.failed) {
    if (differing.has(doc.file)) unparsedChange(changes, { type, name: doc.stem }, doc, 'after');
  }
  for (const doc of before.failed) {
    if (differing.has(doc.file) && !failedAfter.has(doc.file)) {
      unparsedChange(changes, { type, name: doc.stem }, doc, 'before');
    }
  }

  const names = [...new Set([...before.byName.keys(), ...after.byName.keys()])].sort(compareText);
  for (const name of names) {
    const a = before.byName.get(name);
    const b = after.byName.get(name);
    const subject: ChangeSubject = { type, name };
    if (a && b) {
      compare(createRecorder(changes, subject, b.file), a.doc, b.doc);
    } else if (b) {
      if (before.unknown.has(name) || before.unknown.has(b.stem)) continue;
      createRecorder(changes, subject, b.file).record(
        `${type}.added`,
        `${type === 'action' ? 'Action' : 'Workflow'} \`${name}\` was added`,
      );
    } else if (a) {
      if (after.unknown.has(name) || after.unknown.has(a.stem)) continue;
      const callers = type === 'action' ? 'tasks that call it' : 'callers of the pattern';
      createRecorder(changes, subject, a.file).record(
        `${type}.removed`,
        `${type === 'action' ? 'Action' : 'Workflow'} \`${name}\` was removed: ${callers} will break`,
      );
    }
  }
}

/**
 * Plain files (scripts, docs) become `file.*` changes. A workflow or action file that differs
 * without any semantic change (comments, formatting, a move) is reported the same way, so no byte
 * change goes unweighed. The manifest is left out: its version line changes every release.
 */
function recordFileChanges(changes: Change[], files: FileDiff[]): void {
  const judged = new Set(changes.map((change) => change.file));
  for (const file of files) {
    if (file.path === MANIFEST_FILE || judged.has(file.path)) continue;
    const semantic = isActionFile(file.path) || isWorkflowFile(file.path);
    const rec = createRecorder(changes, { type: 'file', name: file.path }, file.path);
    const note = semantic ? ', with no change to what it defines' : '';
    const counts = file.binary ? 'binary' : `+${file.added} −${file.removed}`;
    if (file.status === 'added') rec.record('file.added', `File \`${file.path}\` was added${note}`);
    else if (file.status === 'removed')
      rec.record('file.removed', `File \`${file.path}\` was removed${note}`);
    else rec.record('file.changed', `File \`${file.path}\` changed (${counts})${note}`);
  }
}

const SUBJECT_ORDER: Record<ChangeSubject['type'], number> = { manifest: 0, workflow: 1, action: 2, file: 3 };

/** Largest weight first, then by subject, kind, path and sentence: the same inputs, the same list. */
export function compareChanges(a: Change, b: Change): number {
  return (
    rankOf(b.weight) - rankOf(a.weight) ||
    SUBJECT_ORDER[a.subject.type] - SUBJECT_ORDER[b.subject.type] ||
    compareText(a.subject.name, b.subject.name) ||
    compareText(a.kind, b.kind) ||
    compareText(a.path ?? '', b.path ?? '') ||
    compareText(a.message, b.message)
  );
}

/** How many changes of each weight. */
export function summarize(changes: readonly Change[]): Record<Weight, number> {
  const summary: Record<Weight, number> = { major: 0, minor: 0, patch: 0 };
  for (const change of changes) summary[change.weight]++;
  return summary;
}

function largestWeight(summary: Record<Weight, number>): Bump {
  return WEIGHTS.find((weight) => summary[weight] > 0) ?? 'none';
}

/**
 * Compares two packages and returns every semantic change (with its weight and a sentence), the line
 * diff of every file that differs, and the bump the changes require.
 *
 * Never throws on the packages' content: unparseable YAML becomes a `file.unparsed` change and
 * documents of an unexpected shape are compared for what they hold. Names and versions may differ
 * (`@acme/disk-full@2.0.0` against `@community/disk-full@1.3.0`); a task calling its own package's
 * member (`@acme/disk-full.sub` against `@community/disk-full.sub`) counts as the same call.
 */
export function diffPackages(from: DiffSide, to: DiffSide, options: DiffOptions = {}): PackageDiff {
  const parse = options.maxAliases === undefined ? {} : { maxYamlAliases: options.maxAliases };
  const before = from.docs ?? readPackageDocs(from.files, parse);
  const after = to.docs ?? readPackageDocs(to.files, parse);
  const fromId = identityOf(before.manifest);
  const toId = identityOf(after.manifest);
  const changes: Change[] = [];
  const files = diffFiles(from.files, to.files, options);
  const differing = new Set(files.map((file) => file.path));

  const manifestSubject: ChangeSubject = { type: 'manifest', name: toId.name || fromId.name };
  if (before.manifest?.error || after.manifest?.error) {
    if (!differing.has(MANIFEST_FILE)) {
      // The same broken manifest on both sides: nothing to report.
    } else if (after.manifest?.error) {
      unparsedChange(changes, manifestSubject, after.manifest, 'after');
    } else if (before.manifest?.error) {
      unparsedChange(changes, manifestSubject, before.manifest, 'before');
    }
  } else {
    compareManifest(
      createRecorder(changes, manifestSubject, MANIFEST_FILE),
      before.manifest?.doc,
      after.manifest?.doc,
    );
  }
  comparePackLevel(
    changes,
    manifestSubject,
    { files: from.files, manifest: before.manifest?.doc },
    { files: to.files, manifest: after.manifest?.doc },
  );

  const self: SelfNames = { before: fromId.name, after: toId.name };
  compareSubjects(
    changes,
    'workflow',
    before.workflows,
    after.workflows,
    (rec, a, b) => compareWorkflow(rec, a, b, self),
    differing,
  );
  compareSubjects(changes, 'action', before.actions, after.actions, compareAction, differing);

  recordFileChanges(changes, files);
  changes.sort(compareChanges);
  const summary = summarize(changes);
  return { from: fromId, to: toId, changes, files, requiredBump: largestWeight(summary), summary };
}
