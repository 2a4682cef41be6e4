/**
 * What a parsed string value reads and calls: the context variables (`ctx().x`, `ctx('x')`, …) and the
 * functions, with offsets into the string. Works on the ASTs, so strings, comments and lambdas are
 * told apart from reads.
 */
import type { JinjaArgs, JinjaNode, JinjaTemplateNode, ParsedValue, YaqlArg, YaqlNode } from './types.js';

/** How a context variable is read. */
export type ContextReadKind =
  /** `ctx().x`, `ctx()?.x` */
  | 'member'
  /** `ctx('x')`, `ctx("x")`, YAQL's `ctx(x)` */
  | 'call'
  /** `ctx()['x']` */
  | 'index'
  /** `ctx().get('x')`, `ctx().get('x', default)`: a safe read, no error when `x` is missing */
  | 'get'
  /** YAQL `$.x` outside any function's arguments (in Orquesta, `$` is not the workflow context) */
  | 'dollar';

/** One read of a context variable. */
export interface ContextRead {
  name: string;
  kind: ContextReadKind;
  /** Whether a missing variable is not an error (`get`). */
  safe: boolean;
  /** Span of the whole read (`ctx().x`) in the string value. */
  start: number;
  end: number;
}

/** An argument of a function call as far as it is known before evaluation. */
export type CallArgument =
  | { kind: 'literal'; value: string | number | boolean | null }
  /** A bare YAQL identifier: `item(name)`, `ctx(x)` */
  | { kind: 'name'; name: string }
  | { kind: 'expression' };

/** One call of a function, a method (`x.get(…)`) or a Jinja filter (`x | join(',')`). */
export interface FunctionCall {
  name: string;
  kind: 'function' | 'method' | 'filter';
  /** Positional arguments (a YAQL skipped slot is `{ kind: 'expression' }`). */
  args: CallArgument[];
  /** Keyword arguments by name (YAQL `name => value`, Jinja `name=value`). */
  kwargs: Record<string, CallArgument>;
  start: number;
  end: number;
}

// -------------------------------------------------------------------------------------------- walkers

/** Calls `visit` on every YAQL node under `node`, parents first. */
export function walkYaql(node: YaqlNode, visit: (node: YaqlNode, parent: YaqlNode | null) => void): void {
  const walk = (current: YaqlNode, parent: YaqlNode | null): void => {
    visit(current, parent);
    const args = (items: YaqlArg[]) => {
      for (const arg of items) {
        if (arg.type === 'skipped') continue;
        if (arg.type === 'named') {
          walk(arg.key, current);
          walk(arg.value, current);
        } else {
          walk(arg, current);
        }
      }
    };
    switch (current.type) {
      case 'call':
        args(current.args);
        break;
      case 'binary':
        walk(current.left, current);
        walk(current.right, current);
        break;
      case 'unary':
        walk(current.operand, current);
        break;
      case 'index':
        walk(current.target, current);
        args(current.args);
        break;
      case 'list':
      case 'map':
        args(current.items);
        break;
      case 'group':
        walk(current.expr, current);
        break;
      default:
        break;
    }
  };
  walk(node, null);
}

/** The direct children of a Jinja node. */
function jinjaChildren(node: JinjaNode): JinjaNode[] {
  const args = (call: JinjaArgs): JinjaNode[] => [
    ...call.args,
    ...call.kwargs.map((kwarg) => kwarg.value),
    ...(call.dynArgs ? [call.dynArgs] : []),
    ...(call.dynKwargs ? [call.dynKwargs] : []),
  ];
  switch (node.type) {
    case 'getattr':
      return [node.object];
    case 'getitem':
      return [node.object, node.index];
    case 'slice':
      return [node.lower, node.upper, node.step].filter((item): item is JinjaNode => item !== null);
    case 'call':
      return [node.callee, ...args(node)];
    case 'filter':
      return [...(node.node ? [node.node] : []), ...args(node)];
    case 'test':
      return [node.node, ...args(node)];
    case 'binary':
      return [node.left, node.right];
    case 'unary':
      return [node.operand];
    case 'compare':
      return [node.left, ...node.ops.map((op) => op.right)];
    case 'cond':
      return [node.test, node.whenTrue, ...(node.whenFalse ? [node.whenFalse] : [])];
    case 'list':
    case 'tuple':
      return node.items;
    case 'dict':
      return node.items.flatMap((item) => [item.key, item.value]);
    default:
      return [];
  }
}

