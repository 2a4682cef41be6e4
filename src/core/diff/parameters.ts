/**
 * Compares the `parameters` of an action or a workflow: the calling contract. Each parameter is a
 * StackStorm/JSON-Schema-like mapping; the keys a caller can trip over (type, required, default,
 * immutable, constraints) get their own kinds, the rest are annotations.
 */
import { type Recorder, sentence } from './recorder.js';
import {
  canonical,
  type Dict,
  isRecord,
  isSubset,
  keysOf,
  recordOr,
  sameValue,
  show,
  typeSet,
  without,
} from './values.js';

/** Keys compared on their own below; every other key is an annotation or a constraint. */
const HANDLED_KEYS = new Set(['type', 'required', 'default', 'immutable', 'secret', 'description']);

/** Keys that document a parameter without restricting its values. `position` is StackStorm's. */
const ANNOTATION_KEYS = new Set([
  'position',
  'title',
  'examples',
  '$comment',
  'deprecated',
  'readOnly',
  'writeOnly',
]);

/** Lower bounds: a larger value refuses more. */
const LOWER_BOUNDS = new Set(['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties']);
/** Upper bounds: a smaller value refuses more. */
const UPPER_BOUNDS = new Set(['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties']);

/** A caller must pass it: required and nothing fills it in when omitted. */
function mustPass(spec: Dict): boolean {
  return spec.required === true && spec.default === undefined;
}

function isAnnotation(key: string): boolean {
  return ANNOTATION_KEYS.has(key) || key.startsWith('x-');
}

/**
 * Whether a constraint change can refuse a value that passed before. Bounds and `enum` are judged by
 * direction; for anything else (`pattern`, `format`, `items`…) telling would mean evaluating schemas,
 * so a change counts as narrowing unless the constraint was dropped.
 */
function constraintNarrows(key: string, before: unknown, after: unknown): boolean {
  if (after === undefined) return false;
  if (before === undefined) return true;
  if (key === 'enum' && Array.isArray(before) && Array.isArray(after)) return !isSubset(before, after);
  if (typeof before === 'number' && typeof after === 'number') {
    if (LOWER_BOUNDS.has(key)) return after > before;
    if (UPPER_BOUNDS.has(key)) return after < before;
  }
  return true;
}

/** Whether a value of any type in `narrow` is also of a type in `wide` (JSON Schema: integers are numbers). */
function typesCover(wide: string[], narrow: string[]): boolean {
  return narrow.every((type) => wide.includes(type) || (type === 'integer' && wide.includes('number')));
}

function compareType(rec: Recorder, name: string, before: Dict, after: Dict, owner: string): void {
  const from = typeSet(before.type);
  const to = typeSet(after.type);
  // Compared as sets: `string` and `[string]`, or a list in another order, accept the same values.
  if (sameValue(from, to)) return;
  const details = { path: name, before: before.type, after: after.type };
  const describe = (types: string[] | undefined) => (types ? types.join(' or ') : 'any type');
  if (to === undefined || (from !== undefined && typesCover(to, from))) {
    rec.record(
      'parameter.type-widened',
      `Parameter \`${name}\` of ${owner} now accepts ${describe(to)} (was ${describe(from)})`,
      details,
    );
    return;
  }
  rec.record(
    'parameter.retyped',
    `Parameter \`${name}\` of ${owner} changed type from ${describe(from)} to ${describe(to)}: callers that pass ${describe(from)} values may be refused`,
    details,
  );
}

function compareRequired(rec: Recorder, name: string, before: Dict, after: Dict, owner: string): boolean {
  const was = mustPass(before);
  const now = mustPass(after);
  if (!was && now) {
    const why = before.default !== undefined ? ' (its default was removed)' : '';
    rec.record(
      'parameter.required',
      `Parameter \`${name}\` of ${owner} is now required${why}: callers that omit it will break`,
      {
        path: name,
        before: { required: before.required, default: before.default },
        after: { required: true },
      },
    );
    return true;
  }
  if (was && !now) {
    const why = after.default !== undefined ? ` (it now defaults to ${show(after.default)})` : '';
    rec.record('parameter.optional', `Parameter \`${name}\` of ${owner} is no longer required${why}`, {
      path: name,
      before: { required: true },
      after: { required: after.required, default: after.default },
    });
    return true;
  }
  if ((before.required === true) !== (after.required === true)) {
    // `required` flipped but a default fills the value either way: callers cannot tell.
    rec.record(
      'parameter.metadata-changed',
      `Parameter \`${name}\` of ${owner} changed \`required\` to ${after.required === true}, with no effect on callers: it has a default`,
      { path: name, before: before.required, after: after.required },
    );
  }
  return false;
}

