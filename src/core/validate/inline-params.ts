/**
 * Orquesta's inline parameters: `core.echo message="hi" count=2` (task actions) and
 * `a=<% result() %> b='x'` (transition publish strings). Values must be quoted strings, expressions,
 * brackets, numbers, booleans or null, as in orquesta's `utils/parameters.py`.
 */
const INLINE_PARAM =
  /(\w+)=("[^"]*"|'[^']*'|<%.*?%>|\{\{.*?\}\}|\{%.*?%\}|\[.*?\]|\{.*?\}|-?\d*\.\d+|-?\d+|true|false|null)/gs;

export interface InlineParam {
  name: string;
  /** The value as written, expression delimiters and quotes included. */
  text: string;
}

/** Parses every `name=value` pair of an inline-parameter string, in order. */
export function parseInlineParams(text: string): InlineParam[] {
  return [...text.matchAll(INLINE_PARAM)].map((match) => ({ name: match[1]!, text: match[2]! }));
}

/** Splits a task `action:` into the action reference and its inline parameters, as Orquesta does. */
export function splitInlineAction(action: string): { ref: string; params: InlineParam[] } {
  const trimmed = action.trim();
  const space = trimmed.search(/\s/);
  if (space === -1) return { ref: trimmed, params: [] };
  const params = parseInlineParams(trimmed.slice(space));
  return params.length > 0 ? { ref: trimmed.slice(0, space), params } : { ref: trimmed, params: [] };
}