/** Calls `visit` on every Jinja node under `node`, parents first. */
export function walkJinja(node: JinjaNode, visit: (node: JinjaNode, parent: JinjaNode | null) => void): void {
  const walk = (current: JinjaNode, parent: JinjaNode | null): void => {
    visit(current, parent);
    for (const child of jinjaChildren(current)) walk(child, current);
  };
  walk(node, null);
}

/** Every expression of a Jinja template (statement tests, loop iterables, outputs, …), in order. */
export function templateExpressions(nodes: JinjaTemplateNode[]): JinjaNode[] {
  const out: JinjaNode[] = [];
  const visit = (list: JinjaTemplateNode[]): void => {
    for (const node of list) {
      switch (node.type) {
        case 'output':
          out.push(node.expr);
          break;
        case 'if':
          for (const branch of node.branches) {
            out.push(branch.test);
            visit(branch.body);
          }
          visit(node.otherwise);
          break;
        case 'for':
          out.push(node.target, node.iter);
          if (node.filter) out.push(node.filter);
          visit(node.body);
          visit(node.otherwise);
          break;
        case 'set':
          out.push(node.target, node.value);
          break;
        case 'setblock':
          out.push(node.target);
          if (node.filter) out.push(node.filter);
          visit(node.body);
          break;
        case 'with':
          out.push(...node.targets, ...node.values);
          visit(node.body);
          break;
        case 'filterblock':
          out.push(node.filter);
          visit(node.body);
          break;
        case 'unsupported':
          out.push(...node.exprs);
          visit(node.body);
          break;
        default:
          break;
      }
    }
  };
  visit(nodes);
  return out;
}

/** The ASTs of a parsed value: YAQL parts, or Jinja expressions (the whole template when it has one). */
function roots(parsed: ParsedValue): { yaql: YaqlNode[]; jinja: JinjaNode[] } {
  const yaql: YaqlNode[] = [];
  const jinja: JinjaNode[] = [];
  if (parsed.template) {
    jinja.push(...templateExpressions(parsed.template));
  } else {
    for (const part of parsed.parts) {
      if (part.kind === 'yaql' && part.ast) yaql.push(part.ast);
      if (part.kind === 'jinja' && part.ast) jinja.push(part.ast);
    }
  }
  return { yaql, jinja };
}

// ------------------------------------------------------------------------------------- context reads

function yaqlStringArg(arg: YaqlArg | undefined): string | null {
  if (arg === undefined) return null;
  if (arg.type === 'constant' && typeof arg.value === 'string') return arg.value;
  if (arg.type === 'keyword') return arg.name;
  return null;
}

/** `ctx()` with no arguments. */
function isYaqlContext(node: YaqlNode): boolean {
  return node.type === 'call' && node.name === 'ctx' && node.args.length === 0;
}

function yaqlReads(root: YaqlNode, reads: ContextRead[]): void {
  const lambdaArgs = new Set<YaqlNode>();
  walkYaql(root, (node, parent) => {
    if (parent && (parent.type === 'call' || lambdaArgs.has(parent))) lambdaArgs.add(node);
    const span = { start: node.start, end: node.end };
    if (node.type === 'call' && node.name === 'ctx' && node.args.length === 1) {
      const name = yaqlStringArg(node.args[0]);
      if (name !== null) reads.push({ name, kind: 'call', safe: false, ...span });
    } else if (node.type === 'binary' && (node.op === '.' || node.op === '?.')) {
      if (isYaqlContext(node.left)) {
        if (node.right.type === 'keyword') {
          reads.push({ name: node.right.name, kind: 'member', safe: false, ...span });
        } else if (node.right.type === 'call' && node.right.name === 'get') {
          const name = yaqlStringArg(node.right.args[0]);
          if (name !== null) reads.push({ name, kind: 'get', safe: true, ...span });
        }
      } else if (
        node.left.type === 'dollar' &&
        node.left.name === '' &&
        node.right.type === 'keyword' &&
        !lambdaArgs.has(node)
      ) {
        reads.push({ name: node.right.name, kind: 'dollar', safe: false, ...span });
      }
    } else if (node.type === 'index' && isYaqlContext(node.target)) {
      const first = node.args[0];
      if (node.args.length === 1 && first?.type === 'constant' && typeof first.value === 'string') {
        reads.push({ name: first.value, kind: 'index', safe: false, ...span });
      }
    }
  });
}

