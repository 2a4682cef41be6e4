/**
 * Compares two versions of one workflow document (`workflows/<name>.yaml`): its metadata and
 * parameters (the calling contract) and its Orquesta definition (what it does).
 */
import { compareOutputSchemas, compareWorkflowOutputs } from './outputs.js';
import { compareParameters } from './parameters.js';
import { compareDescription, type Recorder } from './recorder.js';
import { compareRunnerMetadata, RUNNER_METADATA_KEYS } from './runner-metadata.js';
import { compareTasks, type SelfNames } from './tasks.js';
import { type Dict, isRecord, keysOf, recordOr, sameValue, show } from './values.js';

/** Document keys with a comparer of their own. */
const DOC_KEYS = new Set([
  'name',
  'description',
  'parameters',
  'workflow',
  'output_schema',
  ...RUNNER_METADATA_KEYS,
]);
/** StackStorm keys kept from an import that label a workflow without changing how it is called. */
const ANNOTATION_KEYS = new Set(['pack', 'tags']);
/** Orquesta keys with a comparer of their own. */
const DEFINITION_KEYS = new Set(['description', 'input', 'vars', 'tasks', 'output']);

/**
 * Orquesta `input` and `vars` by name: lists of names or one-key maps (`- channel: "#ops"`), or a
 * mapping. A bare name has no default, which Orquesta reads as null, so `x` and `x: null` are equal.
 */
function namedValues(value: unknown): Dict {
  if (isRecord(value)) return value;
  const named: Dict = {};
  if (!Array.isArray(value)) return named;
  for (const item of value) {
    if (typeof item === 'string') named[item] = null;
    else if (isRecord(item)) Object.assign(named, item);
  }
  return named;
}

function describeNamedChanges(before: Dict, after: Dict): string {
  return keysOf(before, after)
    .filter(
      (key) =>
        !Object.hasOwn(before, key) || !Object.hasOwn(after, key) || !sameValue(before[key], after[key]),
    )
    .map((key) =>
      !Object.hasOwn(before, key)
        ? `\`${key}\` added`
        : !Object.hasOwn(after, key)
          ? `\`${key}\` removed`
          : `\`${key}\` now ${show(after[key])}`,
    )
    .join(', ');
}

function compareNamed(
  rec: Recorder,
  kind: 'workflow.input-changed' | 'vars.changed',
  what: string,
  before: unknown,
  after: unknown,
): void {
  const from = namedValues(before);
  const to = namedValues(after);
  const changes = describeNamedChanges(from, to);
  // Same names and values in another order, or `x` versus `x: null`: nothing to report.
  if (changes === '') return;
  rec.record(kind, `${what} of ${rec.label} changed: ${changes}`, {
    path: kind === 'vars.changed' ? 'vars' : 'input',
    before,
    after,
  });
}

/** Compares two versions of a workflow document; `self` holds each side's package name. */
export function compareWorkflow(rec: Recorder, before: unknown, after: unknown, self: SelfNames): void {
  const from = recordOr(before);
  const to = recordOr(after);
  compareDescription(rec, from.description, to.description, `Description of ${rec.label} changed`);
  compareParameters(rec, from.parameters, to.parameters);
  compareRunnerMetadata(rec, from, to);
  compareOutputSchemas(rec, from.output_schema, to.output_schema);

  const a = recordOr(from.workflow);
  const b = recordOr(to.workflow);
  compareDescription(
    rec,
    a.description,
    b.description,
    `Description inside the definition of ${rec.label} changed`,
    'workflow.description',
  );
  compareNamed(rec, 'workflow.input-changed', 'The Orquesta `input`', a.input, b.input);
  compareNamed(rec, 'vars.changed', 'The `vars`', a.vars, b.vars);
  compareTasks(rec, a.tasks, b.tasks, self);
  compareWorkflowOutputs(rec, a.output, b.output);
  for (const key of keysOf(a, b)) {
    if (DEFINITION_KEYS.has(key) || sameValue(a[key], b[key])) continue;
    rec.record(
      'workflow.other-changed',
      `\`workflow.${key}\` of ${rec.label} changed: ${show(a[key])} → ${show(b[key])}`,
      {
        path: `workflow.${key}`,
        before: a[key],
        after: b[key],
      },
    );
  }
  for (const key of keysOf(from, to)) {
    if (DOC_KEYS.has(key) || sameValue(from[key], to[key])) continue;
    rec.record(
      ANNOTATION_KEYS.has(key) ? 'workflow.metadata-changed' : 'workflow.other-changed',
      `\`${key}\` of ${rec.label} changed: ${show(from[key])} → ${show(to[key])}`,
      {
        path: key,
        before: from[key],
        after: to[key],
      },
    );
  }
}
