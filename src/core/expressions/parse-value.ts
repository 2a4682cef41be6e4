/**
 * Splits a workflow's string value into text and expressions the way Orquesta finds them, and checks
 * their syntax as Orquesta's `validate` does (orquesta/expressions/base.py, yql.py, jinja.py):
 * - a YAQL expression is a match of `<%.*?%>`, a Jinja one of `{{.*?}}` or `{%.*?%}`; `.` does not
 *   match a newline, so an expression broken over lines is plain text to Orquesta;
 * - a string with both kinds is an error ("Expression with multiple types is not supported.");
 * - the body handed to the parser is the match with the delimiter characters and spaces stripped
 *   from both ends (Python's `expr.strip('<%>').strip()`);
 * - Jinja: the whole string is parsed as a template, then each `{{ … }}` on its own.
 */
import { parseJinjaExpressionBody, parseJinjaTemplate } from './jinja-parser.js';
import { SyntaxFailure, syntaxError } from './positions.js';
import type {
  ExpressionPart,
  ExpressionSyntaxError,
  JinjaExpressionPart,
  JinjaTemplateNode,
  ParsedValue,
  YaqlPart,
} from './types.js';
import { parseYaqlBody } from './yaql-parser.js';

const YAQL = /<%.*?%>/g;
const JINJA_EXPRESSION = /\{\{.*?\}\}/g;
const JINJA_STATEMENT = /\{%.*?%\}/g;
const HAS_YAQL = /<%.*?%>/;
const HAS_JINJA = /\{\{.*?\}\}|\{%.*?%\}/;
const HAS_STATEMENT = /\{%.*?%\}/;
/** Python's `str.strip()` whitespace. */
const SPACE = /[\s\x1c-\x1f\x85]/u;

/** Whether Orquesta sees a YAQL expression in `text`. */
export function hasYaql(text: string): boolean {
  return HAS_YAQL.test(text);
}

/** Whether Orquesta sees a Jinja expression or statement in `text`. */
export function hasJinja(text: string): boolean {
  return HAS_JINJA.test(text);
}

/** Whether the string holds Jinja statements (`{% … %}`): then Orquesta renders it as a template. */
export function hasJinjaStatements(text: string): boolean {
  return HAS_STATEMENT.test(text);
}

/** The body of a match: `strip(delimiters).strip()`, with its offset. */
export function stripDelimiters(
  source: string,
  start: number,
  delimiters: string,
): { body: string; bodyStart: number } {
  let from = 0;
  let to = source.length;
  while (from < to && delimiters.includes(source[from]!)) from += 1;
  while (to > from && delimiters.includes(source[to - 1]!)) to -= 1;
  while (from < to && SPACE.test(source[from]!)) from += 1;
  while (to > from && SPACE.test(source[to - 1]!)) to -= 1;
  return { body: source.slice(from, to), bodyStart: start + from };
}

/** A `<% … %>` or `{{ … }}` match with its body parsed, or its syntax error. */
function parsePart<Node>(
  language: 'yaql' | 'jinja',
  text: string,
  match: RegExpExecArray,
  parse: (start: number, end: number) => Node,
): Omit<YaqlPart, 'kind' | 'ast'> & { ast: Node | null } {
  const start = match.index;
  const { body, bodyStart } = stripDelimiters(match[0], start, language === 'yaql' ? '<%>' : '{}');
  const span = { source: match[0], body, bodyStart, start, end: start + match[0].length };
  try {
    return { ...span, ast: parse(bodyStart, bodyStart + body.length), error: null };
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    return {
      ...span,
      ast: null,
      error: syntaxError(language, text, match[0], failure.message, failure.offset),
    };
  }
}

function textPart(text: string, start: number, end: number): ExpressionPart {
  return { kind: 'text', text: text.slice(start, end), start, end };
}

function yaqlParts(text: string, errors: ExpressionSyntaxError[]): ExpressionPart[] {
  const parts: ExpressionPart[] = [];
  let pos = 0;
  for (const match of text.matchAll(YAQL)) {
    const start = match.index;
    const end = start + match[0].length;
    if (start > pos) parts.push(textPart(text, pos, start));
    const part: YaqlPart = {
      kind: 'yaql',
      ...parsePart('yaql', text, match, (from, to) => parseYaqlBody(text, from, to)),
    };
    if (part.error) errors.push(part.error);
    parts.push(part);
    pos = end;
  }
  if (pos < text.length) parts.push(textPart(text, pos, text.length));
  return parts;
}

function jinjaParts(
  text: string,
  errors: ExpressionSyntaxError[],
): { parts: ExpressionPart[]; template: JinjaTemplateNode[] | null } {
  let template: JinjaTemplateNode[] | null = null;
  try {
    template = parseJinjaTemplate(text);
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    errors.push(syntaxError('jinja', text, text, failure.message, failure.offset));
  }
  // Orquesta looks for `{{ … }}` on its own: an expression may start inside a `{% … %}` match.
  const expressions: JinjaExpressionPart[] = [];
  for (const match of text.matchAll(JINJA_EXPRESSION)) {
    const part: JinjaExpressionPart = {
      kind: 'jinja',
      ...parsePart('jinja', text, match, (from, to) => parseJinjaExpressionBody(text, from, to, false)),
    };
    // Orquesta skips an expression whose text already erred (the whole string is that expression).
    if (part.error && !errors.some((error) => error.expression === match[0])) errors.push(part.error);
    expressions.push(part);
  }
  const statements: ExpressionPart[] = [...text.matchAll(JINJA_STATEMENT)].map((match) => ({
    kind: 'jinja-statement',
    source: match[0],
    tag: /^\{%[-+]?\s*([\p{L}_][\p{L}\p{N}_]*)/u.exec(match[0])?.[1] ?? '',
    start: match.index,
    end: match.index + match[0].length,
  }));
  // Parts do not overlap: where a statement and an expression overlap, the earlier one wins.
  const parts: ExpressionPart[] = [];
  let pos = 0;
  for (const part of [...expressions, ...statements].sort((a, b) => a.start - b.start)) {
    if (part.start < pos) continue;
    if (part.start > pos) parts.push(textPart(text, pos, part.start));
    parts.push(part);
    pos = part.end;
  }
  if (pos < text.length) parts.push(textPart(text, pos, text.length));
  return { parts, template: hasJinjaStatements(text) ? template : null };
}

/**
 * Splits a string value of a workflow into text and expressions and checks their syntax, exactly as
 * Orquesta does. A string with no expression comes back with `language: null` and one text part.
 */
export function parseValue(text: string): ParsedValue {
  const yaql = hasYaql(text);
  const jinja = hasJinja(text);
  const errors: ExpressionSyntaxError[] = [];
  if (yaql && jinja) {
    errors.push(syntaxError(null, text, text, 'Expression with multiple types is not supported.', 0));
    return { text, language: 'mixed', parts: [], template: null, errors };
  }
  if (yaql) return { text, language: 'yaql', parts: yaqlParts(text, errors), template: null, errors };
  if (jinja) {
    const { parts, template } = jinjaParts(text, errors);
    return { text, language: 'jinja', parts, template, errors };
  }
  return {
    text,
    language: null,
    parts: text === '' ? [] : [{ kind: 'text', text, start: 0, end: text.length }],
    template: null,
    errors,
  };
}
