/**
 * Types shared by the expression parsers, analysis helpers and evaluator. Every node carries `start`
 * and `end`: offsets (UTF-16 code units) into the whole string value the expression came from.
 */

/** The two expression languages of an Orquesta workflow. */
export type ExpressionLanguage = 'yaql' | 'jinja';

/** A span of a string value: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A syntax error inside a string value. */
export interface ExpressionSyntaxError {
  /** `null` when the string mixes YAQL and Jinja (Orquesta: "Expression with multiple types …"). */
  language: ExpressionLanguage | null;
  /** What is wrong, in the words of the real parser where we know them. */
  message: string;
  /** The expression as Orquesta reports it: `<% … %>`, `{{ … }}`, or the whole string. */
  expression: string;
  /** Offset of the error in the string value. */
  offset: number;
  /** 1-based line and column of `offset` in the string value. */
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------------------------- YAQL

/** A number literal keeps whether YAQL read it as an int or a float (`1` vs `1.0`). */
export interface YaqlConstant extends Span {
  type: 'constant';
  value: string | number | boolean | null;
  /** Set on number literals: `float` when the literal has a decimal point. */
  numberKind?: 'int' | 'float';
}

/** A bare identifier (YAQL's KeywordConstant): a property name after `.`, a keyword argument name. */
export interface YaqlKeyword extends Span {
  type: 'keyword';
  name: string;
}

/** `$` (name `''`) or `$name`. */
export interface YaqlDollar extends Span {
  type: 'dollar';
  name: string;
}

/** `f(args)`. As the right side of `.` it is a method call on the left side. */
export interface YaqlCall extends Span {
  type: 'call';
  name: string;
  /** Span of the name. */
  nameStart: number;
  args: YaqlArg[];
}

/** Binary operators, `.` and `?.` (member access / method call) included. */
export interface YaqlBinary extends Span {
  type: 'binary';
  op: string;
  left: YaqlNode;
  right: YaqlNode;
}

/** Prefix `-`, `+`, `not`. */
export interface YaqlUnary extends Span {
  type: 'unary';
  op: string;
  operand: YaqlNode;
}

/** `value[args]`. */
export interface YaqlIndex extends Span {
  type: 'index';
  target: YaqlNode;
  args: YaqlArg[];
}

/** `[args]`. */
export interface YaqlList extends Span {
  type: 'list';
  items: YaqlArg[];
}

/** `{args}`: a dictionary literal, its items `key => value`. */
export interface YaqlMap extends Span {
  type: 'map';
  items: YaqlArg[];
}

/** `( value )`. */
export interface YaqlGroup extends Span {
  type: 'group';
  expr: YaqlNode;
}

/** A YAQL expression node. */
export type YaqlNode =
  | YaqlConstant
  | YaqlKeyword
  | YaqlDollar
  | YaqlCall
  | YaqlBinary
  | YaqlUnary
  | YaqlIndex
  | YaqlList
  | YaqlMap
  | YaqlGroup;

/** `key => value` in an argument list (keyword argument, dictionary item). */
export interface YaqlNamedArg extends Span {
  type: 'named';
  key: YaqlNode;
  value: YaqlNode;
}

/** An empty positional slot: `f(a,,b)`. */
export interface YaqlSkippedArg extends Span {
  type: 'skipped';
}

/** One argument of a call, indexer, list or dictionary literal. */
export type YaqlArg = YaqlNode | YaqlNamedArg | YaqlSkippedArg;

// --------------------------------------------------------------------------------------------- Jinja

/** `true`, `none`, numbers, strings. */
export interface JinjaConst extends Span {
  type: 'const';
  value: string | number | boolean | null;
  numberKind?: 'int' | 'float';
}
export interface JinjaName extends Span {
  type: 'name';
  name: string;
}
/** `a.b` (`a.0` is a `getitem`). */
export interface JinjaGetattr extends Span {
  type: 'getattr';
  object: JinjaNode;
  attr: string;
}
export interface JinjaGetitem extends Span {
  type: 'getitem';
  object: JinjaNode;
  index: JinjaNode;
}
export interface JinjaSlice extends Span {
  type: 'slice';
  lower: JinjaNode | null;
  upper: JinjaNode | null;
  step: JinjaNode | null;
}
export interface JinjaKeywordArg {
  name: string;
  value: JinjaNode;
}
export interface JinjaArgs {
  args: JinjaNode[];
  kwargs: JinjaKeywordArg[];
  dynArgs: JinjaNode | null;
  dynKwargs: JinjaNode | null;
}
export interface JinjaCall extends Span, JinjaArgs {
  type: 'call';
  callee: JinjaNode;
}
/** `node | name(args)`; `node` is null in a `{% filter %}` block. */
export interface JinjaFilter extends Span, JinjaArgs {
  type: 'filter';
  node: JinjaNode | null;
  name: string;
}
/** `node is [not] name(args)`. */
export interface JinjaTest extends Span, JinjaArgs {
  type: 'test';
  node: JinjaNode;
  name: string;
  negated: boolean;
}
/** Arithmetic, `~`, `and`, `or`. */
export interface JinjaBinary extends Span {
  type: 'binary';
  op: '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~' | 'and' | 'or';
  left: JinjaNode;
  right: JinjaNode;
}
export interface JinjaUnary extends Span {
  type: 'unary';
  op: 'not' | '-' | '+';
  operand: JinjaNode;
}
/** `a < b <= c`, `a in b`, `a not in b`. */
export interface JinjaCompare extends Span {
  type: 'compare';
  left: JinjaNode;
  ops: { op: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'notin'; right: JinjaNode }[];
}
/** `whenTrue if test else whenFalse`. */
export interface JinjaCond extends Span {
  type: 'cond';
  test: JinjaNode;
  whenTrue: JinjaNode;
  whenFalse: JinjaNode | null;
}
export interface JinjaList extends Span {
  type: 'list';
  items: JinjaNode[];
}
export interface JinjaTuple extends Span {
  type: 'tuple';
  items: JinjaNode[];
}
export interface JinjaDict extends Span {
  type: 'dict';
  items: { key: JinjaNode; value: JinjaNode }[];
}
/** `ns.attr` as an assignment target of `{% set %}`. */
export interface JinjaNsRef extends Span {
  type: 'nsref';
  name: string;
  attr: string;
}

/** A Jinja expression node. */
export type JinjaNode =
  | JinjaConst
  | JinjaName
  | JinjaGetattr
  | JinjaGetitem
  | JinjaSlice
  | JinjaCall
  | JinjaFilter
  | JinjaTest
  | JinjaBinary
  | JinjaUnary
  | JinjaCompare
  | JinjaCond
  | JinjaList
  | JinjaTuple
  | JinjaDict
  | JinjaNsRef;

/** A node of a Jinja template (the whole string value when it holds `{% %}` statements). */
export type JinjaTemplateNode =
  | ({ type: 'text'; text: string } & Span)
  | ({ type: 'output'; expr: JinjaNode } & Span)
  | ({
      type: 'if';
      branches: { test: JinjaNode; body: JinjaTemplateNode[] }[];
      otherwise: JinjaTemplateNode[];
    } & Span)
  | ({
      type: 'for';
      target: JinjaNode;
      iter: JinjaNode;
      filter: JinjaNode | null;
      recursive: boolean;
      body: JinjaTemplateNode[];
      otherwise: JinjaTemplateNode[];
    } & Span)
  | ({ type: 'set'; target: JinjaNode; value: JinjaNode } & Span)
  | ({ type: 'setblock'; target: JinjaNode; filter: JinjaFilter | null; body: JinjaTemplateNode[] } & Span)
  | ({ type: 'with'; targets: JinjaNode[]; values: JinjaNode[]; body: JinjaTemplateNode[] } & Span)
  | ({ type: 'filterblock'; filter: JinjaFilter; body: JinjaTemplateNode[] } & Span)
  /** Tags a workflow has no use for (block, macro, include, …): parsed for syntax, not rendered. */
  | ({ type: 'unsupported'; tag: string; exprs: JinjaNode[]; body: JinjaTemplateNode[] } & Span);

// --------------------------------------------------------------------------------------------- Parts

/** Plain text between expressions. */
export interface TextPart extends Span {
  kind: 'text';
  text: string;
}

/** A `<% … %>` expression. */
export interface YaqlPart extends Span {
  kind: 'yaql';
  /** The expression with its delimiters, as Orquesta's regex finds it. */
  source: string;
  /** The body Orquesta hands to YAQL (delimiter characters and spaces stripped) and its offset. */
  body: string;
  bodyStart: number;
  /** The parsed body, or `null` when it has a syntax error. */
  ast: YaqlNode | null;
  error: ExpressionSyntaxError | null;
}

/** A `{{ … }}` expression. */
export interface JinjaExpressionPart extends Span {
  kind: 'jinja';
  source: string;
  body: string;
  bodyStart: number;
  ast: JinjaNode | null;
  error: ExpressionSyntaxError | null;
}

/** A `{% … %}` statement (`if`, `for`, `set`, …); its expressions are in `ParsedValue.template`. */
export interface JinjaStatementPart extends Span {
  kind: 'jinja-statement';
  source: string;
  /** The tag name (`if`, `endif`, `for`, …), `''` when missing. */
  tag: string;
}

/** One piece of a string value. */
export type ExpressionPart = TextPart | YaqlPart | JinjaExpressionPart | JinjaStatementPart;

/** A string value of a workflow, split into parts and checked. */
export interface ParsedValue {
  /** The string as written. */
  text: string;
  /** The language Orquesta uses for it; `null` for plain text, `'mixed'` when YAQL and Jinja mix. */
  language: ExpressionLanguage | 'mixed' | null;
  /** Text and expressions in order, covering the whole string (empty for `'mixed'`). */
  parts: ExpressionPart[];
  /** The parsed Jinja template when the string holds `{% %}` statements (rendered as a whole). */
  template: JinjaTemplateNode[] | null;
  /** Every syntax error, in the order Orquesta reports them; empty when the string is valid. */
  errors: ExpressionSyntaxError[];
}
