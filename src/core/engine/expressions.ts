/**
 * How the engine evaluates expressions. The engine builds Orquesta's evaluation context (workflow
 * variables plus `__current_task`, `__current_item` and `__state`) and hands it to an evaluator; the
 * Orquesta workflow functions (`ctx()`, `result()`, `succeeded()`, `failed()`, `completed()`,
 * `item()`, `task_status()`) read that context as orquesta/expressions/functions/workflow.py does.
 */
import { COMPLETED, isIn, S, type Status } from './statuses.js';

export type EvalContext = Record<string, unknown>;

/** Evaluates a value: strings with `<% %>` or `{{ }}` are evaluated, lists and maps recursively. */
export interface ExpressionEvaluator {
  evaluate(value: unknown, context: EvalContext): unknown;
}

/** What the environment gives expressions beyond the workflow: StackStorm's datastore for `st2kv()`. */
export interface EvaluatorEnvironment {
  st2kv?: Record<string, unknown>;
}

export type EvaluatorFactory = (environment: EvaluatorEnvironment) => ExpressionEvaluator;

/** An expression that failed at run time, with the expression and where in it. */
export class ExpressionEvaluationError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'ExpressionEvaluationError';
  }
}

/** The part of the workflow state the functions read. */
export interface StateView {
  tasks: Record<string, number>;
  sequence: { status?: Status }[];
  routes: string[][];
}

interface CurrentTask {
  id: string;
  route: number;
  result?: unknown;
}

function currentTask(context: EvalContext): CurrentTask {
  const task = context.__current_task as CurrentTask | undefined;
  if (!task) throw new Error('The current task is not set in the context.');
  return task;
}

/** `task_status(task_id[, route])`: looks back along earlier routes as Orquesta does. */
export function taskStatus(context: EvalContext, taskId: string, route?: number): Status {
  const r = route ?? (context.__current_task as CurrentTask | undefined)?.route ?? 0;
  const state = context.__state as StateView | undefined;
  const idx = state?.tasks[`${taskId}__r${r}`];
  if (idx === undefined) {
    if (r > 0 && state) {
      const current = state.routes[r] ?? [];
      const earlier = state.routes.slice(0, r).reverse();
      for (let i = 0; i < earlier.length; i++) {
        if (earlier[i]!.every((x) => current.includes(x))) return taskStatus(context, taskId, r - i - 1);
      }
    }
    return S.unset;
  }
  return state?.sequence[idx]?.status ?? S.unset;
}

/** Orquesta's workflow functions over an evaluation context, for the evaluator's scope. */
export const WORKFLOW_FUNCTIONS = {
  ctx(context: EvalContext, key?: string): unknown {
    const vars = Object.fromEntries(Object.entries(context).filter(([k]) => !k.startsWith('__')));
    if (key === undefined) return vars;
    if (!Object.hasOwn(vars, key)) throw new Error(`Variable "${key}" is referenced before assignment.`);
    return vars[key];
  },
  task_status(context: EvalContext, taskId: string, route?: number): Status {
    return taskStatus(context, taskId, route);
  },
  succeeded(context: EvalContext): boolean {
    const t = currentTask(context);
    return taskStatus(context, t.id, t.route) === S.succeeded;
  },
  failed(context: EvalContext): boolean {
    const t = currentTask(context);
    return taskStatus(context, t.id, t.route) === S.failed;
  },
  completed(context: EvalContext): boolean {
    const t = currentTask(context);
    return isIn(taskStatus(context, t.id, t.route), COMPLETED);
  },
  result(context: EvalContext): unknown {
    return currentTask(context).result ?? null;
  },
  item(context: EvalContext, key?: string): unknown {
    const item = context.__current_item;
    if (key === undefined) return item;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new Error('Item is not type of collections.abc.Mapping.');
    if (!Object.hasOwn(item, key)) throw new Error(`Item does not have key "${key}".`);
    return (item as Record<string, unknown>)[key];
  },
};
