/**
 * Orquesta's rules for turning a string value into a value (orquesta/expressions/yql.py, jinja.py):
 * - a string that is exactly one expression evaluates to the expression's raw value; otherwise each
 *   expression's text is replaced (everywhere it occurs) by Python's `str()` of its value;
 * - a string result is evaluated again (a variable holding `<% … %>` is expanded);
 * - Jinja: a string with `{% %}` statements is rendered as a whole template, then expanded again;
 *   `{% raw %}` blocks are set aside first; an expression left unevaluated (StrictUndefined) ends in
 *   "There are unresolved variables: …";
 * - a string with both languages is evaluated as YAQL (Orquesta tries YAQL first).
 */
import { type EvaluationScope, ExpressionEvaluationError } from './evaluation-types.js';
import { evaluateJinjaNode, renderJinjaTemplate } from './jinja-eval.js';
import { parseJinjaExpressionBody, parseJinjaTemplate } from './jinja-parser.js';
import { hasJinja, hasYaql, parseValue, stripDelimiters } from './parse-value.js';
import { SyntaxFailure } from './positions.js';
import { JinjaUndefined, PyError, pyStr, toPlain } from './py-values.js';
import type { ExpressionLanguage, JinjaNode, JinjaTemplateNode, ParsedValue, YaqlNode } from './types.js';
import { evaluateYaqlNode } from './yaql-eval.js';
import { parseYaqlBody } from './yaql-parser.js';

const YAQL = /<%.*?%>/g;
const JINJA_EXPRESSION = /\{\{.*?\}\}/g;
const JINJA_STATEMENT = /\{%.*?%\}/;
const RAW_BLOCK = /\{% raw %\}.*?\{% endraw %\}/g;
/** Orquesta has no limit of its own; Python stops at its recursion limit. */
const MAX_DEPTH = 32;
/** Entries per parse memo before it starts afresh. */
const CACHE_LIMIT = 2000;

/** Where the outermost expression being evaluated sits, for errors. */
interface Origin {
  text: string;
  scope: EvaluationScope;
  depth: number;
  /** Offset of the expression in the original string, once known. */
  offset: number | null;
}

function fail(
  origin: Origin,
  language: ExpressionLanguage,
  kind: string,
  message: string,
  expression: string,
  offset: number,
): never {
  throw new ExpressionEvaluationError(
    kind,
    message,
    language,
    expression,
    origin.text,
    origin.offset ?? offset,
  );
}

/** Where in the string value an error points: the failing node at the top level, else the expression. */
function errorOffset(origin: Origin, error: unknown, fallback: number): number {
  if (origin.offset === null && error instanceof PyError && error.offset !== undefined) return error.offset;
  if (origin.offset === null && error instanceof SyntaxFailure) return error.offset;
  return fallback;
}

/** The Python exception behind a failure; anything else is a bug of ours and goes up as it is. */
function pythonMessage(error: unknown): { kind: string; detail: string } {
  if (error instanceof PyError) return { kind: error.type, detail: error.message };
  if (error instanceof SyntaxFailure) return { kind: 'SyntaxError', detail: error.message };
  if (error instanceof ExpressionEvaluationError) return { kind: error.kind, detail: error.message };
  throw error;
}

function deeper(origin: Origin, offset: number): Origin {
  if (origin.depth >= MAX_DEPTH) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
  return { ...origin, depth: origin.depth + 1, offset: origin.offset ?? offset };
}

/** Python's `str.replace(old, new)`: every occurrence, no replacement patterns. */
function replaceAll(text: string, old: string, replacement: string): string {
  return text.split(old).join(replacement);
}

// --------------------------------------------------------------------------------------------- YAQL

