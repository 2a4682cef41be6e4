/**
 * The engine's expressions, evaluated by `src/core/expressions` with Orquesta's functions over the
 * conductor's context, plus StackStorm's `st2kv()` over the values a test case (or run) supplies.
 */
import { type ExpressionFunction, evaluateDeep, orquestaFunctions } from '../expressions/index.js';
import type { EvalContext, EvaluatorEnvironment, ExpressionEvaluator } from './expressions.js';
import { taskStatus } from './expressions.js';

function st2kv(values: Record<string, unknown>): ExpressionFunction {
  return ([key]) => {
    const name = String(key);
    if (!Object.hasOwn(values, name)) {
      const error = new Error(
        `Referenced datastore item "${name}" doesn't exist or it contains an empty string`,
      );
      error.name = 'ValueError';
      throw error;
    }
    return values[name];
  };
}

/** An evaluator for the conductor; throws the expressions module's `ExpressionEvaluationError`. */
export function evaluatorForEngine(environment: EvaluatorEnvironment = {}): ExpressionEvaluator {
  const datastore = st2kv(environment.st2kv ?? {});
  return {
    evaluate(value: unknown, context: EvalContext): unknown {
      const current = context.__current_task as { id: string; route: number; result?: unknown } | undefined;
      const functions = {
        ...orquestaFunctions({
          vars: context,
          currentTask: current ?? null,
          currentItem: context.__current_item,
          taskStatus: (id, route) => taskStatus(context, id, route),
        }),
        st2kv: datastore,
      };
      return evaluateDeep(value, { functions });
    },
  };
}
