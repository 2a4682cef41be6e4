/**
 * A parser for YAQL as Orquesta runs it: python3-yaql's default factory (`=>` for keyword arguments,
 * no delegate calls). The lexer follows yaql's token rules in yaql's order; the Pratt parser below
 * gives the same trees as yaql's LALR grammar with its precedence table (tightest first):
 *   `.` `?.` · `[]` indexer, `{}` · unary `+` `-` · `=~` `!~` · `*` `/` `mod` · `+` `-` ·
 *   `>` `<` `>=` `<=` `!=` `=` `in` · `not` · `and` · `or` · `->` (right-associative).
 * Errors carry yaql's own messages (positions inside the message count from the body's start).
 */
import { SyntaxFailure } from './positions.js';
import { SIMPLE_ESCAPES } from './py-values.js';
import type { YaqlArg, YaqlNode } from './types.js';

type TokenType =
  | 'const'
  | 'keyword'
  | 'func'
  | 'dollar'
  | 'op'
  | '('
  | ')'
  | '['
  | ']'
  | '{'
  | '}'
  | ','
  | '=>'
  | 'eof'
  | 'error';

interface Token {
  type: TokenType;
  /** Operator symbol, name, or the literal's value. */
  value: string | number | boolean | null;
  numberKind?: 'int' | 'float';
  /** How yaql prints the token in "unexpected 'X'". */
  display: string;
  start: number;
  end: number;
}

const DOLLAR = /\$[\p{L}\p{N}_]*/uy;
const NUMBER = /(?<![\p{L}\p{N}_])[0-9]+(?:\.?[0-9]+)?(?![\p{L}\p{N}_])/uy;
const FUNC = /(?<![\p{L}\p{N}_])[\p{L}_][\p{L}\p{N}_]*\(/uy;
const KEYWORD = /(?!__)(?<![\p{L}\p{N}_])[\p{L}_][\p{L}\p{N}_]*(?![\p{L}\p{N}_])/uy;
const SINGLE_QUOTED = /'(?:[^'\\]|\\.)*'/y;
const DOUBLE_QUOTED = /"(?:[^"\\]|\\.)*"/y;
const VERBATIM = /`(?:[^`\\]|\\.)*`/y;
/** Symbol operators, longest first (yaql sorts its string rules by length). */
/** yaql's function rules, in yaql's order (ply tries them before the string rules). */
const RULES: [string, RegExp][] = [
  ['dollar', DOLLAR],
  ['number', NUMBER],
  ['func', FUNC],
  ['keyword', KEYWORD],
  ['quoted', SINGLE_QUOTED],
  ['quoted', DOUBLE_QUOTED],
  ['verbatim', VERBATIM],
];
const SYMBOLS = [
  '?.',
  '=~',
  '!~',
  '!=',
  '>=',
  '<=',
  '->',
  '=>',
  '.',
  '+',
  '-',
  '*',
  '/',
  '>',
  '<',
  '=',
  '[',
  '{',
];
const WORD_OPERATORS = new Set(['mod', 'in', 'not', 'and', 'or']);
const LITERALS = new Set(['(', ')', ']', ',', '}']);
const ESCAPE = /\\U.{8}|\\u.{4}|\\x.{2}|\\[0-7]{1,3}|\\N\{[^}]+\}|\\[\\'"abfnrtv]/g;

/** Python's `codecs.decode(…, 'unicode-escape')` on the escape sequences yaql recognises. */
function decodeEscapes(text: string, offset: number): string {
  return text.replace(ESCAPE, (sequence) => {
    const kind = sequence[1]!;
    if (kind === 'U' || kind === 'u' || kind === 'x') {
      const hex = sequence.slice(2);
      const code = /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
      if (Number.isNaN(code) || code > 0x10ffff) {
        throw new SyntaxFailure(`'unicodeescape' codec can't decode bytes: truncated escape`, offset);
      }
      return String.fromCodePoint(code);
    }
    if (kind === 'N') throw new SyntaxFailure('\\N{…} escapes are not supported', offset);
    if (kind >= '0' && kind <= '7') return String.fromCodePoint(Number.parseInt(sequence.slice(1), 8));
    return SIMPLE_ESCAPES[kind]!;
  });
}

function pythonFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/**
 * Splits the body `source.slice(start, end)` into yaql's tokens. ply lexes as the parser asks, so a
 * lexical error becomes an `error` token, raised only if the parser gets that far.
 */