function isJinjaContext(node: JinjaNode): boolean {
  return (
    node.type === 'call' &&
    node.callee.type === 'name' &&
    node.callee.name === 'ctx' &&
    node.args.length === 0 &&
    node.kwargs.length === 0 &&
    node.dynArgs === null &&
    node.dynKwargs === null
  );
}

function jinjaString(node: JinjaNode | undefined): string | null {
  return node?.type === 'const' && typeof node.value === 'string' ? node.value : null;
}

function jinjaReads(root: JinjaNode, reads: ContextRead[]): void {
  walkJinja(root, (node) => {
    const span = { start: node.start, end: node.end };
    if (node.type === 'call') {
      const { callee } = node;
      if (callee.type === 'name' && callee.name === 'ctx' && node.args.length === 1) {
        const name = jinjaString(node.args[0]);
        if (name !== null) reads.push({ name, kind: 'call', safe: false, ...span });
      } else if (callee.type === 'getattr' && callee.attr === 'get' && isJinjaContext(callee.object)) {
        const name = jinjaString(node.args[0]);
        if (name !== null) reads.push({ name, kind: 'get', safe: true, ...span });
      }
    } else if (node.type === 'getattr' && isJinjaContext(node.object)) {
      // `ctx().get(…)` is a method call, reported by its call.
      if (node.attr !== 'get') reads.push({ name: node.attr, kind: 'member', safe: false, ...span });
    } else if (node.type === 'getitem' && isJinjaContext(node.object)) {
      const name = jinjaString(node.index);
      if (name !== null) reads.push({ name, kind: 'index', safe: false, ...span });
    }
  });
}

/**
 * The context variables a string value reads, in order of their offset: `ctx().x`, `ctx('x')`,
 * `ctx(x)` (YAQL), `ctx()['x']`, `ctx().get('x', d)` (safe), and YAQL `$.x` outside function
 * arguments (kind `dollar`). Expressions with syntax errors contribute nothing.
 */
export function contextReads(parsed: ParsedValue): ContextRead[] {
  const reads: ContextRead[] = [];
  const { yaql, jinja } = roots(parsed);
  for (const root of yaql) yaqlReads(root, reads);
  for (const root of jinja) jinjaReads(root, reads);
  return reads.sort((a, b) => a.start - b.start);
}

// ---------------------------------------------------------------------------------------- functions

function yaqlArgument(arg: YaqlArg): CallArgument {
  if (arg.type === 'constant') return { kind: 'literal', value: arg.value };
  if (arg.type === 'keyword') return { kind: 'name', name: arg.name };
  return { kind: 'expression' };
}

function jinjaArgument(node: JinjaNode): CallArgument {
  if (node.type === 'const') return { kind: 'literal', value: node.value };
  if (
    node.type === 'unary' &&
    node.op === '-' &&
    node.operand.type === 'const' &&
    typeof node.operand.value === 'number'
  ) {
    return { kind: 'literal', value: -node.operand.value };
  }
  return { kind: 'expression' };
}

function yaqlCalls(root: YaqlNode, calls: FunctionCall[]): void {
  const methods = new Set<YaqlNode>();
  walkYaql(root, (node) => {
    if (node.type === 'binary' && (node.op === '.' || node.op === '?.') && node.right.type === 'call') {
      methods.add(node.right);
    }
    if (node.type !== 'call') return;
    const args: CallArgument[] = [];
    const kwargs: Record<string, CallArgument> = {};
    for (const arg of node.args) {
      if (arg.type === 'named') {
        const key = arg.key.type === 'keyword' ? arg.key.name : yaqlStringArg(arg.key);
        if (key !== null) kwargs[key] = yaqlArgument(arg.value);
      } else {
        args.push(arg.type === 'skipped' ? { kind: 'expression' } : yaqlArgument(arg));
      }
    }
    const kind = methods.has(node) ? 'method' : 'function';
    calls.push({ name: node.name, kind, args, kwargs, start: node.start, end: node.end });
  });
}

