/**
 * How Orquesta finds expressions in a string and the context variables they read. Orquesta does both
 * with regular expressions, not with a parser (orquesta `expressions/yql.py`, `jinja.py`), and its
 * inspector's verdict follows from them: `ctx().x` inside a string literal still counts as a read,
 * `ctx().get('x', 1)` reads nothing, and an expression never spans lines. These rules are Orquesta's,
 * reproduced here so our verdict agrees with StackStorm's; the syntax of each expression is checked by
 * the parsers in `src/core/expressions`.
 */
import { pointerTo } from './json-pointer.js';

/** The two expression languages Orquesta knows. */
export type ExpressionLanguage = 'yaql' | 'jinja';

/** One `<% … %>` or `{{ … }}` (or a Jinja `{% … %}` block) in a string, with its offset. */
export interface ExpressionSpan {
  language: ExpressionLanguage;
  /** The whole match, delimiters included. */
  text: string;
  offset: number;
}

/** A context variable an expression reads, with the offset of its `ctx` in the whole string. */
export interface ContextRead {
  language: ExpressionLanguage;
  name: string;
  offset: number;
}

// Python's `.` does not match a newline: an expression never spans lines.
const YAQL = /<%[^\n]*?%>/g;
const JINJA = /\{\{[^\n]*?\}\}/g;
const JINJA_BLOCK = /\{%[^\n]*?%\}/;

// Orquesta's `_regex_ctx_pattern`: ctx, optional quote, reference characters, quote, `)`, `.`, more.
const REF = `[\\][a-zA-Z0-9_'".()]*`;
const CTX_REFERENCE = new RegExp(`(?<![\\p{L}\\p{N}_])ctx\\(['"]?${REF}['"]?\\)\\.?${REF}`, 'gu');
// Orquesta's `_regex_var_extracts`, each applied to every reference (its first match only).
const VAR_EXTRACTS = [
  /(?<=\bctx\(\)\.)([a-zA-Z0-9_-]+)\b(?!\()\.?/,
  /(?:\bctx\(([a-zA-Z0-9_-]+)\))/,
  /(?:\bctx\('([a-zA-Z0-9_-]+)'\))/,
  /(?:\bctx\("([a-zA-Z0-9_-]+)"\))/,
];

function spansOf(text: string, pattern: RegExp, language: ExpressionLanguage): ExpressionSpan[] {
  return [...text.matchAll(pattern)].map((match) => ({ language, text: match[0], offset: match.index }));
}

/** YAQL expressions in a string, as Orquesta finds them. */
export function yaqlSpans(text: string): ExpressionSpan[] {
  return text.includes('<%') ? spansOf(text, YAQL, 'yaql') : [];
}

/** Jinja `{{ … }}` expressions in a string (without `{% … %}` blocks). */
export function jinjaSpans(text: string): ExpressionSpan[] {
  return text.includes('{{') ? spansOf(text, JINJA, 'jinja') : [];
}

/** Whether the string holds Jinja as Orquesta sees it: a `{{ … }}` or a `{% … %}` block. */
export function hasJinja(text: string): boolean {
  return jinjaSpans(text).length > 0 || (text.includes('{%') && JINJA_BLOCK.test(text));
}

/** Whether the string holds YAQL as Orquesta sees it. */
export function hasYaql(text: string): boolean {
  return yaqlSpans(text).length > 0;
}

/** Python's `str.strip(chars)`: removes any of the characters from both ends. */
function stripChars(text: string, chars: string): { text: string; start: number } {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return { text: text.slice(start, end), start };
}

/** Python's `str.strip()` (whitespace). */
function stripSpace(text: string): { text: string; start: number } {
  const start = text.length - text.trimStart().length;
  return { text: text.trim(), start };
}

/**
 * The context variables a string reads, as Orquesta extracts them: each expression's `ctx(…)…`
 * references, and from each reference the names its four extraction rules find. One entry per
 * language and name (Orquesta reports each once per string), at the offset of its first reference.
 */
export function contextReadsIn(text: string): ContextRead[] {
  if (!text.includes('ctx')) return [];
  const reads = new Map<string, ContextRead>();
  for (const span of [...yaqlSpans(text), ...jinjaSpans(text)]) {
    const delimiters = span.language === 'yaql' ? '<%>' : '{}';
    const stripped = stripChars(span.text, delimiters);
    const body = stripSpace(stripped.text);
    const base = span.offset + stripped.start + body.start;
    for (const reference of body.text.matchAll(CTX_REFERENCE)) {
      const ref = reference[0].trim();
      for (const extract of VAR_EXTRACTS) {
        const name = extract.exec(ref)?.[1];
        if (!name) continue;
        const key = `${span.language}\u0000${name}`;
        if (!reads.has(key))
          reads.set(key, { language: span.language, name, offset: base + reference.index });
      }
    }
  }
  return [...reads.values()];
}

/** Every string under a value (mapping keys too, as Orquesta checks them), with its JSON pointer. */
export function stringsUnder(
  value: unknown,
  pointer: string,
  visit: (text: string, pointer: string) => void,
): void {
  if (typeof value === 'string') {
    visit(value, pointer);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      stringsUnder(item, pointerTo(pointer, index), visit);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const at = pointerTo(pointer, key);
      visit(key, at);
      stringsUnder(item, at, visit);
    }
  }
}
