/**
 * Jinja's lexer as Orquesta configures it (default delimiters, `trim_blocks` and `lstrip_blocks` on):
 * data, `{{ }}`, `{% %}` with `-`/`+` whitespace control, `{# #}` comments, `{% raw %}` blocks, and the
 * tokens inside tags. A lexical error becomes an `error` token, raised when the parser reaches it
 * (Jinja lexes lazily, so an error after a complete expression is never seen by `parse_expression`).
 */

import { SIMPLE_ESCAPES } from './py-values.js';

export type JinjaTokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof'
  | 'error';

export interface JinjaToken {
  type: JinjaTokenType;
  /** Names and operators: the text; strings: the decoded value; numbers: the value; errors: the message. */
  value: string | number;
  start: number;
  end: number;
}

const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '>',
  '<',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];
const WHITESPACE = /\s+/y;
const FLOAT = /(?<!\.)(?:\d+_)*\d+(?:(?:\.(?:\d+_)*\d+)?e[+-]?(?:\d+_)*\d+|\.(?:\d+_)*\d+)/iy;
const INTEGER = /0b(?:_?[01])+|0o(?:_?[0-7])+|0x(?:_?[\da-f])+|[1-9](?:_?\d)*|0(?:_?0)*/iy;
const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING = /'[^'\\]*(?:\\.[^'\\]*)*'|"[^"\\]*(?:\\.[^"\\]*)*"/sy;
/** Jinja's rules inside a tag, in Jinja's order. */
const RULES: ['whitespace' | 'float' | 'integer' | 'name' | 'string', RegExp][] = [
  ['whitespace', WHITESPACE],
  ['float', FLOAT],
  ['integer', INTEGER],
  ['name', NAME],
  ['string', STRING],
];
const ROOT_TAG = /\{%([-+]?)\s*raw\s*(?:-%\}\s*|%\})|\{([{%#])([-+]?)/g;
const RAW_END = /\{%([-+]?)\s*endraw\s*(?:\+%\}|-%\}\s*|%\}\n?)/g;
const COMMENT_END = /\+#\}|-#\}\s*|#\}\n?/g;
/** A backslash before a newline continues the line. */
const ESCAPES: Readonly<Record<string, string>> = { ...SIMPLE_ESCAPES, '\n': '' };

/** Python's `.encode('ascii', 'backslashreplace').decode('unicode-escape')` on a string literal's body. */
export function unescapeJinjaString(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new Error('\\ at end of string');
    const simple = ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const size = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + size);
      if (hex.length < size || !/^[0-9a-fA-F]+$/.test(hex)) throw new Error('truncated \\xXX escape');
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw new Error('illegal Unicode character');
      out += String.fromCodePoint(code);
      i += 1 + size;
    } else if (next >= '0' && next <= '7') {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(Number.parseInt(octal, 8));
      i += octal.length;
    } else if (next === 'N') {
      throw new Error('\\N{…} escapes are not supported');
    } else {
      out += '\\';
    }
  }
  return out;
}

function numberValue(text: string): number {
  const clean = text.replaceAll('_', '');
  if (/^0[box]/i.test(clean)) return Number(clean);
  return Number(clean);
}

/** Lexes tokens inside a tag from `pos`; stops at the end tag (returns its position) or at the end. */
function lexTag(
  whole: string,
  pos: number,
  limit: number,
  end: RegExp | null,
  tokens: JinjaToken[],
  base = 0,
): { pos: number; closed: boolean } {
  const source = limit === whole.length ? whole : whole.slice(0, limit);
  const balance: string[] = [];
  while (pos < limit) {
    if (end && balance.length === 0) {
      end.lastIndex = pos;
      const match = end.exec(source);
      if (match) return { pos, closed: true };
    }
    const rule = RULES.find(([, regex]) => {
      regex.lastIndex = pos;
      return regex.test(source);
    });
    let match = rule ? source.slice(pos, rule[1].lastIndex) : '';
    if (rule?.[0] === 'whitespace') {
      pos += match.length;
      continue;
    }
    const start = pos;
    if (rule?.[0] === 'float' || rule?.[0] === 'integer' || rule?.[0] === 'name') {
      const type = rule[0];
      const value = type === 'name' ? match : numberValue(match);
      tokens.push({ type, value, start, end: start + match.length });
    } else if (rule?.[0] === 'string') {
      let value: string;
      try {
        value = unescapeJinjaString(match.slice(1, -1).replace(/\r\n|\r/g, '\n'));
      } catch (error) {
        tokens.push({ type: 'error', value: (error as Error).message, start, end: start });
        return { pos, closed: false };
      }
      tokens.push({ type: 'string', value, start, end: start + match.length });
    } else {
      const operator = OPERATORS.find((candidate) => source.startsWith(candidate, pos));
      if (operator === undefined) {
        tokens.push({
          type: 'error',
          value: `unexpected char ${pythonRepr(source[pos]!)} at ${pos - base}`,
          start,
          end: start,
        });
        return { pos, closed: false };
      }
      if (operator === '{' || operator === '(' || operator === '[') {
        balance.push(operator === '{' ? '}' : operator === '(' ? ')' : ']');
      } else if (operator === '}' || operator === ')' || operator === ']') {
        const expected = balance.pop();
        if (expected === undefined || expected !== operator) {
          const message =
            expected === undefined
              ? `unexpected '${operator}'`
              : `unexpected '${operator}', expected '${expected}'`;
          tokens.push({ type: 'error', value: message, start, end: start });
          return { pos, closed: false };
        }
      }
      match = operator;
      tokens.push({ type: 'operator', value: operator, start, end: start + operator.length });
    }
    pos += match.length;
  }
  return { pos, closed: false };
}

/** Python's repr of a one-character string. */
function pythonRepr(char: string): string {
  return char === "'" ? `"'"` : char === '\\' ? "'\\\\'" : `'${char}'`;
}

/** The tokens of an expression body, lexed as Jinja does inside `{{ … }}` (`state="variable"`). */
export function lexJinjaExpression(source: string, start: number, end: number): JinjaToken[] {
  const tokens: JinjaToken[] = [];
  const { pos, closed } = lexTag(source, start, end, /-?\}\}/y, tokens, start);
  if (closed) tokens.push({ type: 'variable_end', value: '}}', start: pos, end: pos + 2 });
  if (tokens.at(-1)?.type !== 'error') tokens.push({ type: 'eof', value: '', start: end, end });
  return tokens;
}