function jinjaCalls(root: JinjaNode, calls: FunctionCall[]): void {
  walkJinja(root, (node) => {
    let name: string;
    let kind: FunctionCall['kind'];
    if (node.type === 'filter') {
      name = node.name;
      kind = 'filter';
    } else if (node.type === 'call' && node.callee.type === 'name') {
      name = node.callee.name;
      kind = 'function';
    } else if (node.type === 'call' && node.callee.type === 'getattr') {
      name = node.callee.attr;
      kind = 'method';
    } else {
      return;
    }
    const kwargs: Record<string, CallArgument> = {};
    for (const kwarg of node.kwargs) kwargs[kwarg.name] = jinjaArgument(kwarg.value);
    calls.push({ name, kind, args: node.args.map(jinjaArgument), kwargs, start: node.start, end: node.end });
  });
}

/**
 * Every function, method and Jinja filter a string value calls, in order of offset, with the
 * arguments known before evaluation (`task_status('diagnose')`, `item(name)`).
 */
export function functionCalls(parsed: ParsedValue): FunctionCall[] {
  const calls: FunctionCall[] = [];
  const { yaql, jinja } = roots(parsed);
  for (const root of yaql) yaqlCalls(root, calls);
  for (const root of jinja) jinjaCalls(root, calls);
  return calls.sort((a, b) => a.start - b.start);
}

// ------------------------------------------------------------------------- Orquesta's own extraction

const WORD = String.raw`[\p{L}\p{N}_]`;
/** Python's `\b` (Unicode word characters). */
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const REF = String.raw`[\][a-zA-Z0-9_'".()]*`;
const CTX_REFERENCE = new RegExp(String.raw`${BOUNDARY}ctx\(['"]?${REF}['"]?\)\.?${REF}`, 'gu');
const VAR = '[a-zA-Z0-9_-]+';
const VAR_EXTRACTS = [
  new RegExp(String.raw`(?<=${BOUNDARY}ctx\(\)\.)(${VAR})${BOUNDARY}(?!\()\.?`, 'u'),
  new RegExp(String.raw`(?:${BOUNDARY}ctx\((${VAR})\))`, 'u'),
  new RegExp(String.raw`(?:${BOUNDARY}ctx\('(${VAR})'\))`, 'u'),
  new RegExp(String.raw`(?:${BOUNDARY}ctx\("(${VAR})"\))`, 'u'),
];
const ORQUESTA_EXPRESSIONS: [RegExp, string][] = [
  [/<%.*?%>/g, '<%>'],
  [/\{\{.*?\}\}/g, '{}'],
];

function pythonStrip(text: string, chars: string): string {
  let from = 0;
  let to = text.length;
  while (from < to && chars.includes(text[from]!)) from += 1;
  while (to > from && chars.includes(text[to - 1]!)) to -= 1;
  return text.slice(from, to).trim();
}

/**
 * The variable names Orquesta's inspector takes from a string value (`expressions.base.extract_vars`),
 * with its regexes and their quirks: only `<% %>` and `{{ }}` are searched (not `{% %}`), a
 * `ctx().x` inside a string literal counts, `ctx(x)` counts in Jinja too, `ctx().get('x')` does not.
 * Sorted, without repeats. For Orquesta-exact checks; `contextReads` is the precise reading.
 */
export function orquestaVariableReferences(text: string): string[] {
  const names = new Set<string>();
  for (const [expressions, delimiters] of ORQUESTA_EXPRESSIONS) {
    const references = new Set<string>();
    for (const match of text.matchAll(expressions)) {
      const body = pythonStrip(match[0], delimiters);
      for (const reference of body.matchAll(CTX_REFERENCE)) references.add(reference[0].trim());
    }
    for (const reference of references) {
      for (const extract of VAR_EXTRACTS) {
        const name = extract.exec(reference)?.[1];
        if (name) names.add(name);
      }
    }
  }
  return [...names].sort();
}
