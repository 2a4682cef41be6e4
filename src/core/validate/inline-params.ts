/**
 * Orquesta's inline parameters (orquesta `utils/parameters.py`): `core.echo message="hi" count=2` on
 * a task's `action:`, and `a=<% result() %> b='x'` as a transition's `publish`. A value is recognised
 * only when it is in brackets, double or single quotes, a number, true/false (any case), null, or a
 * YAQL/Jinja expression; anything else is not a parameter at all, so `core.echo message=hello` has no
 * inline input and names an action literally called "core.echo message=hello".
 */
const INLINE_PARAM = new RegExp(
  [
    '([\\p{L}\\p{N}_]+)=(',
    [
      '\\[[^\\n]*\\]\\s*',
      '"[^"]*"\\s*',
      "'[^']*'\\s*",
      '-?\\d*\\.\\d+',
      '-?\\d+',
      '[Tt][Rr][Uu][Ee]',
      '[Ff][Aa][Ll][Ss][Ee]',
      'null',
      '<%[^\\n]*?%>',
      '\\{\\{[^\\n]*?\\}\\}',
    ].join('|'),
    ')',
  ].join(''),
  'gu',
);

export interface InlineParam {
  name: string;
  /** The value as written, expression delimiters and quotes included, without trailing spaces. */
  text: string;
  /** Where `name=` starts in the whole string. */
  offset: number;
}

/** Parses every `name=value` pair of an inline-parameter string, in order (Orquesta's `findall`). */
export function parseInlineParams(text: string): InlineParam[] {
  if (!text.includes('=')) return [];
  return [...text.matchAll(INLINE_PARAM)].map((match) => ({
    name: match[1]!,
    text: match[2]!.trim(),
    offset: match.index,
  }));
}

/**
 * Splits a task `action:` as Orquesta's TaskSpec does: when the string holds inline parameters, the
 * action is everything before its first space and the parameters replace the task's `input:`;
 * otherwise the whole string is the action.
 */
export function splitInlineAction(action: string): { ref: string; params: InlineParam[] } {
  const params = parseInlineParams(action);
  if (params.length === 0) return { ref: action, params };
  const space = action.indexOf(' ');
  return { ref: space === -1 ? '' : action.slice(0, space), params };
}
