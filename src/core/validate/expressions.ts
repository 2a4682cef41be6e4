/**
 * How Orquesta finds expressions in a string and the context variables they read. Orquesta does both
 * with regular expressions, not with a parser (orquesta `expressions/yql.py`, `jinja.py`), and its
 * inspector's verdict follows from them: `ctx().x` inside a string literal still counts as a read,
 * `ctx().get('x', 1)` reads nothing, and an expression never spans lines. These rules are Orquesta's,
 * reproduced here so our verdict agrees with StackStorm's (the AST-based `contextReads` of
 * `src/core/expressions` answers what an expression really reads; Orquesta's inspector does not ask
 * that). Syntax is checked by the parsers there.
 */
import { stripDelimiters } from '../expressions/parse-value.js';
import { pointerTo } from '../json-pointer.js';

type ExpressionLanguage = 'yaql' | 'jinja';

/** A context variable an expression reads, with the offset of its `ctx` in the whole string. */
export interface ContextRead {
  language: ExpressionLanguage;
  name: string;
  offset: number;
}

// Orquesta's expression regexes (Python's `.` does not match a newline); Jinja blocks are not searched.
const EXPRESSIONS: Record<ExpressionLanguage, { pattern: RegExp; delimiters: string }> = {
  yaql: { pattern: /<%.*?%>/g, delimiters: '<%>' },
  jinja: { pattern: /\{\{.*?\}\}/g, delimiters: '{}' },
};

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

/**
 * The context variables a string reads, as Orquesta extracts them: each expression's `ctx(…)…`
 * references, and from each reference the names its four extraction rules find. One entry per
 * language and name (Orquesta reports each once per string), at the offset of its first reference.
 */
export function contextReadsIn(text: string): ContextRead[] {
  if (!text.includes('ctx')) return [];
  const reads = new Map<string, ContextRead>();
  for (const [language, { pattern, delimiters }] of Object.entries(EXPRESSIONS) as [
    ExpressionLanguage,
    (typeof EXPRESSIONS)[ExpressionLanguage],
  ][]) {
    for (const match of text.matchAll(pattern)) {
      const { body, bodyStart } = stripDelimiters(match[0], match.index, delimiters);
      for (const reference of body.matchAll(CTX_REFERENCE)) {
        const ref = reference[0].trim();
        for (const extract of VAR_EXTRACTS) {
          const name = extract.exec(ref)?.[1];
          if (!name) continue;
          const key = `${language}\u0000${name}`;
          if (!reads.has(key)) reads.set(key, { language, name, offset: bodyStart + reference.index });
        }
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
