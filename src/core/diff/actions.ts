/**
 * Compares two versions of one action's metadata (`actions/<name>.yaml`, StackStorm fields): how it
 * runs, its parameters and its output schema. The script it runs is compared as a plain file.
 */
import { compareOutputSchemas } from './outputs.js';
import { compareParameters } from './parameters.js';
import { compareDescription, type Recorder } from './recorder.js';
import { compareRunnerMetadata } from './runner-metadata.js';
import { keysOf, recordOr, sameValue, show } from './values.js';

/** Keys with a comparer of their own. */
const OWN_KEYS = new Set([
  'name',
  'description',
  'runner_type',
  'entry_point',
  'enabled',
  'parameters',
  'output_schema',
]);

/** StackStorm keys that label an action without changing how it is called. */
const ANNOTATION_KEYS = new Set(['tags', 'pack', 'ref', 'uid', 'id', 'metadata_file']);

/** Compares two versions of an action's metadata document. */
export function compareAction(rec: Recorder, before: unknown, after: unknown): void {
  const from = recordOr(before);
  const to = recordOr(after);
  compareDescription(rec, from.description, to.description, `Description of ${rec.label} changed`);
  compareRunnerMetadata(rec, from, to);
  compareParameters(rec, from.parameters, to.parameters);
  compareOutputSchemas(rec, from.output_schema, to.output_schema);
  for (const key of keysOf(from, to)) {
    if (OWN_KEYS.has(key) || sameValue(from[key], to[key])) continue;
    const kind = ANNOTATION_KEYS.has(key) ? 'action.metadata-changed' : 'action.other-changed';
    rec.record(kind, `\`${key}\` of ${rec.label} changed: ${show(from[key])} → ${show(to[key])}`, {
      path: key,
      before: from[key],
      after: to[key],
    });
  }
}
