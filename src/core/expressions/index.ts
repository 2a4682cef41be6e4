/**
 * The expression languages of Orquesta workflows, YAQL (`<% … %>`) and Jinja (`{{ … }}`, `{% … %}`),
 * followed exactly as StackStorm's Orquesta finds, checks and evaluates them. Pure: no I/O.
 *
 * Parsing
 * - `parseValue(text)`: split a string value into parts (text, YAQL, Jinja expressions and
 *   statements, each with offsets) and report every syntax error as Orquesta's `validate` would
 *   (including "Expression with multiple types is not supported."). Each error has the message, the
 *   expression as Orquesta prints it, the offset in the string and its line/column.
 * - `parseYaql(body)`, `parseJinja(body)`: one expression body on its own (offsets from 0).
 * - `hasYaql`, `hasJinja`, `hasJinjaStatements`: Orquesta's own detection (its regexes).
 *
 * Analysis (on a `ParsedValue`)
 * - `contextReads(parsed)`: the context variables read (`ctx().x`, `ctx('x')`, `ctx(x)`,
 *   `ctx()['x']`, `ctx().get('x', d)` as a safe read, YAQL `$.x` outside function arguments), each
 *   with its span.
 * - `functionCalls(parsed)`: functions, methods and filters called, with literal arguments.
 * - `orquestaVariableReferences(text)`: the names Orquesta's inspector extracts (its regexes, quirks
 *   included), for checks that must agree with `inspect()` case for case.
 * - `walkYaql`, `walkJinja`, `templateExpressions`: generic traversal of the ASTs.
 *
 * Evaluation
 * - `evaluate(parsedOrString, scope)`: Orquesta's rendering of one string value (a lone expression
 *   gives its raw value, otherwise the interpolated string with Python's `str()` of each value;
 *   string results expanded again; Jinja statements rendered as a template). `evaluateDeep` walks
 *   dicts and lists. Errors are `ExpressionEvaluationError` (Python exception kind, Orquesta's
 *   message, the expression and its offset, line and column).
 * - `scope.functions`: the functions expressions call by name (YAQL functions, Jinja globals and
 *   filters), before YAQL's library and Jinja's built-ins. `orquestaFunctions(state)` builds
 *   Orquesta's own (`ctx`, `result`, `succeeded`, `failed`, `completed`, `item`, `task_status`,
 *   `json`, `zip`) over a state the caller owns.
 * - `pythonStr(value)`: how Orquesta writes a value into a string (`None`, `True`, `{'a': 1}`).
 *
 * Every AST node has `start`/`end` offsets into the whole string value.
 */
export {
  type CallArgument,
  type ContextRead,
  type ContextReadKind,
  contextReads,
  type FunctionCall,
  functionCalls,
  orquestaVariableReferences,
  templateExpressions,
  walkJinja,
  walkYaql,
} from './analysis.js';
export { evaluate, evaluateDeep } from './evaluate.js';
export {
  type EvaluationScope,
  ExpressionEvaluationError,
  type ExpressionFunction,
} from './evaluation-types.js';
export { orquestaFunctions, type WorkflowExpressionState } from './orquesta-functions.js';
export { hasJinja, hasJinjaStatements, hasYaql, parseValue } from './parse-value.js';
export { pyStr as pythonStr } from './py-values.js';
export type * from './types.js';

import { parseJinjaExpressionBody } from './jinja-parser.js';
import { SyntaxFailure, syntaxError } from './positions.js';
import type { ExpressionSyntaxError, JinjaNode, YaqlNode } from './types.js';
import { parseYaqlBody } from './yaql-parser.js';

/** The result of parsing one expression body: its AST, or its syntax error. */
export type ParseResult<Node> = { ok: true; ast: Node } | { ok: false; error: ExpressionSyntaxError };

function parseBody<Node>(language: 'yaql' | 'jinja', body: string, parse: () => Node): ParseResult<Node> {
  try {
    return { ok: true, ast: parse() };
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    return { ok: false, error: syntaxError(language, body, body, failure.message, failure.offset) };
  }
}

/** Parses a YAQL expression body (the text between `<%` and `%>`). */
export function parseYaql(body: string): ParseResult<YaqlNode> {
  return parseBody('yaql', body, () => parseYaqlBody(body));
}

/**
 * Parses a Jinja expression body (the text between `{{` and `}}`); like Jinja's `compile_expression`,
 * text after the expression is an error.
 */
export function parseJinja(body: string): ParseResult<JinjaNode> {
  return parseBody('jinja', body, () => parseJinjaExpressionBody(body, 0, body.length, true));
}
