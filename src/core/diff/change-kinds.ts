/**
 * Every kind of change the semantic diff reports, with its weight and the reason for it. This table is
 * the single place where weights are decided; comparers only pick the kind.
 *
 * The question behind every weight: does a caller of the old version (a workflow that calls this
 * action, a person who runs this pattern, a package that depends on this one) break?
 * - **major**: yes, some correct call against the old version now fails or reads something missing;
 * - **minor**: no, but the contract grew or the behaviour visible in the definition changed
 *   (new parameter, new action, different task graph);
 * - **patch**: no, and nothing a caller relies on moved (descriptions, docs, script bodies).
 *
 * Where one YAML edit can go either way (adding a parameter, changing its type or its `required`), the
 * comparer decides the direction and picks one of two kinds, so each kind has exactly one weight and
 * scripts can rely on it.
 *
 * | kind | weight | why |
 * | --- | --- | --- |
 * | parameter.added | minor | a new parameter callers may omit (optional, or required with a default) |
 * | parameter.added-required | major | required without a default: no existing call passes it |
 * | parameter.removed | major | StackStorm refuses undeclared parameters: calls that pass it fail |
 * | parameter.retyped | major | the accepted types changed other than by widening: valid values may be refused |
 * | parameter.type-widened | minor | every type accepted before still is |
 * | parameter.required | major | now required with no default: calls that omit it fail |
 * | parameter.optional | minor | calls may now omit it |
 * | parameter.default-changed | minor | calls that omit it behave differently, but none fails |
 * | parameter.constraint-narrowed | major | `enum`, `minimum`, `pattern`… now refuse values that passed |
 * | parameter.constraint-widened | minor | the constraint accepts everything it did, and more |
 * | parameter.immutable | major | StackStorm refuses a value for an immutable parameter |
 * | parameter.mutable | minor | callers may now set it |
 * | parameter.secret-changed | patch | only masking in logs and the UI changes |
 * | parameter.description | patch | documentation |
 * | parameter.metadata-changed | patch | annotations (`position`, `title`, `examples`…) |
 * | output.added | minor | callers may read something new |
 * | output.removed | major | callers that read it get nothing |
 * | output.retyped | major | an action's output_schema property changed type: readers may misread it |
 * | output.changed | minor | a workflow output is computed differently under the same name |
 * | output-schema.changed | minor | an output property's schema changed beyond its type (items, properties…) |
 * | output.description | patch | documentation |
 * | task.added | minor | the task graph changed |
 * | task.removed | minor | the task graph changed (callers see only parameters and outputs) |
 * | task.action-changed | minor | a task calls another action |
 * | task.input-changed | minor | a task is called with other values |
 * | task.transitions-changed | minor | the graph's edges or conditions changed |
 * | task.publish-changed | minor | other variables are published |
 * | task.options-changed | minor | `join`, `with`, `retry`, `delay` or another task key changed |
 * | vars.changed | minor | the workflow's initial variables changed |
 * | workflow.input-changed | minor | the Orquesta `input` block changed (the parameters carry the contract) |
 * | workflow.added | minor | a new pattern |
 * | workflow.removed | major | callers of the pattern (people, sub-workflow tasks) break |
 * | workflow.other-changed | minor | an unrecognised key changed: its meaning is unknown, so not patch |
 * | workflow.metadata-changed | patch | StackStorm annotations kept from an import (`pack`, `tags`) |
 * | action.added | minor | a new action |
 * | action.removed | major | tasks that call it break |
 * | action.runner-changed | major | the runner's own parameters (`hosts`, `cwd`, `env`…) callers may pass change with it |
 * | action.entry-point-changed | patch | another script file: like a script body change |
 * | action.disabled | major | StackStorm refuses to run a disabled action |
 * | action.enabled | minor | the action can now be run |
 * | action.metadata-changed | patch | annotations (`tags`, `pack`) |
 * | action.other-changed | minor | an unrecognised key changed: its meaning is unknown, so not patch |
 * | description.changed | patch | documentation (manifest, workflow or action) |
 * | dependency.added | minor | the package needs one more package installed |
 * | dependency.removed | minor | consumers must declare what they call themselves, so none relies on it |
 * | dependency.range-changed | minor | installs may resolve other versions of the dependency |
 * | manifest.kind-changed | major | a pattern package became an action package or back |
 * | stackstorm.pack-changed | major | the StackStorm pack ref changed: every `pack.action` reference to it breaks |
 * | python-version.dropped | major | a Python version the pack supported is no longer supported |
 * | python-version.added | minor | one more Python version supported |
 * | requirement.added | minor | one more Python package is installed with the pack |
 * | requirement.removed | minor | one Python package fewer (the pack's own code stops using it) |
 * | requirement.changed | minor | another version of a Python package may be installed |
 * | manifest.metadata-changed | patch | keywords, license, authors, repository, homepage, files… |
 * | file.added | patch | docs, scripts and other files are not part of the calling contract |
 * | file.removed | patch | as above (a removed entry point is caught by validation) |
 * | file.changed | patch | script bodies, docs; also reformatted YAML with no semantic change |
 * | file.unparsed | major | a workflow, action or manifest could not be parsed, so its changes cannot be judged |
 */
import type { Weight } from './types.js';

export interface ChangeRule {
  weight: Weight;
  /** Why it weighs what it weighs, for docs and `--explain` style output. */
  why: string;
}

