/**
 * Typed, located views of parsed action and workflow documents. Built defensively from `unknown`, so
 * the semantic rules can run (and report) even on a document that also has schema errors.
 */

import { pointerTo } from '../json-pointer.js';
import type { ParsedDoc } from '../package-docs.js';
import type { ParameterSpec } from '../types.js';
import { parseInlineParams, splitInlineAction } from './inline-params.js';
import { isRecord, oneKeyEntry, stringOf } from './values.js';

/** A name with where it was declared. */
export interface LocatedName {
  name: string;
  pointer: string;
}

/** An action's metadata, each field undefined when absent or of the wrong type. */
export interface ActionModel {
  file: string;
  stem: string;
  name: string | undefined;
  description: string | undefined;
  runnerType: string | undefined;
  entryPoint: string | undefined;
  parameters: Record<string, ParameterSpec>;
  outputSchema: Record<string, unknown> | undefined;
}

/** A task's `input`, as far as its keys can be known before run time. */
export type TaskInput =
  /** No input at all. */
  | { kind: 'none' }
  /** One expression giving the whole input map: its keys cannot be checked. */
  | { kind: 'expression'; pointer: string }
  /** A map (or inline `name=value` parameters on the action line). */
  | { kind: 'map'; pointer: string; keys: LocatedName[] };

/** One entry of a task's `next`. */
export interface TransitionModel {
  pointer: string;
  /** Task names (or engine commands) in `do`, each with the pointer of where it is written. */
  targets: LocatedName[];
  /** Names the transition publishes into the workflow context. */
  publishes: LocatedName[];
  /** The `when` condition as written, when there is one. */
  when: string | undefined;
}

/** One task of a workflow, keyed by its name in `tasks`. */
export interface TaskModel {
  name: string;
  pointer: string;
  /** The action reference without inline parameters, and where `action:` is. */
  action: { ref: string; pointer: string } | undefined;
  input: TaskInput;
  transitions: TransitionModel[];
  join: { value: 'all' | number; pointer: string } | undefined;
  /** `with`: the items expression (a string, or `items` of a map) and its concurrency, as written. */
  withItems: { items: string; concurrency: string | undefined } | undefined;
  /** Whether the task has a `retry` policy. */
  retry: boolean;
}

/** A workflow file: its metadata and the names its Orquesta definition declares. */
export interface WorkflowModel {
  file: string;
  stem: string;
  name: string | undefined;
  description: string | undefined;
  parameters: Record<string, ParameterSpec>;
  /** The `workflow:` block as parsed, and its pointer (`/workflow`). */
  definition: unknown;
  definitionPointer: string;
  inputs: LocatedName[];
  vars: LocatedName[];
  outputs: LocatedName[];
  tasks: TaskModel[];
}

const DEFINITION_POINTER = '/workflow';

function parametersOf(value: unknown): Record<string, ParameterSpec> {
  const parameters: Record<string, ParameterSpec> = {};
  if (!isRecord(value)) return parameters;
  for (const [name, spec] of Object.entries(value)) {
    parameters[name] = isRecord(spec) ? (spec as ParameterSpec) : {};
  }
  return parameters;
}

/** Names of an Orquesta list of bare names and/or one-key maps (`input`, `vars`, `output`, `publish`). */
function namesOfList(value: unknown, pointer: string): LocatedName[] {
  if (!Array.isArray(value)) return [];
  const names: LocatedName[] = [];
  value.forEach((item, index) => {
    const name = typeof item === 'string' ? item : oneKeyEntry(item)?.[0];
    if (name !== undefined) names.push({ name, pointer: pointerTo(pointer, index) });
  });
  return names;
}

function publishesOf(value: unknown, pointer: string): LocatedName[] {
  if (typeof value === 'string') {
    return parseInlineParams(value).map((param) => ({ name: param.name, pointer }));
  }
  return namesOfList(value, pointer);
}

function targetsOf(value: unknown, pointer: string): LocatedName[] {
  if (typeof value === 'string') {
    return value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0)
      .map((name) => ({ name, pointer }));
  }
  if (!Array.isArray(value)) return [];
  const targets: LocatedName[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string') targets.push({ name: item.trim(), pointer: pointerTo(pointer, index) });
  });
  return targets;
}