function tokenize(source: string, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  try {
    lexInto(tokens, source, start, end);
  } catch (failure) {
    if (!(failure instanceof SyntaxFailure)) throw failure;
    tokens.push({
      type: 'error',
      value: failure.message,
      display: '',
      start: failure.offset,
      end: failure.offset,
    });
  }
  return tokens;
}

function lexInto(tokens: Token[], source: string, start: number, end: number): void {
  const text = source.slice(0, end);
  let pos = start;
  while (pos < end) {
    const ch = text[pos]!;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      pos += 1;
      continue;
    }
    const rule = RULES.find(([, regex]) => {
      regex.lastIndex = pos;
      return regex.test(text);
    });
    const match = rule ? text.slice(pos, rule[1].lastIndex) : '';
    const span = { display: match, start: pos, end: pos + match.length };
    let token: Token | null = null;
    if (rule?.[0] === 'dollar') {
      token = { type: 'dollar', value: match, ...span };
    } else if (rule?.[0] === 'number') {
      const float = match.includes('.');
      const value = Number(match);
      const display = float ? pythonFloat(value) : match.replace(/^0+(?=\d)/, '');
      token = { type: 'const', value, numberKind: float ? 'float' : 'int', ...span, display };
    } else if (rule?.[0] === 'func') {
      const name = match.slice(0, -1);
      token = { type: 'func', value: name, ...span, display: name };
    } else if (rule?.[0] === 'keyword') {
      if (WORD_OPERATORS.has(match)) token = { type: 'op', value: match, ...span };
      else if (match === 'true') token = { type: 'const', value: true, ...span, display: 'True' };
      else if (match === 'false') token = { type: 'const', value: false, ...span, display: 'False' };
      else if (match === 'null') token = { type: 'const', value: null, ...span, display: 'None' };
      else token = { type: 'keyword', value: match, ...span };
    } else if (rule?.[0] === 'quoted') {
      const value = decodeEscapes(match.slice(1, -1), pos);
      token = { type: 'const', value, ...span, display: value };
    } else if (rule?.[0] === 'verbatim') {
      const value = match.slice(1, -1).replaceAll('\\`', '`');
      token = { type: 'const', value, ...span, display: value };
    } else {
      const symbol = SYMBOLS.find((candidate) => text.startsWith(candidate, pos));
      if (symbol !== undefined) {
        const type: TokenType = symbol === '[' ? '[' : symbol === '{' ? '{' : symbol === '=>' ? '=>' : 'op';
        token = { type, value: symbol, display: symbol, start: pos, end: pos + symbol.length };
      } else if (LITERALS.has(ch)) {
        token = { type: ch as TokenType, value: ch, display: ch, start: pos, end: pos + 1 };
      }
    }
    if (token === null) {
      const char = String.fromCodePoint(text.codePointAt(pos)!);
      throw new SyntaxFailure(`Lexical error: illegal character '${char}' at position ${pos - start}`, pos);
    }
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ type: 'eof', value: null, display: '', start: end, end });
}

/** Binding power of each binary operator (higher binds tighter) and whether it is right-associative. */
const BINARY: Record<string, { power: number; right?: boolean }> = {
  '.': { power: 11 },
  '?.': { power: 11 },
  '=~': { power: 8 },
  '!~': { power: 8 },
  '*': { power: 7 },
  '/': { power: 7 },
  mod: { power: 7 },
  '+': { power: 6 },
  '-': { power: 6 },
  '>': { power: 5 },
  '<': { power: 5 },
  '>=': { power: 5 },
  '<=': { power: 5 },
  '!=': { power: 5 },
  '=': { power: 5 },
  in: { power: 5 },
  and: { power: 3 },
  or: { power: 2 },
  '->': { power: 1, right: true },
};
const INDEXER_POWER = 10;
const PREFIX: Record<string, number> = { '+': 9, '-': 9, not: 4 };

