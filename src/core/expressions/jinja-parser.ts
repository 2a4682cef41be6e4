/**
 * Jinja's parser (jinja2 3.x, no extensions), rule for rule: expressions with Jinja's precedence
 * (conditional, `or`, `and`, `not`, comparisons, `+ -`, `~`, `* / // %`, `**`, unary, postfix
 * `.`/`[]`/`()`, filters `|` and tests `is`), and the statements of the default environment. Errors
 * carry Jinja's messages and the offset of the offending token.
 */
import { type JinjaToken, lexJinjaExpression, lexJinjaTemplate } from './jinja-lexer.js';
import { SyntaxFailure } from './positions.js';
import type { JinjaArgs, JinjaCompare, JinjaFilter, JinjaNode, JinjaTemplateNode } from './types.js';

const COMPARE_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TOKEN_DESCRIPTIONS: Record<string, string> = {
  variable_begin: 'begin of print statement',
  variable_end: 'end of print statement',
  block_begin: 'begin of statement block',
  block_end: 'end of statement block',
  eof: 'end of template',
  data: 'template data / text',
};
/** Tags of the default environment that a workflow has no use for: parsed, never rendered. */
const TAGS_WITH_BODY: Record<string, string> = {
  block: 'endblock',
  macro: 'endmacro',
  call: 'endcall',
  autoescape: 'endautoescape',
};

function describe(token: JinjaToken): string {
  if (token.type === 'name' || token.type === 'operator') return String(token.value);
  return TOKEN_DESCRIPTIONS[token.type] ?? token.type;
}

/** `name:if`, `block_end`, `|`: Jinja's token expressions. */
function describeExpr(expr: string): string {
  if (expr.startsWith('name:')) return expr.slice(5);
  return TOKEN_DESCRIPTIONS[expr] ?? expr;
}

function python(text: string): string {
  return text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text}'`;
}

class JinjaParser {
  private index = 0;
  private readonly endTokenStack: string[][] = [];
  private readonly tagStack: string[] = [];

  constructor(private readonly tokens: JinjaToken[]) {}

  get current(): JinjaToken {
    const token = this.tokens[this.index]!;
    if (token.type === 'error') throw new SyntaxFailure(String(token.value), token.start);
    return token;
  }

  private look(): JinjaToken {
    const token = this.tokens[this.index + 1] ?? this.tokens.at(-1)!;
    if (token.type === 'error') throw new SyntaxFailure(String(token.value), token.start);
    return token;
  }

  /** Moves on; like Jinja's TokenStream, lexing the new current token (so its lexical error raises). */
  private next(): JinjaToken {
    const token = this.current;
    if (token.type !== 'eof') this.index += 1;
    void this.current;
    return token;
  }

  get atEnd(): boolean {
    return this.current.type === 'eof';
  }

  private test(token: JinjaToken, expr: string): boolean {
    if (expr.startsWith('name:')) return token.type === 'name' && token.value === expr.slice(5);
    if (token.type === expr) return true;
    return token.type === 'operator' && token.value === expr;
  }

  private skipIf(expr: string): boolean {
    if (this.test(this.current, expr)) {
      this.next();
      return true;
    }
    return false;
  }

  private fail(message: string, token: JinjaToken = this.current): never {
    throw new SyntaxFailure(message, token.start);
  }

  private expect(expr: string): JinjaToken {
    const token = this.current;
    if (!this.test(token, expr)) {
      if (token.type === 'eof')
        this.fail(`unexpected end of template, expected ${python(describeExpr(expr))}.`);
      this.fail(`expected token ${python(describeExpr(expr))}, got ${python(describe(token))}`);
    }
    return this.next();
  }

  private previousEnd(): number {
    return this.tokens[this.index - 1]?.end ?? 0;
  }

  // ------------------------------------------------------------------------------------ expressions