function transitionsOf(value: unknown, pointer: string): TransitionModel[] {
  if (!Array.isArray(value)) return [];
  return value.map((item, index) => {
    const at = pointerTo(pointer, index);
    const transition = isRecord(item) ? item : {};
    return {
      pointer: at,
      targets: targetsOf(transition.do, pointerTo(at, 'do')),
      publishes: publishesOf(transition.publish, pointerTo(at, 'publish')),
      when: transition.when === undefined || transition.when === null ? undefined : String(transition.when),
    };
  });
}

function taskOf(name: string, value: unknown, pointer: string): TaskModel {
  const task = isRecord(value) ? value : {};
  const actionText = stringOf(task.action);
  const actionPointer = pointerTo(pointer, 'action');
  const inline = actionText === undefined ? undefined : splitInlineAction(actionText);
  let input: TaskInput = { kind: 'none' };
  if (inline && inline.params.length > 0) {
    // Orquesta lets inline parameters on the action line replace `input:`.
    input = {
      kind: 'map',
      pointer: actionPointer,
      keys: inline.params.map((param) => ({ name: param.name, pointer: actionPointer })),
    };
  } else if (typeof task.input === 'string') {
    input = { kind: 'expression', pointer: pointerTo(pointer, 'input') };
  } else if (isRecord(task.input)) {
    const inputPointer = pointerTo(pointer, 'input');
    input = {
      kind: 'map',
      pointer: inputPointer,
      keys: Object.keys(task.input).map((key) => ({ name: key, pointer: pointerTo(inputPointer, key) })),
    };
  }
  const join = task.join === 'all' || typeof task.join === 'number' ? task.join : undefined;
  return {
    name,
    pointer,
    action: inline ? { ref: inline.ref, pointer: actionPointer } : undefined,
    input,
    transitions: transitionsOf(task.next, pointerTo(pointer, 'next')),
    join: join === undefined ? undefined : { value: join, pointer: pointerTo(pointer, 'join') },
    withItems: withItemsOf(task.with),
    retry: isRecord(task.retry),
  };
}

/** Orquesta's `with`: `with: <% items %>` or `with: { items: …, concurrency: … }`. */
function withItemsOf(value: unknown): TaskModel['withItems'] {
  if (typeof value === 'string') return { items: value, concurrency: undefined };
  if (!isRecord(value) || value.items === undefined || value.items === null) return undefined;
  const concurrency = value.concurrency;
  return {
    items: String(value.items),
    concurrency: concurrency === undefined || concurrency === null ? undefined : String(concurrency),
  };
}

/** Builds the located view of an `actions/<name>.yaml` document. */
export function actionModelOf(doc: ParsedDoc): ActionModel {
  const action = isRecord(doc.doc) ? doc.doc : {};
  return {
    file: doc.file,
    stem: doc.stem,
    name: stringOf(action.name),
    description: stringOf(action.description),
    runnerType: stringOf(action.runner_type),
    entryPoint: stringOf(action.entry_point),
    parameters: parametersOf(action.parameters),
    outputSchema: isRecord(action.output_schema) ? action.output_schema : undefined,
  };
}

/** Builds the located view of a `workflows/<name>.yaml` document. */
export function workflowModelOf(doc: ParsedDoc): WorkflowModel {
  const workflow = isRecord(doc.doc) ? doc.doc : {};
  const definition = isRecord(workflow.workflow) ? workflow.workflow : {};
  const tasksPointer = pointerTo(DEFINITION_POINTER, 'tasks');
  const tasks = isRecord(definition.tasks)
    ? Object.entries(definition.tasks).map(([name, task]) =>
        taskOf(name, task, pointerTo(tasksPointer, name)),
      )
    : [];
  return {
    file: doc.file,
    stem: doc.stem,
    name: stringOf(workflow.name),
    description: stringOf(workflow.description),
    parameters: parametersOf(workflow.parameters),
    definition: workflow.workflow,
    definitionPointer: DEFINITION_POINTER,
    inputs: namesOfList(definition.input, pointerTo(DEFINITION_POINTER, 'input')),
    vars: namesOfList(definition.vars, pointerTo(DEFINITION_POINTER, 'vars')),
    outputs: namesOfList(definition.output, pointerTo(DEFINITION_POINTER, 'output')),
    tasks,
  };
}