function evaluateYaqlText(text: string, origin: Origin, parsed: ParsedValue | null): unknown {
  let output: unknown = text;
  const matches = [...text.matchAll(YAQL)];
  const parts = parsed?.parts.filter((part) => part.kind === 'yaql') ?? null;
  for (const [position, match] of matches.entries()) {
    const expr = match[0];
    let ast: YaqlNode;
    const part = parts?.[position];
    try {
      if (part?.kind === 'yaql' && part.ast) {
        ast = part.ast;
      } else {
        const { body, bodyStart } = stripDelimiters(expr, match.index, '<%>');
        ast = parseYaqlBody(text, bodyStart, bodyStart + body.length);
      }
    } catch (error) {
      const kind = (error as Error).message.startsWith('Lexical')
        ? 'YaqlLexicalException'
        : 'YaqlGrammarException';
      const detail = (error as Error).message;
      fail(
        origin,
        'yaql',
        kind,
        `Unable to evaluate expression '${expr}'. ${kind}: ${detail}`,
        expr,
        errorOffset(origin, error, match.index),
      );
    }
    let result: unknown;
    try {
      result = evaluateYaqlNode(ast, origin.scope);
      if (typeof result === 'string') result = evaluateYaqlText(result, deeper(origin, match.index), null);
    } catch (error) {
      if (error instanceof ExpressionEvaluationError) throw error;
      const { kind, detail } = pythonMessage(error);
      const message =
        kind === 'KeyError'
          ? `Unable to resolve key '${detail}' in expression '${expr}' from context.`
          : `Unable to evaluate expression '${expr}'. ${kind}: ${detail}`;
      fail(origin, 'yaql', kind, message, expr, errorOffset(origin, error, match.index));
    }
    if (matches.length > 1 || (output as string).length > expr.length) {
      output = replaceAll(output as string, expr, pyStr(result));
    } else {
      output = result;
    }
  }
  return output;
}

// -------------------------------------------------------------------------------------------- Jinja

function jinjaFailure(origin: Origin, expr: string, offset: number, error: unknown): never {
  if (error instanceof ExpressionEvaluationError) throw error;
  let { kind, detail } = pythonMessage(error);
  if (error instanceof SyntaxFailure) kind = 'TemplateSyntaxError';
  const message = `Unable to evaluate expression '${expr}'. ${kind}: ${detail}`;
  return fail(origin, 'jinja', kind, message, expr, errorOffset(origin, error, offset));
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    if (!(error instanceof SyntaxFailure)) throw error;
    return { ok: false, error };
  }
}

function settle<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Bounded memo of parses: the engine evaluates the same strings again and again. */
function memo<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const TEMPLATES = new Map<string, Outcome<JinjaTemplateNode[]>>();
const JINJA_EXPRESSIONS = new Map<string, Outcome<JinjaNode>[]>();

function templateOf(text: string): JinjaTemplateNode[] {
  return settle(memo(TEMPLATES, text, () => attempt(() => parseJinjaTemplate(text))));
}

/** Each `{{ … }}` of `text` parsed as Jinja's `compile_expression` does, in order. */
function jinjaExpressionsOf(text: string, matches: RegExpExecArray[]): Outcome<JinjaNode>[] {
  return memo(JINJA_EXPRESSIONS, text, () =>
    matches.map((match) =>
      attempt(() => {
        const { body, bodyStart } = stripDelimiters(match[0], match.index, '{}');
        return parseJinjaExpressionBody(text, bodyStart, bodyStart + body.length, true);
      }),
    ),
  );
}

function evaluateAndExpand(text: string, origin: Origin): unknown {
  const expressions = [...text.matchAll(JINJA_EXPRESSION)];
  if (JINJA_STATEMENT.test(text)) {
    let rendered: string;
    try {
      rendered = renderJinjaTemplate(templateOf(text), origin.scope);
    } catch (error) {
      jinjaFailure(origin, text, 0, error);
    }
    return evaluateAndExpand(rendered, deeper(origin, 0));
  }
  let output: unknown = text;
  const nodes = jinjaExpressionsOf(text, expressions);
  for (const [position, match] of expressions.entries()) {
    const expr = match[0];
    let result: unknown;
    try {
      result = evaluateJinjaNode(settle(nodes[position]!), origin.scope);
      if (typeof result === 'string') result = evaluateAndExpand(result, deeper(origin, match.index));
    } catch (error) {
      jinjaFailure(origin, expr, match.index, error);
    }
    if (result instanceof JinjaUndefined && result.strict) continue;
    if (expressions.length > 1 || (output as string).length > expr.length) {
      try {
        output = replaceAll(output as string, expr, pyStr(result));
      } catch (error) {
        jinjaFailure(origin, expr, match.index, error);
      }
    } else {
      output = result;
    }
  }
  return output;
}

