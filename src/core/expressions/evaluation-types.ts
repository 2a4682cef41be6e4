import { lineColumn } from './positions.js';
import type { ExpressionLanguage } from './types.js';

/**
 * A function callable from expressions (`ctx()`, `result()`, `task_status('x')`, …): positional
 * arguments, then keyword arguments (YAQL `pad => 0`, Jinja `pad=0`), then which language calls it
 * (YAQL hands Python functions frozen copies of dicts, so `isinstance(x, dict)` differs). Values are
 * plain JSON-like JavaScript values; to fail as Orquesta's functions do, throw an Error whose `name`
 * is the Python exception's class (`VariableUndefinedError`, `ExpressionEvaluationException`, …).
 */
export type ExpressionFunction = (
  args: unknown[],
  kwargs: Record<string, unknown>,
  call: { language: ExpressionLanguage },
) => unknown;

/** What an expression can see: the functions Orquesta provides, by name, in both languages. */
export interface EvaluationScope {
  functions: Readonly<Record<string, ExpressionFunction>>;
}

/**
 * An expression that failed to evaluate. `kind` is the Python exception class Orquesta reports
 * (`KeyError`, `TypeError`, `UndefinedError`, `NoFunctionRegisteredException`, …), `YaqlGrammarException`
 * or `TemplateSyntaxError` for a syntax error, `UnresolvedVariables` for Jinja's "There are unresolved
 * variables". `message` is Orquesta's message; `expression` the expression as written, `offset` its
 * offset in the string value.
 */
export class ExpressionEvaluationError extends Error {
  override readonly name = 'ExpressionEvaluationError';
  readonly line: number;
  readonly column: number;

  constructor(
    readonly kind: string,
    message: string,
    readonly language: ExpressionLanguage,
    readonly expression: string,
    readonly text: string,
    readonly offset: number,
  ) {
    super(message);
    const { line, column } = lineColumn(text, offset);
    this.line = line;
    this.column = column;
  }
}
