/**
 * How the engine evaluates expressions. The engine builds Orquesta's evaluation context (workflow
 * variables plus `__current_task`, `__current_item` and `__state`) and hands it to an evaluator;
 * `evaluator.ts` wires the one in `src/core/expressions`, whose errors
 * (`ExpressionEvaluationError`: kind, message, expression and offset) the conductor reports.
 */
import type { Status } from './statuses.js';
import { S } from './statuses.js';

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

/** The part of the workflow state `task_status()` reads. */
export interface StateView {
  tasks: Record<string, number>;
  sequence: { status?: Status }[];
  routes: string[][];
}

/**
 * A task's status on a route, as Orquesta's `task_status` finds it: when the task has no entry on
 * this route, the nearest earlier route that this one extends is asked (the task ran before a split).
 */
export function taskStatus(context: EvalContext, taskId: string, route: number): Status {
  const state = context.__state as StateView | undefined;
  const idx = state?.tasks[`${taskId}__r${route}`];
  if (idx === undefined) {
    if (route > 0 && state) {
      const current = state.routes[route] ?? [];
      const earlier = state.routes.slice(0, route).reverse();
      for (let i = 0; i < earlier.length; i++) {
        if (earlier[i]!.every((x) => current.includes(x))) return taskStatus(context, taskId, route - i - 1);
      }
    }
    return S.unset;
  }
  return state?.sequence[idx]?.status ?? S.unset;
}