function evaluateJinjaText(text: string, origin: Origin): unknown {
  const rawBlocks = text.match(RAW_BLOCK) ?? [];
  let source = text;
  rawBlocks.forEach((block, index) => {
    source = replaceAll(source, block, `{${index}}`);
  });
  let output = evaluateAndExpand(source, origin);
  if (typeof output === 'string') {
    const left = [...output.matchAll(JINJA_EXPRESSION)].map(
      (match) => stripDelimiters(match[0], 0, '{}').body,
    );
    if (left.length > 0) {
      const first = text.search(JINJA_EXPRESSION);
      fail(
        origin,
        'jinja',
        'UnresolvedVariables',
        `There are unresolved variables: ${left.join(', ')}`,
        text,
        Math.max(first, 0),
      );
    }
    if (rawBlocks.length > 0) {
      let restored: string = output;
      rawBlocks.forEach((block, index) => {
        restored = restored.replace(`{${index}}`, () => block);
      });
      try {
        output = renderJinjaTemplate(templateOf(restored), origin.scope);
      } catch (error) {
        jinjaFailure(origin, text, 0, error);
      }
    }
  }
  return output;
}

// ----------------------------------------------------------------------------------------- entries

const CACHE = new Map<string, ParsedValue>();

/** `parseValue` with a bounded memo: the engine evaluates the same strings many times. */
export function parseCached(text: string): ParsedValue {
  return memo(CACHE, text, () => parseValue(text));
}

/** Evaluates one string value and returns the Python-like value (floats and undefined kept). */
export function evaluateRaw(input: string | ParsedValue, scope: EvaluationScope): unknown {
  const parsed = typeof input === 'string' ? null : input;
  const text = typeof input === 'string' ? input : input.text;
  const origin: Origin = { text, scope, depth: 0, offset: null };
  try {
    if (hasYaql(text)) return evaluateYaqlText(text, origin, parsed ?? parseCached(text));
    if (hasJinja(text)) return evaluateJinjaText(text, origin);
  } catch (error) {
    if (error instanceof PyError && error.type === 'RecursionError') {
      const language: ExpressionLanguage = hasYaql(text) ? 'yaql' : 'jinja';
      fail(
        origin,
        language,
        'RecursionError',
        `Unable to evaluate expression '${text}'. RecursionError: ${error.message}`,
        text,
        0,
      );
    }
    throw error;
  }
  return text;
}

/**
 * Evaluates a string value of a workflow as Orquesta does: a string that is one expression gives
 * the expression's value; otherwise the string with every expression replaced by its value as text
 * (Python's `str()`: `None`, `True`, `{'a': 1}`); a string without expressions comes back unchanged.
 * Jinja's undefined (`{{ x if false }}`) comes back as `undefined`.
 * @throws ExpressionEvaluationError with Orquesta's message, the Python exception kind, the expression
 *   and its offset in the string (a syntax error too: `YaqlGrammarException`, `TemplateSyntaxError`).
 */
export function evaluate(input: string | ParsedValue, scope: EvaluationScope): unknown {
  return toPlain(evaluateRaw(input, scope));
}

/**
 * Evaluates every string inside a value (Orquesta's `evaluate` on a dict or list): dict keys and
 * values, list items; other values come back as they are.
 * @throws ExpressionEvaluationError
 */
export function evaluateDeep(value: unknown, scope: EvaluationScope): unknown {
  if (typeof value === 'string') return evaluate(value, scope);
  if (Array.isArray(value)) return value.map((item) => evaluateDeep(item, scope));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const evaluatedKey = evaluate(key, scope);
      out[typeof evaluatedKey === 'string' ? evaluatedKey : pyStr(evaluatedKey)] = evaluateDeep(item, scope);
    }
    return out;
  }
  return value;
}