  parseExpression(withCondexpr = true): JinjaNode {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): JinjaNode {
    let expr1 = this.parseOr();
    while (this.skipIf('name:if')) {
      const test = this.parseOr();
      const otherwise = this.skipIf('name:else') ? this.parseCondexpr() : null;
      expr1 = {
        type: 'cond',
        test,
        whenTrue: expr1,
        whenFalse: otherwise,
        start: expr1.start,
        end: this.previousEnd(),
      };
    }
    return expr1;
  }

  private parseOr(): JinjaNode {
    let left = this.parseAnd();
    while (this.skipIf('name:or')) {
      const right = this.parseAnd();
      left = { type: 'binary', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): JinjaNode {
    let left = this.parseNot();
    while (this.skipIf('name:and')) {
      const right = this.parseNot();
      left = { type: 'binary', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): JinjaNode {
    const token = this.current;
    if (this.test(token, 'name:not')) {
      this.next();
      const operand = this.parseNot();
      return { type: 'unary', op: 'not', operand, start: token.start, end: operand.end };
    }
    return this.parseCompare();
  }

  private parseCompare(): JinjaNode {
    const expr = this.parseMath1();
    const ops: JinjaCompare['ops'] = [];
    for (;;) {
      const token = this.current;
      if (token.type === 'operator' && COMPARE_OPERATORS.has(token.value as string)) {
        this.next();
        ops.push({ op: token.value as '==', right: this.parseMath1() });
      } else if (this.skipIf('name:in')) {
        ops.push({ op: 'in', right: this.parseMath1() });
      } else if (this.test(token, 'name:not') && this.test(this.look(), 'name:in')) {
        this.next();
        this.next();
        ops.push({ op: 'notin', right: this.parseMath1() });
      } else {
        break;
      }
    }
    if (ops.length === 0) return expr;
    return { type: 'compare', left: expr, ops, start: expr.start, end: this.previousEnd() };
  }

  private parseBinaryLevel(next: () => JinjaNode, operators: string[]): JinjaNode {
    let left = next();
    for (;;) {
      const token = this.current;
      if (token.type !== 'operator' || !operators.includes(token.value as string)) return left;
      this.next();
      const right = next();
      left = { type: 'binary', op: token.value as '+', left, right, start: left.start, end: right.end };
    }
  }

  private parseMath1(): JinjaNode {
    return this.parseBinaryLevel(() => this.parseConcat(), ['+', '-']);
  }

  private parseConcat(): JinjaNode {
    return this.parseBinaryLevel(() => this.parseMath2(), ['~']);
  }

  private parseMath2(): JinjaNode {
    return this.parseBinaryLevel(() => this.parsePow(), ['*', '/', '//', '%']);
  }

  private parsePow(): JinjaNode {
    return this.parseBinaryLevel(() => this.parseUnary(), ['**']);
  }

  private parseUnary(withFilter = true): JinjaNode {
    const token = this.current;
    let node: JinjaNode;
    if (this.test(token, '-') || this.test(token, '+')) {
      this.next();
      const operand = this.parseUnary(false);
      node = { type: 'unary', op: token.value as '-', operand, start: token.start, end: operand.end };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  parsePrimary(): JinjaNode {
    const token = this.current;
    const span = { start: token.start, end: token.end };
    if (token.type === 'name') {
      this.next();
      const name = token.value as string;
      if (name === 'true' || name === 'True') return { type: 'const', value: true, ...span };
      if (name === 'false' || name === 'False') return { type: 'const', value: false, ...span };
      if (name === 'none' || name === 'None') return { type: 'const', value: null, ...span };
      return { type: 'name', name, ...span };
    }
    if (token.type === 'string') {
      this.next();
      let value = token.value as string;
      let end = token.end;
      while (this.current.type === 'string') {
        value += this.current.value as string;
        end = this.next().end;
      }
      return { type: 'const', value, start: token.start, end };
    }
    if (token.type === 'integer' || token.type === 'float') {
      this.next();
      return {
        type: 'const',
        value: token.value as number,
        numberKind: token.type === 'float' ? 'float' : 'int',
        ...span,
      };
    }
    if (this.test(token, '(')) {
      this.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.expect(')');
      return node;
    }
    if (this.test(token, '[')) return this.parseList();
    if (this.test(token, '{')) return this.parseDict();
    return this.fail(`unexpected ${python(describe(token))}`);
  }

  parseTuple(
    options: {
      simplified?: boolean;
      withCondexpr?: boolean;
      extraEndRules?: string[];
      explicitParentheses?: boolean;
    } = {},
  ): JinjaNode {
    const start = this.current.start;
    const parse = options.simplified
      ? () => this.parsePrimary()
      : () => this.parseExpression(options.withCondexpr ?? true);
    const items: JinjaNode[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.expect(',');
      if (this.isTupleEnd(options.extraEndRules)) break;
      items.push(parse());
      if (this.test(this.current, ',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0]!;
      if (!options.explicitParentheses) {
        this.fail(`Expected an expression, got ${python(describe(this.current))}`);
      }
    }
    return { type: 'tuple', items, start, end: this.previousEnd() };
  }

  private isTupleEnd(extraEndRules?: string[]): boolean {
    const token = this.current;
    if (token.type === 'variable_end' || token.type === 'block_end' || this.test(token, ')')) return true;
    return extraEndRules?.some((rule) => this.test(token, rule)) ?? false;
  }

  private parseList(): JinjaNode {
    const open = this.expect('[');
    const items: JinjaNode[] = [];
    while (!this.test(this.current, ']')) {
      if (items.length > 0) this.expect(',');
      if (this.test(this.current, ']')) break;
      items.push(this.parseExpression());
    }
    const close = this.expect(']');
    return { type: 'list', items, start: open.start, end: close.end };
  }

  private parseDict(): JinjaNode {
    const open = this.expect('{');
    const items: { key: JinjaNode; value: JinjaNode }[] = [];
    while (!this.test(this.current, '}')) {
      if (items.length > 0) this.expect(',');
      if (this.test(this.current, '}')) break;
      const key = this.parseExpression();
      this.expect(':');
      items.push({ key, value: this.parseExpression() });
    }
    const close = this.expect('}');
    return { type: 'dict', items, start: open.start, end: close.end };
  }

  private parsePostfix(node: JinjaNode): JinjaNode {
    for (;;) {
      const token = this.current;
      if (this.test(token, '.') || this.test(token, '[')) node = this.parseSubscript(node);
      else if (this.test(token, '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: JinjaNode): JinjaNode {
    for (;;) {
      const token = this.current;
      if (this.test(token, '|')) node = this.parseFilter(node);
      else if (this.test(token, 'name:is')) node = this.parseTest(node);
      else if (this.test(token, '(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: JinjaNode): JinjaNode {
    const token = this.next();
    if (token.value === '.') {
      const attr = this.current;
      this.next();
      if (attr.type === 'name') {
        return {
          type: 'getattr',
          object: node,
          attr: attr.value as string,
          start: node.start,
          end: attr.end,
        };
      }
      if (attr.type !== 'integer') this.fail('expected name or number', attr);
      const index: JinjaNode = {
        type: 'const',
        value: attr.value,
        numberKind: 'int',
        start: attr.start,
        end: attr.end,
      };
      return { type: 'getitem', object: node, index, start: node.start, end: attr.end };
    }
    const args: JinjaNode[] = [];
    while (!this.test(this.current, ']')) {
      if (args.length > 0) this.expect(',');
      args.push(this.parseSubscribed());
    }
    const close = this.expect(']');
    const index: JinjaNode =
      args.length === 1 ? args[0]! : { type: 'tuple', items: args, start: token.end, end: close.start };
    return { type: 'getitem', object: node, index, start: node.start, end: close.end };
  }

  private parseSubscribed(): JinjaNode {
    const start = this.current.start;
    const parts: (JinjaNode | null)[] = [];
    if (this.test(this.current, ':')) {
      this.next();
      parts.push(null);
    } else {
      const node = this.parseExpression();
      if (!this.test(this.current, ':')) return node;
      this.next();
      parts.push(node);
    }
    if (this.test(this.current, ':')) parts.push(null);
    else if (!this.test(this.current, ']') && !this.test(this.current, ','))
      parts.push(this.parseExpression());
    else parts.push(null);
    if (this.test(this.current, ':')) {
      this.next();
      if (!this.test(this.current, ']') && !this.test(this.current, ',')) parts.push(this.parseExpression());
      else parts.push(null);
    } else {
      parts.push(null);
    }
    return {
      type: 'slice',
      lower: parts[0]!,
      upper: parts[1]!,
      step: parts[2]!,
      start,
      end: this.previousEnd(),
    };
  }

  private parseCallArgs(): JinjaArgs {
    this.expect('(');
    const result: JinjaArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail('invalid syntax for function call expression');
    };
    while (!this.test(this.current, ')')) {
      if (requireComma) {
        this.expect(',');
        if (this.test(this.current, ')')) break;
      }
      if (this.test(this.current, '*')) {
        ensure(result.dynArgs === null && result.dynKwargs === null);
        this.next();
        result.dynArgs = this.parseExpression();
      } else if (this.test(this.current, '**')) {
        ensure(result.dynKwargs === null);
        this.next();
        result.dynKwargs = this.parseExpression();
      } else if (this.current.type === 'name' && this.test(this.look(), '=')) {
        ensure(result.dynKwargs === null);
        const name = this.current.value as string;
        this.next();
        this.next();
        result.kwargs.push({ name, value: this.parseExpression() });
      } else {
        ensure(result.dynArgs === null && result.dynKwargs === null && result.kwargs.length === 0);
        result.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expect(')');
    return result;
  }

  private parseCall(node: JinjaNode): JinjaNode {
    const args = this.parseCallArgs();
    return { type: 'call', callee: node, ...args, start: node.start, end: this.previousEnd() };
  }

  private parseFilterName(): string {
    let name = this.expect('name').value as string;
    while (this.test(this.current, '.')) {
      this.next();
      name += `.${this.expect('name').value as string}`;
    }
    return name;
  }

  private parseFilter(node: JinjaNode | null, startInline = false): JinjaNode {
    let result = node;
    let inline = startInline;
    const start = node?.start ?? this.current.start;
    while (this.test(this.current, '|') || inline) {
      if (!inline) this.next();
      inline = false;
      const name = this.parseFilterName();
      const args = this.test(this.current, '(')
        ? this.parseCallArgs()
        : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      result = { type: 'filter', node: result, name, ...args, start, end: this.previousEnd() };
    }
    return result!;
  }

  private parseTest(node: JinjaNode): JinjaNode {
    this.next();
    const negated = this.skipIf('name:not');
    const name = this.parseFilterName();
    let args: JinjaArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const token = this.current;
    if (this.test(token, '(')) {
      args = this.parseCallArgs();
    } else if (
      (['name', 'string', 'integer', 'float'].includes(token.type) ||
        this.test(token, '(') ||
        this.test(token, '[') ||
        this.test(token, '{')) &&
      !['name:else', 'name:or', 'name:and'].some((rule) => this.test(token, rule))
    ) {
      if (this.test(token, 'name:is')) this.fail('You cannot chain multiple tests with is');
      const arg = this.parsePostfix(this.parsePrimary());
      args = { args: [arg], kwargs: [], dynArgs: null, dynKwargs: null };
    }
    return { type: 'test', node, name, negated, ...args, start: node.start, end: this.previousEnd() };
  }

  // ------------------------------------------------------------------------------------ statements

  parseTemplate(): JinjaTemplateNode[] {
    return this.subparse(null);
  }

  private subparse(endTokens: string[] | null): JinjaTemplateNode[] {
    const body: JinjaTemplateNode[] = [];
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      for (;;) {
        const token = this.current;
        if (token.type === 'eof') break;
        if (token.type === 'data') {
          this.next();
          body.push({ type: 'text', text: token.value as string, start: token.start, end: token.end });
        } else if (token.type === 'variable_begin') {
          this.next();
          const expr = this.parseTuple({ withCondexpr: true });
          const end = this.expect('variable_end');
          body.push({ type: 'output', expr, start: token.start, end: end.end });
        } else if (token.type === 'block_begin') {
          this.next();
          if (endTokens?.some((rule) => this.test(this.current, rule))) return body;
          body.push(this.parseStatement(token.start));
          this.expect('block_end');
        } else {
          this.fail('internal parsing error');
        }
      }
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
    return body;
  }

  private parseStatements(endTokens: string[], dropNeedle = false): JinjaTemplateNode[] {
    this.skipIf(':');
    this.expect('block_end');
    const result = this.subparse(endTokens);
    if (this.current.type === 'eof') this.failUnknownTag(null, endTokens);
    if (dropNeedle) this.next();
    return result;
  }

  private failUnknownTag(name: string | null, endTokens?: string[]): never {
    const stack = endTokens ? [...this.endTokenStack, endTokens] : this.endTokenStack;
    const expected = new Set<string>();
    for (const group of stack) for (const rule of group) expected.add(describeExpr(rule));
    const currentlyLooking =
      stack.length > 0
        ? stack
            .at(-1)!
            .map((rule) => python(describeExpr(rule)))
            .join(' or ')
        : null;
    const message: string[] = [
      name === null ? 'Unexpected end of template.' : `Encountered unknown tag ${python(name)}.`,
    ];
    if (currentlyLooking) {
      if (name !== null && expected.has(name)) {
        message.push(
          `You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for ${currentlyLooking}.`,
        );
      } else {
        message.push(`Jinja was looking for the following tags: ${currentlyLooking}.`);
      }
    }
    if (this.tagStack.length > 0) {
      message.push(`The innermost block that needs to be closed is ${python(this.tagStack.at(-1)!)}.`);
    }
    return this.fail(message.join(' '));
  }

  private parseStatement(start: number): JinjaTemplateNode {
    const token = this.current;
    if (token.type !== 'name') this.fail('tag name expected');
    const tag = token.value as string;
    this.tagStack.push(tag);
    let popTag = true;
    try {
      switch (tag) {
        case 'for':
          return this.parseFor(start);
        case 'if':
          return this.parseIf(start);
        case 'set':
          return this.parseSet(start);
        case 'with':
          return this.parseWith(start);
        case 'filter':
          return this.parseFilterBlock(start);
        case 'print': {
          this.next();
          const exprs: JinjaNode[] = [];
          while (this.current.type !== 'block_end') {
            if (exprs.length > 0) this.expect(',');
            exprs.push(this.parseExpression());
          }
          return { type: 'unsupported', tag, exprs, body: [], start, end: this.previousEnd() };
        }
        case 'extends':
        case 'include':
        case 'import':
        case 'from':
          return this.parseTemplateReference(tag, start);
        case 'block':
        case 'macro':
        case 'call':
        case 'autoescape':
          return this.parseOtherBlock(tag, start);
        default:
          this.tagStack.pop();
          popTag = false;
          return this.failUnknownTag(tag);
      }
    } finally {
      if (popTag) this.tagStack.pop();
    }
  }

  private parseAssignTarget(
    options: {
      withTuple?: boolean;
      nameOnly?: boolean;
      extraEndRules?: string[];
      withNamespace?: boolean;
    } = {},
  ): JinjaNode {
    let target: JinjaNode;
    if (options.nameOnly) {
      const token = this.expect('name');
      target = { type: 'name', name: token.value as string, start: token.start, end: token.end };
    } else if (options.withNamespace && this.current.type === 'name' && this.test(this.look(), '.')) {
      const token = this.expect('name');
      this.next();
      const attr = this.expect('name');
      target = {
        type: 'nsref',
        name: token.value as string,
        attr: attr.value as string,
        start: token.start,
        end: attr.end,
      };
    } else if (options.withTuple ?? true) {
      target = this.parseTuple({ simplified: true, extraEndRules: options.extraEndRules ?? [] });
    } else {
      target = this.parsePrimary();
    }
    if (!canAssign(target))
      this.fail(`can't assign to ${python(nodeTypeName(target))}`, this.tokens[this.index - 1]);
    return target;
  }

  private parseFor(start: number): JinjaTemplateNode {
    this.expect('name:for');
    const target = this.parseAssignTarget({ extraEndRules: ['name:in'] });
    this.expect('name:in');
    const iter = this.parseTuple({ withCondexpr: false, extraEndRules: ['name:recursive'] });
    const filter = this.skipIf('name:if') ? this.parseExpression() : null;
    const recursive = this.skipIf('name:recursive');
    const body = this.parseStatements(['name:endfor', 'name:else']);
    const otherwise = this.next().value === 'endfor' ? [] : this.parseStatements(['name:endfor'], true);
    return { type: 'for', target, iter, filter, recursive, body, otherwise, start, end: this.previousEnd() };
  }

  private parseIf(start: number): JinjaTemplateNode {
    this.expect('name:if');
    const branches: { test: JinjaNode; body: JinjaTemplateNode[] }[] = [];
    let otherwise: JinjaTemplateNode[] = [];
    for (;;) {
      const test = this.parseTuple({ withCondexpr: false });
      const body = this.parseStatements(['name:elif', 'name:else', 'name:endif']);
      branches.push({ test, body });
      const token = this.next();
      if (token.value === 'elif') continue;
      if (token.value === 'else') otherwise = this.parseStatements(['name:endif'], true);
      break;
    }
    return { type: 'if', branches, otherwise, start, end: this.previousEnd() };
  }

  private parseSet(start: number): JinjaTemplateNode {
    this.expect('name:set');
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.skipIf('=')) {
      const value = this.parseTuple();
      return { type: 'set', target, value, start, end: this.previousEnd() };
    }
    const filter = this.test(this.current, '|') ? (this.parseFilter(null) as JinjaFilter) : null;
    const body = this.parseStatements(['name:endset'], true);
    return { type: 'setblock', target, filter, body, start, end: this.previousEnd() };
  }

  private parseWith(start: number): JinjaTemplateNode {
    this.expect('name:with');
    const targets: JinjaNode[] = [];
    const values: JinjaNode[] = [];
    while (this.current.type !== 'block_end') {
      if (targets.length > 0) this.expect(',');
      const target = this.parseAssignTarget();
      targets.push(target);
      this.expect('=');
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(['name:endwith'], true);
    return { type: 'with', targets, values, body, start, end: this.previousEnd() };
  }

  private parseFilterBlock(start: number): JinjaTemplateNode {
    this.expect('name:filter');
    const filter = this.parseFilter(null, true) as JinjaFilter;
    const body = this.parseStatements(['name:endfilter'], true);
    return { type: 'filterblock', filter, body, start, end: this.previousEnd() };
  }

  private parseTemplateReference(tag: string, start: number): JinjaTemplateNode {
    this.next();
    const exprs: JinjaNode[] = [this.parseExpression()];
    if (tag === 'include') {
      if (this.test(this.current, 'name:ignore') && this.test(this.look(), 'name:missing')) {
        this.next();
        this.next();
      }
      this.parseContextModifier();
    } else if (tag === 'import') {
      this.expect('name:as');
      this.parseAssignTarget({ nameOnly: true });
      this.parseContextModifier();
    } else if (tag === 'from') {
      this.expect('name:import');
      let first = true;
      for (;;) {
        if (!first) this.expect(',');
        first = false;
        if (this.current.type === 'name') {
          if (this.parseContextModifier()) break;
          const target = this.parseAssignTarget({ nameOnly: true });
          if ((target as { name: string }).name.startsWith('_')) {
            this.fail('names starting with an underline can not be imported');
          }
          if (this.skipIf('name:as')) this.parseAssignTarget({ nameOnly: true });
          if (this.parseContextModifier() || !this.test(this.current, ',')) break;
        } else {
          this.expect('name');
        }
      }
    }
    return { type: 'unsupported', tag, exprs, body: [], start, end: this.previousEnd() };
  }

  private parseContextModifier(): boolean {
    const token = this.current;
    if (
      (this.test(token, 'name:with') || this.test(token, 'name:without')) &&
      this.test(this.look(), 'name:context')
    ) {
      this.next();
      this.next();
      return true;
    }
    return false;
  }

  private parseOtherBlock(tag: string, start: number): JinjaTemplateNode {
    this.next();
    const exprs: JinjaNode[] = [];
    if (tag === 'block') {
      const name = this.expect('name');
      if (this.test(this.current, '-'))
        this.fail(
          'Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.',
        );
      this.skipIf('name:scoped');
      this.skipIf('name:required');
      const body = this.parseStatements(['name:endblock'], true);
      if (this.current.type === 'name' && this.current.value !== name.value) {
        this.fail(`Block name mismatch`);
      }
      if (this.current.type === 'name') this.next();
      return { type: 'unsupported', tag, exprs, body, start, end: this.previousEnd() };
    }
    if (tag === 'macro') {
      this.parseAssignTarget({ nameOnly: true });
      this.parseSignature(exprs);
    } else if (tag === 'call') {
      if (this.test(this.current, '(')) this.parseSignature(exprs);
      const call = this.parseExpression();
      if (call.type !== 'call') this.fail('expected call', this.current);
      exprs.push(call);
    } else {
      exprs.push(this.parseExpression());
    }
    const body = this.parseStatements([`name:${TAGS_WITH_BODY[tag]!}`], true);
    return { type: 'unsupported', tag, exprs, body, start, end: this.previousEnd() };
  }

  private parseSignature(exprs: JinjaNode[]): void {
    this.expect('(');
    let first = true;
    while (!this.test(this.current, ')')) {
      if (!first) this.expect(',');
      first = false;
      this.parseAssignTarget({ nameOnly: true });
      if (this.skipIf('=')) exprs.push(this.parseExpression());
    }
    this.expect(')');
  }
}

function canAssign(node: JinjaNode): boolean {
  if (node.type === 'name' || node.type === 'nsref') return true;
  if (node.type === 'tuple') return node.items.every(canAssign);
  return false;
}

const NODE_NAMES: Record<JinjaNode['type'], string> = {
  const: 'const',
  name: 'name',
  getattr: 'getattr',
  getitem: 'getitem',
  slice: 'slice',
  call: 'call',
  filter: 'filter',
  test: 'test',
  binary: 'binary',
  unary: 'unary',
  compare: 'compare',
  cond: 'condexpr',
  list: 'list',
  tuple: 'tuple',
  dict: 'dict',
  nsref: 'nsref',
};

function nodeTypeName(node: JinjaNode): string {
  return NODE_NAMES[node.type];
}

/**
 * Parses a whole string value as a Jinja template (what Orquesta's `validate` and block rendering do).
 * @throws SyntaxFailure with Jinja's message and the offset of the offending token.
 */
export function parseJinjaTemplate(source: string): JinjaTemplateNode[] {
  return new JinjaParser(lexJinjaTemplate(source)).parseTemplate();
}

/**
 * Parses one expression body `source.slice(start, end)`, as Orquesta does for each `{{ … }}`.
 * `complete` also requires the body to end after the expression (Jinja's `compile_expression`:
 * "chunk after expression"); Orquesta's `validate` does not.
 * @throws SyntaxFailure
 */
export function parseJinjaExpressionBody(
  source: string,
  start: number,
  end: number,
  complete: boolean,
): JinjaNode {
  const parser = new JinjaParser(lexJinjaExpression(source, start, end));
  const node = parser.parseExpression();
  if (complete && !parser.atEnd) throw new SyntaxFailure('chunk after expression', parser.current.start);
  return node;
}
