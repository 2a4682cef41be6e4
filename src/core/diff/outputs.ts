/**
 * Compares what callers read back: a workflow's Orquesta `output` (names bound to expressions) and an
 * action's `output_schema` (names bound to JSON-Schema property definitions).
 */
import type { Recorder } from './recorder.js';
import { type Dict, isRecord, keysOf, recordOr, sameValue, show, typeSet } from './values.js';

/**
 * A workflow's outputs by name. Orquesta writes a list of one-key maps (`- usage: <% ctx().usage %>`);
 * a bare name or a plain mapping is accepted too, so an unusual document still compares by name.
 */
function workflowOutputs(value: unknown): Dict {
  if (isRecord(value)) return value;
  const outputs: Dict = {};
  if (!Array.isArray(value)) return outputs;
  for (const item of value) {
    if (typeof item === 'string') outputs[item] = null;
    else if (isRecord(item)) Object.assign(outputs, item);
  }
  return outputs;
}

/** Compares the Orquesta `output` lists of two versions of a workflow. */
export function compareWorkflowOutputs(rec: Recorder, before: unknown, after: unknown): void {
  const from = workflowOutputs(before);
  const to = workflowOutputs(after);
  for (const name of keysOf(from, to)) {
    const inBefore = Object.hasOwn(from, name);
    const inAfter = Object.hasOwn(to, name);
    if (!inBefore) {
      rec.record('output.added', `Output \`${name}\` was added to ${rec.label}`, {
        path: name,
        after: to[name],
      });
    } else if (!inAfter) {
      rec.record(
        'output.removed',
        `Output \`${name}\` of ${rec.label} was removed: callers that read it will get nothing`,
        { path: name, before: from[name] },
      );
    } else if (!sameValue(from[name], to[name])) {
      rec.record(
        'output.changed',
        `Output \`${name}\` of ${rec.label} is computed differently: ${show(from[name])} → ${show(to[name])}`,
        { path: name, before: from[name], after: to[name] },
      );
    }
  }
}

/** Keys of a property schema that only document it. */
const DOC_KEYS = new Set(['description', 'title', 'examples', '$comment']);

/**
 * The properties of an `output_schema`. StackStorm accepted both a bare map of properties (older
 * packs, and our DESIGN example) and, since 3.5, a full object schema with `properties`.
 */
function schemaParts(value: unknown): { properties: Dict; root: Dict } {
  const schema = recordOr(value);
  if (schema.type === 'object' && isRecord(schema.properties)) {
    const { properties, ...root } = schema;
    return { properties, root };
  }
  // The bare form means an object with those properties: the same root as the full form's.
  return { properties: schema, root: { type: 'object' } };
}

function compareProperty(rec: Recorder, name: string, before: Dict, after: Dict): void {
  const details = { path: name, before, after };
  const from = typeSet(before.type);
  const to = typeSet(after.type);
  if (!sameValue(from, to)) {
    const describe = (types: string[] | undefined) => (types ? types.join(' or ') : 'any type');
    rec.record(
      'output.retyped',
      `Output \`${name}\` of ${rec.label} changed type from ${describe(from)} to ${describe(to)}: callers that read it may misread it`,
      details,
    );
  }
  const shapeKeys = keysOf(before, after).filter(
    (key) => key !== 'type' && !DOC_KEYS.has(key) && !sameValue(before[key], after[key]),
  );
  if (shapeKeys.length > 0) {
    rec.record(
      'output-schema.changed',
      `Output \`${name}\` of ${rec.label} changed its schema (${shapeKeys.map((key) => `\`${key}\``).join(', ')})`,
      details,
    );
  }
  const docKeys = keysOf(before, after).filter(
    (key) => DOC_KEYS.has(key) && !sameValue(before[key], after[key]),
  );
  if (docKeys.length > 0) {
    rec.record('output.description', `Description of output \`${name}\` of ${rec.label} changed`, details);
  }
}

/** Compares the `output_schema` of two versions of an action. */
export function compareOutputSchemas(rec: Recorder, before: unknown, after: unknown): void {
  if (sameValue(before, after)) return;
  const from = schemaParts(before);
  const to = schemaParts(after);
  for (const name of keysOf(from.properties, to.properties)) {
    const a = from.properties[name];
    const b = to.properties[name];
    if (a === undefined) {
      rec.record('output.added', `Output \`${name}\` was added to ${rec.label}`, { path: name, after: b });
    } else if (b === undefined) {
      rec.record(
        'output.removed',
        `Output \`${name}\` of ${rec.label} was removed: callers that read it will get nothing`,
        { path: name, before: a },
      );
    } else if (!sameValue(a, b)) {
      compareProperty(rec, name, recordOr(a), recordOr(b));
    }
  }
  if (!sameValue(from.root, to.root)) {
    rec.record('output-schema.changed', `The output schema of ${rec.label} changed (${show(to.root)})`, {
      path: 'output_schema',
      before: from.root,
      after: to.root,
    });
  }
}
