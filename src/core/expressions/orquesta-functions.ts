/**
 * The functions Orquesta gives expressions (orquesta/expressions/functions/*.py), built over a
 * workflow state the caller owns: `ctx`, `json`, `zip`, `item`, `task_status`, `succeeded`,
 * `failed`, `completed`, `result`. The engine passes its own state; nothing here is global.
 */
import type { ExpressionFunction } from './evaluation-types.js';
import { list, tuple } from './py-values.js';

/** Task statuses Orquesta counts as completed. */
const COMPLETED = new Set(['succeeded', 'failed', 'expired', 'abandoned', 'canceled']);

/** The workflow state the functions read. */
export interface WorkflowExpressionState {
  /** The workflow's context variables (inputs, vars, published names). */
  vars: Readonly<Record<string, unknown>>;
  /** The task whose transition or input is being evaluated, with its action's result. */
  currentTask?: { id: string; route: number; result?: unknown } | null;
  /** A task's status on a route (Orquesta's `'null'` when it has none). */
  taskStatus?: (taskId: string, route: number) => string;
  /** The with-items item being processed (`undefined` outside with-items). */
  currentItem?: unknown;
}

/** An error named like Orquesta's exception, so evaluation errors report the same kind. */
function orquestaError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** `json.loads`: a Python list for every JSON array. */
function parseJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw orquestaError('JSONDecodeError', (error as Error).message);
  }
  const mark = (item: unknown): unknown => {
    if (Array.isArray(item)) return list(item.map(mark));
    if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item)) (item as Record<string, unknown>)[key] = mark(child);
    }
    return item;
  };
  return mark(value);
}

function currentTask(state: WorkflowExpressionState): { id: string; route: number; result?: unknown } {
  if (!state.currentTask) {
    throw orquestaError('ExpressionEvaluationException', 'The current task is not set in the context.');
  }
  return state.currentTask;
}

function statusOf(state: WorkflowExpressionState, taskId: string, route?: number): string {
  const on = route ?? state.currentTask?.route ?? 0;
  return state.taskStatus ? state.taskStatus(taskId, on) : 'null';
}

/** Python's iteration of an argument: a list, a string's characters, a dict's keys; None is empty. */
function iterate(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (typeof value === 'object') return Object.keys(value);
  const type = typeof value === 'boolean' ? 'bool' : Number.isInteger(value) ? 'int' : 'float';
  throw orquestaError('TypeError', `'${type}' object is not iterable`);
}

function zipLongest(lists: unknown[][], pad: unknown): unknown[][] {
  const length = Math.max(...lists.map((list) => list.length));
  const out: unknown[][] = [];
  for (let index = 0; index < length; index += 1) {
    out.push(lists.map((list) => (index < list.length ? list[index] : pad)));
  }
  return out;
}

/** Orquesta's expression functions over `state`, ready for an EvaluationScope. */
export function orquestaFunctions(state: WorkflowExpressionState): Record<string, ExpressionFunction> {
  return {
    ctx: ([key]) => {
      if (key === undefined || key === null || key === '') {
        return Object.fromEntries(Object.entries(state.vars).filter(([name]) => !name.startsWith('__')));
      }
      const name = String(key);
      if (!Object.hasOwn(state.vars, name)) {
        throw orquestaError('VariableUndefinedError', `The variable "${name}" is undefined.`);
      }
      if (name.startsWith('__')) {
        throw orquestaError(
          'VariableInaccessibleError',
          `The variable "${name}" is for internal use and inaccessible.`,
        );
      }
      return state.vars[name];
    },
    json: ([text], _kwargs, { language }) => {
      if (typeof text === 'string') return parseJson(text);
      // Orquesta returns a dict as it is; YAQL passes a FrozenDict, which is not a dict.
      if (language === 'jinja' && text !== null && typeof text === 'object' && !Array.isArray(text))
        return text;
      throw orquestaError('TypeError', 'Given object is not typeof string.');
    },
    zip: (args, kwargs) => {
      if (args.length === 1) return args[0] ?? [];
      const lists = args.map(iterate);
      return list(zipLongest(lists, kwargs.pad ?? null).map(tuple));
    },
    item: ([key]) => {
      const item = state.currentItem ?? null;
      if (key === undefined || key === null || key === '') return item;
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw orquestaError('ExpressionEvaluationException', 'Item is not type of collections.abc.Mapping.');
      }
      const name = String(key);
      if (!Object.hasOwn(item, name)) {
        throw orquestaError('ExpressionEvaluationException', `Item does not have key "${name}".`);
      }
      return (item as Record<string, unknown>)[name];
    },
    task_status: ([taskId, route]) => statusOf(state, String(taskId), route as number | undefined),
    succeeded: () => {
      const task = currentTask(state);
      return statusOf(state, task.id, task.route) === 'succeeded';
    },
    failed: () => {
      const task = currentTask(state);
      return statusOf(state, task.id, task.route) === 'failed';
    },
    completed: () => {
      const task = currentTask(state);
      return COMPLETED.has(statusOf(state, task.id, task.route));
    },
    result: () => currentTask(state).result ?? null,
  };
}