function compareConstraints(rec: Recorder, name: string, before: Dict, after: Dict, owner: string): void {
  const annotations: string[] = [];
  for (const key of keysOf(before, after)) {
    if (HANDLED_KEYS.has(key) || sameValue(before[key], after[key])) continue;
    if (isAnnotation(key)) {
      annotations.push(key);
      continue;
    }
    const from = before[key];
    const to = after[key];
    const details = { path: name, before: { [key]: from }, after: { [key]: to } };
    if (constraintNarrows(key, from, to)) {
      const dropped = key === 'enum' && Array.isArray(from) && Array.isArray(to) ? without(from, to) : [];
      const what =
        dropped.length > 0
          ? `no longer accepts ${dropped.map((value) => show(value)).join(', ')} (\`enum\`)`
          : from === undefined
            ? `gained the constraint \`${key}: ${show(to)}\``
            : `changed \`${key}\` from ${show(from)} to ${show(to)}`;
      rec.record(
        'parameter.constraint-narrowed',
        `Parameter \`${name}\` of ${owner} ${what}: values that passed before may be refused`,
        details,
      );
    } else {
      const what =
        to === undefined
          ? `dropped the constraint \`${key}\``
          : `relaxed \`${key}\` from ${show(from)} to ${show(to)}`;
      rec.record('parameter.constraint-widened', `Parameter \`${name}\` of ${owner} ${what}`, details);
    }
  }
  if (annotations.length > 0) {
    rec.record(
      'parameter.metadata-changed',
      `Parameter \`${name}\` of ${owner} changed ${annotations.map((key) => `\`${key}\``).join(', ')}`,
      {
        path: name,
        before: Object.fromEntries(annotations.map((key) => [key, before[key]])),
        after: Object.fromEntries(annotations.map((key) => [key, after[key]])),
      },
    );
  }
}

function compareOne(rec: Recorder, name: string, before: Dict, after: Dict): void {
  const owner = rec.label;
  compareType(rec, name, before, after, owner);
  const flipped = compareRequired(rec, name, before, after, owner);
  // When the default decided whether the parameter must be passed, the sentence above says so.
  if (!flipped && !sameValue(before.default, after.default)) {
    rec.record(
      'parameter.default-changed',
      `Default of parameter \`${name}\` of ${owner} changed from ${show(before.default)} to ${show(after.default)}: calls that omit it behave differently`,
      { path: name, before: before.default, after: after.default },
    );
  }
  if ((before.immutable === true) !== (after.immutable === true)) {
    if (after.immutable === true) {
      rec.record(
        'parameter.immutable',
        `Parameter \`${name}\` of ${owner} became immutable: callers that pass it will be refused`,
        { path: name, before: before.immutable, after: after.immutable },
      );
    } else {
      rec.record(
        'parameter.mutable',
        `Parameter \`${name}\` of ${owner} is no longer immutable: callers may set it`,
        {
          path: name,
          before: before.immutable,
          after: after.immutable,
        },
      );
    }
  }
  if ((before.secret === true) !== (after.secret === true)) {
    rec.record(
      'parameter.secret-changed',
      after.secret === true
        ? `Parameter \`${name}\` of ${owner} is now secret: its values are masked in logs`
        : `Parameter \`${name}\` of ${owner} is no longer secret: its values show in logs`,
      { path: name, before: before.secret, after: after.secret },
    );
  }
  if (!sameValue(before.description, after.description)) {
    rec.record('parameter.description', `Description of parameter \`${name}\` of ${owner} changed`, {
      path: name,
      before: before.description,
      after: after.description,
    });
  }
  compareConstraints(rec, name, before, after, owner);
}

/** Compares two `parameters` mappings of the same action or workflow. */
export function compareParameters(rec: Recorder, before: unknown, after: unknown): void {
  const from = recordOr(before);
  const to = recordOr(after);
  const owner = rec.label;
  for (const name of keysOf(from, to)) {
    const a = from[name];
    const b = to[name];
    if (a === undefined && b !== undefined) {
      const spec = recordOr(b);
      if (mustPass(spec)) {
        rec.record(
          'parameter.added-required',
          `Required parameter \`${name}\` without a default was added to ${owner}: existing calls do not pass it and will break`,
          { path: name, after: b },
        );
      } else {
        const what =
          spec.default === undefined
            ? `a new optional parameter \`${name}\``
            : `a new parameter \`${name}\` with default ${show(spec.default)}, which callers may omit`;
        rec.record('parameter.added', `${sentence(owner)} has ${what}`, {
          path: name,
          after: b,
        });
      }
    } else if (a !== undefined && b === undefined) {
      rec.record(
        'parameter.removed',
        `Parameter \`${name}\` of ${owner} was removed: callers that pass it will break`,
        { path: name, before: a },
      );
    } else if (canonical(a) !== canonical(b)) {
      // A parameter written as `null` or a scalar (`p:` with nothing) compares as an empty spec.
      compareOne(rec, name, isRecord(a) ? a : {}, isRecord(b) ? b : {});
    }
  }
}