export const CHANGE_KINDS = {
  'parameter.added': { weight: 'minor', why: 'a new parameter callers may omit' },
  'parameter.added-required': {
    weight: 'major',
    why: 'a required parameter without a default: no existing call passes it',
  },
  'parameter.removed': { weight: 'major', why: 'calls that pass an undeclared parameter are refused' },
  'parameter.retyped': { weight: 'major', why: 'values of the old types may be refused' },
  'parameter.type-widened': { weight: 'minor', why: 'every type accepted before still is' },
  'parameter.required': { weight: 'major', why: 'calls that omit it fail' },
  'parameter.optional': { weight: 'minor', why: 'calls may now omit it' },
  'parameter.default-changed': {
    weight: 'minor',
    why: 'calls that omit it behave differently, but none fails',
  },
  'parameter.constraint-narrowed': { weight: 'major', why: 'values that passed may now be refused' },
  'parameter.constraint-widened': { weight: 'minor', why: 'everything accepted before still is' },
  'parameter.immutable': { weight: 'major', why: 'a value for an immutable parameter is refused' },
  'parameter.mutable': { weight: 'minor', why: 'callers may now set it' },
  'parameter.secret-changed': { weight: 'patch', why: 'only masking in logs and the UI changes' },
  'parameter.description': { weight: 'patch', why: 'documentation' },
  'parameter.metadata-changed': { weight: 'patch', why: 'annotations only' },
  'output.added': { weight: 'minor', why: 'callers may read something new' },
  'output.removed': { weight: 'major', why: 'callers that read it get nothing' },
  'output.retyped': { weight: 'major', why: 'readers may misread the new type' },
  'output.changed': { weight: 'minor', why: 'computed differently under the same name' },
  'output-schema.changed': { weight: 'minor', why: 'the output’s shape changed beyond its type' },
  'output.description': { weight: 'patch', why: 'documentation' },
  'task.added': { weight: 'minor', why: 'the task graph changed' },
  'task.removed': { weight: 'minor', why: 'the task graph changed' },
  'task.action-changed': { weight: 'minor', why: 'a task calls another action' },
  'task.input-changed': { weight: 'minor', why: 'a task is called with other values' },
  'task.transitions-changed': { weight: 'minor', why: 'the graph’s edges or conditions changed' },
  'task.publish-changed': { weight: 'minor', why: 'other variables are published' },
  'task.options-changed': { weight: 'minor', why: 'join, with, retry or delay changed' },
  'vars.changed': { weight: 'minor', why: 'the initial variables changed' },
  'workflow.input-changed': { weight: 'minor', why: 'the Orquesta input block changed' },
  'workflow.added': { weight: 'minor', why: 'a new pattern' },
  'workflow.removed': { weight: 'major', why: 'callers of the pattern break' },
  'workflow.other-changed': { weight: 'minor', why: 'an unrecognised key changed' },
  'workflow.metadata-changed': { weight: 'patch', why: 'annotations only' },
  'action.added': { weight: 'minor', why: 'a new action' },
  'action.removed': { weight: 'major', why: 'tasks that call it break' },
  'action.runner-changed': {
    weight: 'major',
    why: 'the runner’s own parameters (hosts, cwd, env…) change with it',
  },
  'action.entry-point-changed': { weight: 'patch', why: 'another script file, like a script body change' },
  'action.disabled': { weight: 'major', why: 'a disabled action is refused' },
  'action.enabled': { weight: 'minor', why: 'the action can now be run' },
  'action.metadata-changed': { weight: 'patch', why: 'annotations only' },
  'action.other-changed': { weight: 'minor', why: 'an unrecognised key changed' },
  'description.changed': { weight: 'patch', why: 'documentation' },
  'dependency.added': { weight: 'minor', why: 'one more package is installed' },
  'dependency.removed': { weight: 'minor', why: 'consumers declare what they call themselves' },
  'dependency.range-changed': { weight: 'minor', why: 'installs may resolve other versions' },
  'manifest.kind-changed': { weight: 'major', why: 'the package is of another kind' },
  'stackstorm.pack-changed': { weight: 'major', why: 'every pack.action reference to the pack breaks' },
  'python-version.dropped': { weight: 'major', why: 'installations on that Python version break' },
  'python-version.added': { weight: 'minor', why: 'one more Python version supported' },
  'requirement.added': { weight: 'minor', why: 'one more Python package is installed' },
  'requirement.removed': { weight: 'minor', why: 'one Python package fewer is installed' },
  'requirement.changed': { weight: 'minor', why: 'another version of a Python package may be installed' },
  'manifest.metadata-changed': { weight: 'patch', why: 'package metadata only' },
  'file.added': { weight: 'patch', why: 'not part of the calling contract' },
  'file.removed': { weight: 'patch', why: 'not part of the calling contract' },
  'file.changed': { weight: 'patch', why: 'script bodies, docs, formatting' },
  'file.unparsed': { weight: 'major', why: 'its changes cannot be judged' },
} as const satisfies Record<string, ChangeRule>;

/** A stable change kind, e.g. `parameter.removed`. */
export type ChangeKind = keyof typeof CHANGE_KINDS;

/** The weight of a kind of change. */
export function weightOf(kind: ChangeKind): Weight {
  return CHANGE_KINDS[kind].weight;
}

/** Weights from the largest down: the order reports and sorting use. */
export const WEIGHTS: readonly Weight[] = ['major', 'minor', 'patch'];

/** Numeric rank of a weight or bump, for comparing sizes: none 0, patch 1, minor 2, major 3. */
export function rankOf(weight: Weight | 'none'): number {
  return weight === 'major' ? 3 : weight === 'minor' ? 2 : weight === 'patch' ? 1 : 0;
}