/**
 * The tokens of a whole template. Data tokens hold the text as rendered: whitespace control and
 * Orquesta's `trim_blocks`/`lstrip_blocks` already applied.
 */
export function lexJinjaTemplate(whole: string): JinjaToken[] {
  // Jinja drops one trailing newline of the template before lexing (keep_trailing_newline is off).
  const source = whole.replace(/(\r\n|\r|\n)$/, '');
  const tokens: JinjaToken[] = [];
  let pos = 0;
  const pushData = (start: number, end: number, text: string) => {
    if (text !== '') tokens.push({ type: 'data', value: text, start, end });
  };
  for (;;) {
    ROOT_TAG.lastIndex = pos;
    const tag = ROOT_TAG.exec(source);
    if (tag === null) {
      pushData(pos, source.length, source.slice(pos));
      break;
    }
    const raw = tag[1] !== undefined;
    const kind = raw ? '%' : tag[2]!;
    const sign = raw ? tag[1]! : tag[3]!;
    let text = source.slice(pos, tag.index);
    if (sign === '-') {
      text = text.replace(/\s+$/, '');
    } else if (sign !== '+' && kind !== '{') {
      const lineStart = text.lastIndexOf('\n') + 1;
      const lineStarting = pos === 0 || source[pos - 1] === '\n';
      if ((lineStart > 0 || lineStarting) && /^\s*$/.test(text.slice(lineStart))) {
        text = text.slice(0, lineStart);
      }
    }
    pushData(pos, tag.index, text);
    const afterTag = tag.index + tag[0].length;
    if (raw) {
      RAW_END.lastIndex = afterTag;
      const close = RAW_END.exec(source);
      if (close === null) {
        // Jinja's failure rule needs a character to fail on: at the very end the lexer just stops.
        if (afterTag >= source.length) break;
        tokens.push({
          type: 'error',
          value: 'Missing end of raw directive',
          start: tag.index,
          end: tag.index,
        });
        return tokens;
      }
      let body = source.slice(afterTag, close.index);
      if (close[1] === '-') body = body.replace(/\s+$/, '');
      pushData(afterTag, close.index, body);
      pos = close.index + close[0].length;
      continue;
    }
    if (kind === '#') {
      COMMENT_END.lastIndex = afterTag;
      const close = COMMENT_END.exec(source);
      if (close === null) {
        if (afterTag >= source.length) break;
        tokens.push({ type: 'error', value: 'Missing end of comment tag', start: tag.index, end: tag.index });
        return tokens;
      }
      pos = close.index + close[0].length;
      continue;
    }
    const variable = kind === '{';
    tokens.push({
      type: variable ? 'variable_begin' : 'block_begin',
      value: tag[0],
      start: tag.index,
      end: afterTag,
    });
    const endTag = variable ? /-\}\}\s*|\}\}/y : /\+%\}|-%\}\s*|%\}\n?/y;
    const { pos: closeAt, closed } = lexTag(source, afterTag, source.length, endTag, tokens);
    if (!closed) {
      if (tokens.at(-1)?.type !== 'error') {
        tokens.push({ type: 'eof', value: '', start: source.length, end: source.length });
      }
      return tokens;
    }
    endTag.lastIndex = closeAt;
    const close = endTag.exec(source)![0];
    tokens.push({
      type: variable ? 'variable_end' : 'block_end',
      value: close,
      start: closeAt,
      end: closeAt + close.length,
    });
    pos = closeAt + close.length;
  }
  tokens.push({ type: 'eof', value: '', start: source.length, end: source.length });
  return tokens;
}