class YaqlParser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly expression: string,
    private readonly bodyStart: number,
  ) {}

  private get current(): Token {
    const token = this.tokens[this.index]!;
    if (token.type === 'error') throw new SyntaxFailure(token.value as string, token.start);
    return token;
  }

  private fail(token: Token): never {
    if (token.type === 'eof')
      throw new SyntaxFailure('Parse error: unexpected end of statement', token.start);
    throw new SyntaxFailure(
      `Parse error: unexpected '${token.display}' at position ${token.start - this.bodyStart} of expression '${this.expression}'`,
      token.start,
    );
  }

  parseStatement(): YaqlNode {
    const node = this.parseExpression(0);
    if (this.current.type !== 'eof') this.fail(this.current);
    return node;
  }

  private parseExpression(minPower: number): YaqlNode {
    let left = this.parsePrefix();
    for (;;) {
      const token = this.current;
      if (token.type === '[') {
        if (INDEXER_POWER <= minPower) break;
        this.index += 1;
        const args = this.parseArgs(']');
        const close = this.tokens[this.index - 1]!;
        left = { type: 'index', target: left, args, start: left.start, end: close.end };
        continue;
      }
      if (token.type !== 'op') break;
      const binary = BINARY[token.value as string];
      if (binary === undefined || binary.power <= minPower) break;
      this.index += 1;
      const right = this.parseExpression(binary.right ? binary.power - 1 : binary.power);
      left = { type: 'binary', op: token.value as string, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePrefix(): YaqlNode {
    const token = this.current;
    this.index += 1;
    switch (token.type) {
      case 'const':
        return {
          type: 'constant',
          value: token.value,
          ...(token.numberKind ? { numberKind: token.numberKind } : {}),
          start: token.start,
          end: token.end,
        };
      case 'keyword':
        return { type: 'keyword', name: token.value as string, start: token.start, end: token.end };
      case 'dollar':
        return { type: 'dollar', name: (token.value as string).slice(1), start: token.start, end: token.end };
      case 'func': {
        const args = this.parseArgs(')');
        const close = this.tokens[this.index - 1]!;
        return {
          type: 'call',
          name: token.value as string,
          nameStart: token.start,
          args,
          start: token.start,
          end: close.end,
        };
      }
      case '(': {
        const expr = this.parseExpression(0);
        if (this.current.type !== ')') this.fail(this.current);
        this.index += 1;
        return { type: 'group', expr, start: token.start, end: this.tokens[this.index - 1]!.end };
      }
      case '[': {
        const items = this.parseArgs(']');
        return { type: 'list', items, start: token.start, end: this.tokens[this.index - 1]!.end };
      }
      case '{': {
        const items = this.parseArgs('}');
        return { type: 'map', items, start: token.start, end: this.tokens[this.index - 1]!.end };
      }
      case 'op': {
        const power = PREFIX[token.value as string];
        if (power === undefined) break;
        const operand = this.parseExpression(power);
        return { type: 'unary', op: token.value as string, operand, start: token.start, end: operand.end };
      }
      default:
        break;
    }
    this.index -= 1;
    return this.fail(token);
  }

  /**
   * Arguments up to `close`: positional slots (a slot may be empty, `f(a,,b)`, but not the last one),
   * then `key => value` pairs; the positional part before named ones must hold a value.
   */
  private parseArgs(close: ')' | ']' | '}'): YaqlArg[] {
    const args: YaqlArg[] = [];
    if (this.current.type === close) {
      this.index += 1;
      return args;
    }
    let named = false;
    let positionalValues = 0;
    for (;;) {
      const token = this.current;
      if (token.type === ',') {
        if (named) this.fail(token);
        args.push({ type: 'skipped', start: token.start, end: token.start });
      } else {
        if (token.type === close || token.type === 'eof') this.fail(token);
        const value = this.parseExpression(0);
        if (this.current.type === '=>') {
          const arrow = this.current;
          if (!named && args.length > 0 && positionalValues === 0) this.fail(arrow);
          this.index += 1;
          const target = this.parseExpression(0);
          args.push({ type: 'named', key: value, value: target, start: value.start, end: target.end });
          named = true;
        } else {
          if (named) this.fail(this.current);
          args.push(value);
          positionalValues += 1;
        }
        if (this.current.type === close) {
          this.index += 1;
          return args;
        }
        if (this.current.type !== ',') this.fail(this.current);
      }
      this.index += 1;
    }
  }
}

/**
 * Parses a YAQL body: `source.slice(start, end)` (offsets in the whole string value, kept in the AST).
 * @throws SyntaxFailure with yaql's message and the offset of the offending token.
 */
export function parseYaqlBody(source: string, start = 0, end = source.length): YaqlNode {
  const tokens = tokenize(source, start, end);
  return new YaqlParser(tokens, source.slice(start, end), start).parseStatement();
}
