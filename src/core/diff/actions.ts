/**
 * Compares two versions of one action's metadata (`actions/<name>.yaml`, StackStorm fields): how it
 * runs, its parameters and its output schema. The script it runs is compared as a plain file.
 */
import { compareOutputSchemas } from './outputs.js';
import { compareParameters } from './parameters.js';
import { compareDescription, type Recorder, sentence } from './recorder.js';
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
  if (!sameValue(from.runner_type, to.runner_type)) {
    rec.record(
      'action.runner-changed',
      `${sentence(rec.label)} now runs with ${show(to.runner_type)} instead of ${show(from.runner_type)}: callers that pass the old runner's own parameters (hosts, cwd, env…) may break`,
      { path: 'runner_type', before: from.runner_type, after: to.runner_type },
    );
  }
  if (!sameValue(from.entry_point, to.entry_point)) {
    rec.record(
      'action.entry-point-changed',
      `Entry point of ${rec.label} changed from ${show(from.entry_point)} to ${show(to.entry_point)}`,
      { path: 'entry_point', before: from.entry_point, after: to.entry_point },
    );
  }
  // StackStorm runs an action unless it says `enabled: false`.
  const wasEnabled = from.enabled !== false;
  const isEnabled = to.enabled !== false;
  if (wasEnabled && !isEnabled) {
    rec.record('action.disabled', `${sentence(rec.label)} was disabled: calls to it will be refused`, {
      path: 'enabled',
      before: from.enabled,
      after: to.enabled,
    });
  } else if (!wasEnabled && isEnabled) {
    rec.record('action.enabled', `${sentence(rec.label)} was enabled`, {
      path: 'enabled',
      before: from.enabled,
      after: to.enabled,
    });
  }
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
