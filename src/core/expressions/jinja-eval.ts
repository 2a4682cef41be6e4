/**
 * Evaluates Jinja expressions and renders templates as Orquesta's sandboxed environment does
 * (`StrictUndefined`, `trim_blocks`, `lstrip_blocks`, Orquesta's functions as globals and filters):
 * Python values, Jinja's attribute/item lookup (a dict's methods shadow its keys), the built-in
 * filters and tests workflows use, and `if`/`for`/`set`/`with`/`filter` statements.
 */
import { templateExpressions, walkJinja } from './analysis.js';
import type { EvaluationScope, ExpressionFunction } from './evaluation-types.js';
import { percentFormat, pythonFormat, pythonRound, pythonSplit, pythonStrip } from './py-strings.js';
import {
  atNode,
  BoundMethod,
  callExternal,
  type Dict,
  float,
  holds,
  isDict,
  isFloat,
  isInt,
  isNumber,
  isTuple,
  JinjaUndefined,
  num,
  PyError,
  PyFloat,
  pyCompare,
  pyContains,
  pyEquals,
  pyFloat,
  pyInt,
  pyIter,
  pyJsonDumps,
  pyLen,
  pyMod,
  pyRange,
  pyStr,
  toPlain,
  truthy,
  tuple,
  typeName,
} from './py-values.js';
import type { JinjaArgs, JinjaFilter, JinjaNode, JinjaTemplateNode } from './types.js';

/** A scope function seen from Jinja (a global name and a filter). */
class ScopeCallable {
  constructor(
    readonly name: string,
    readonly fn: ExpressionFunction,
  ) {}
}

/** A Jinja global (`range`, `dict`, `namespace`). */
class JinjaGlobal {
  constructor(
    readonly name: string,
    readonly fn: (args: unknown[], kwargs: Dict) => unknown,
  ) {}
}

/** `namespace()` objects: attributes settable with `{% set ns.x = … %}`. */
class Namespace {
  constructor(readonly attrs: Dict) {}
}

interface Frame {
  vars: Map<string, unknown>;
  parent: Frame | null;
}

interface Env {
  scope: EvaluationScope;
  frame: Frame;
}

function objectName(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  return `${typeName(value)} object`;
}

function undefinedName(name: string): JinjaUndefined {
  return new JinjaUndefined(`'${name}' is undefined`, true);
}

function undefinedAttr(object: unknown, name: unknown): JinjaUndefined {
  if (typeof name === 'string')
    return new JinjaUndefined(`'${objectName(object)}' has no attribute '${name}'`, true);
  return new JinjaUndefined(`'${objectName(object)}' has no element ${pyStr(name)}`, true);
}

function failUndefined(value: unknown): void {
  if (value instanceof JinjaUndefined) throw new PyError('UndefinedError', value.hint);
}

function unsupported(op: string, a: unknown, b: unknown): PyError {
  return new PyError(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

function isPyNumber(value: unknown): boolean {
  return isNumber(value) || typeof value === 'boolean';
}

// ------------------------------------------------------------------------------------------ methods

const DICT_METHODS = new Set([
  'items',
  'keys',
  'values',
  'get',
  'pop',
  'popitem',
  'setdefault',
  'update',
  'clear',
  'copy',
  'fromkeys',
]);
const LIST_METHODS = new Set([
  'append',
  'extend',
  'insert',
  'remove',
  'pop',
  'clear',
  'index',
  'count',
  'sort',
  'reverse',
  'copy',
]);
const STRING_METHODS = new Set([
  'upper',
  'lower',
  'title',
  'capitalize',
  'strip',
  'lstrip',
  'rstrip',
  'split',
  'rsplit',
  'splitlines',
  'replace',
  'startswith',
  'endswith',
  'find',
  'rfind',
  'index',
  'count',
  'join',
  'format',
  'isdigit',
  'isalpha',
  'isalnum',
  'islower',
  'isupper',
  'isspace',
  'zfill',
  'center',
  'ljust',
  'rjust',
  'swapcase',
  'casefold',
  'encode',
  'partition',
  'rpartition',
  'expandtabs',
  'format_map',
  'istitle',
  'isnumeric',
  'isdecimal',
  'isidentifier',
  'isprintable',
  'maketrans',
  'translate',
  'removeprefix',
  'removesuffix',
]);

function stringArg(value: unknown, method: string): string {
  if (typeof value !== 'string') {
    throw new PyError('TypeError', `${method}() argument must be str, not ${typeName(value)}`);
  }
  return value;
}

function callStringMethod(text: string, name: string, args: unknown[], kwargs: Dict): unknown {
  switch (name) {
    case 'upper':
      return text.toUpperCase();
    case 'lower':
    case 'casefold':
      return text.toLowerCase();
    case 'title':
      return text.replace(/[A-Za-z]+/g, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
    case 'capitalize':
      return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    case 'swapcase':
      return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
    case 'strip':
    case 'lstrip':
    case 'rstrip':
      return pythonStrip(
        text,
        (args[0] as string | null | undefined) ?? null,
        name === 'strip' ? 'both' : name === 'lstrip' ? 'left' : 'right',
      );
    case 'split':
      return pythonSplit(
        text,
        (args[0] ?? kwargs.sep ?? null) as string | null,
        Number(args[1] ?? kwargs.maxsplit ?? -1),
      );
    case 'rsplit': {
      const separator = (args[0] ?? null) as string | null;
      const max = Number(args[1] ?? -1);
      if (max < 0 || separator === null) return pythonSplit(text, separator, max);
      const pieces = text.split(separator);
      if (pieces.length <= max + 1) return pieces;
      return [pieces.slice(0, pieces.length - max).join(separator), ...pieces.slice(pieces.length - max)];
    }
    case 'splitlines':
      return text.split(/\r\n|\r|\n/).filter((line, index, all) => index < all.length - 1 || line !== '');
    case 'replace': {
      const from = stringArg(args[0], 'replace');
      const to = stringArg(args[1], 'replace');
      const count = args[2] === undefined ? -1 : pyInt(args[2]);
      if (count < 0) return text.split(from).join(to);
      const pieces = text.split(from);
      return (
        pieces.slice(0, count + 1).join(to) +
        (pieces.length > count + 1 ? from + pieces.slice(count + 1).join(from) : '')
      );
    }
    case 'startswith':
    case 'endswith': {
      const options = Array.isArray(args[0]) ? args[0] : [args[0]];
      return options.some((option) =>
        name === 'startswith'
          ? text.startsWith(stringArg(option, name))
          : text.endsWith(stringArg(option, name)),
      );
    }
    case 'find':
      return text.indexOf(stringArg(args[0], name));
    case 'rfind':
      return text.lastIndexOf(stringArg(args[0], name));
    case 'index': {
      const at = text.indexOf(stringArg(args[0], name));
      if (at < 0) throw new PyError('ValueError', 'substring not found');
      return at;
    }
    case 'count':
      return text.split(stringArg(args[0], name)).length - 1;
    case 'join':
      return pyIter(args[0])
        .map((item) => {
          if (typeof item !== 'string') {
            throw new PyError('TypeError', `sequence item 0: expected str instance, ${typeName(item)} found`);
          }
          return item;
        })
        .join(text);
    case 'format':
      return pythonFormat(text, args, kwargs);
    case 'isdigit':
    case 'isnumeric':
    case 'isdecimal':
      return /^\d+$/u.test(text);
    case 'isalpha':
      return /^\p{L}+$/u.test(text);
    case 'isalnum':
      return /^[\p{L}\p{N}]+$/u.test(text);
    case 'islower':
      return /\p{Ll}/u.test(text) && text === text.toLowerCase();
    case 'isupper':
      return /\p{Lu}/u.test(text) && text === text.toUpperCase();
    case 'isspace':
      return /^\s+$/u.test(text);
    case 'zfill': {
      const width = pyInt(args[0]);
      const sign = /^[-+]/.test(text) ? text[0]! : '';
      return sign + text.slice(sign.length).padStart(width - sign.length, '0');
    }
    case 'center':
    case 'ljust':
    case 'rjust': {
      const width = pyInt(args[0]);
      const fill = (args[1] as string | undefined) ?? ' ';
      if (text.length >= width) return text;
      if (name === 'ljust') return text + fill.repeat(width - text.length);
      if (name === 'rjust') return fill.repeat(width - text.length) + text;
      const total = width - text.length;
      const left = Math.floor(total / 2) + (total % 2 && width % 2 ? 1 : 0);
      return fill.repeat(left) + text + fill.repeat(total - left);
    }
    case 'removeprefix':
      return text.startsWith(stringArg(args[0], name)) ? text.slice((args[0] as string).length) : text;
    case 'removesuffix': {
      const suffix = stringArg(args[0], name);
      return suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    }
    default:
      throw new PyError('SecurityError', `access to method '${name}' of str object is not supported here`);
  }
}

function callDictMethod(dict: Dict, name: string, args: unknown[]): unknown {
  switch (name) {
    case 'get': {
      const key = args[0];
      return typeof key === 'string' && Object.hasOwn(dict, key) ? dict[key] : (args[1] ?? null);
    }
    case 'keys':
      return Object.keys(dict);
    case 'values':
      return Object.values(dict);
    case 'items':
      return Object.entries(dict).map(([key, value]) => tuple([key, value]));
    case 'copy':
      return { ...dict };
    default:
      throw new PyError('SecurityError', `access to method '${name}' of dict object is not supported here`);
  }
}

function callListMethod(list: unknown[], name: string, args: unknown[]): unknown {
  switch (name) {
    case 'index': {
      const at = list.findIndex((item) => pyEquals(item, args[0]));
      if (at < 0) throw new PyError('ValueError', `${pyStr(args[0])} is not in list`);
      return at;
    }
    case 'count':
      return list.filter((item) => pyEquals(item, args[0])).length;
    case 'copy':
      return [...list];
    default:
      throw new PyError('SecurityError', `access to method '${name}' of list object is not supported here`);
  }
}

/** Python's `getattr(value, name)`: a method, or undefined. */
function pythonAttribute(value: unknown, name: string): unknown {
  if (name.startsWith('_')) return undefined;
  if (typeof value === 'string' && STRING_METHODS.has(name)) {
    return new BoundMethod(value, name, (args, kwargs) => callStringMethod(value, name, args, kwargs));
  }
  if (isDict(value) && DICT_METHODS.has(name)) {
    return new BoundMethod(value, name, (args) => callDictMethod(value, name, args));
  }
  if (
    Array.isArray(value) &&
    (isTuple(value) ? name === 'index' || name === 'count' : LIST_METHODS.has(name))
  ) {
    return new BoundMethod(value, name, (args) => callListMethod(value, name, args));
  }
  if (value instanceof Namespace && Object.hasOwn(value.attrs, name)) return value.attrs[name];
  if (isNumber(value) && (name === 'real' || name === 'imag')) return name === 'real' ? value : 0;
  return undefined;
}

/** Python's `value[key]`, or undefined when it raises a TypeError or LookupError. */
function pythonItem(value: unknown, key: unknown): unknown {
  if (isDict(value)) {
    if (typeof key === 'string' && Object.hasOwn(value, key)) return value[key];
    if (isPyNumber(key) && Object.hasOwn(value, pyStr(key))) return value[pyStr(key)];
    return undefined;
  }
  if (Array.isArray(value) || typeof value === 'string') {
    const items = typeof value === 'string' ? [...value] : value;
    if (key instanceof SliceValue) {
      const sliced = key.apply(items);
      return typeof value === 'string' ? sliced.join('') : isTuple(value) ? tuple(sliced) : sliced;
    }
    if (!isInt(key) && typeof key !== 'boolean') return undefined;
    const position = num(key) < 0 ? items.length + num(key) : num(key);
    return position >= 0 && position < items.length ? items[position] : undefined;
  }
  return undefined;
}

/** Jinja's sandboxed `getattr`: attribute first, then item. */
function getattr(value: unknown, name: string): unknown {
  failUndefined(value);
  const attribute = pythonAttribute(value, name);
  if (attribute !== undefined) return attribute;
  const item = pythonItem(value, name);
  if (item !== undefined) return item;
  return undefinedAttr(value, name);
}

/** Jinja's sandboxed `getitem`: item first, then attribute for string keys. */
function getitem(value: unknown, key: unknown): unknown {
  failUndefined(value);
  const item = pythonItem(value, key);
  if (item !== undefined) return item;
  if (typeof key === 'string') {
    const attribute = pythonAttribute(value, key);
    if (attribute !== undefined) return attribute;
  }
  if (value instanceof BoundMethod) {
    throw new PyError('TypeError', "'builtin_function_or_method' object is not subscriptable");
  }
  return undefinedAttr(value, key);
}

class SliceValue {
  constructor(
    readonly lower: number | null,
    readonly upper: number | null,
    readonly step: number | null,
  ) {}

  apply(items: unknown[]): unknown[] {
    const step = this.step ?? 1;
    if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
    const length = items.length;
    const clamp = (value: number | null, fallback: number, low: number, high: number) => {
      if (value === null) return fallback;
      const position = value < 0 ? value + length : value;
      return Math.min(Math.max(position, low), high);
    };
    const out: unknown[] = [];
    if (step > 0) {
      const start = clamp(this.lower, 0, 0, length);
      const stop = clamp(this.upper, length, 0, length);
      for (let index = start; index < stop; index += step) out.push(items[index]);
    } else {
      const start = clamp(this.lower, length - 1, -1, length - 1);
      const stop = clamp(this.upper, -1, -1, length - 1);
      for (let index = start; index > stop; index += step) out.push(items[index]);
    }
    return out;
  }
}

/** Python's `value[a:b:c]`. */
function sliceOf(value: unknown, slice: SliceValue): unknown {
  failUndefined(value);
  if (typeof value === 'string') return slice.apply([...value]).join('');
  if (Array.isArray(value)) return isTuple(value) ? tuple(slice.apply(value)) : slice.apply(value);
  if (isDict(value)) throw new PyError('TypeError', "unhashable type: 'slice'");
  throw new PyError('TypeError', `'${typeName(value)}' object is not subscriptable`);
}

// --------------------------------------------------------------------------------------- arithmetic

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  // `str % x`: an undefined is only a problem if a conversion uses it.
  if (op === '%' && typeof a === 'string') return percentFormat(a, b);
  failUndefined(a);
  failUndefined(b);
  if (isPyNumber(a) && isPyNumber(b)) {
    const x = num(a);
    const y = num(b);
    const floats = isFloat(a) || isFloat(b);
    const wrap = (value: number) => (floats ? float(value) : value === 0 ? 0 : value);
    switch (op) {
      case '+':
        return wrap(x + y);
      case '-':
        return wrap(x - y);
      case '*':
        return wrap(x * y);
      case '/':
        if (y === 0) throw new PyError('ZeroDivisionError', 'division by zero');
        return float(x / y);
      case '//':
        if (y === 0)
          throw new PyError(
            'ZeroDivisionError',
            floats ? 'float floor division by zero' : 'integer division or modulo by zero',
          );
        return wrap(Math.floor(x / y));
      case '%':
        if (y === 0)
          throw new PyError('ZeroDivisionError', floats ? 'float modulo' : 'integer modulo by zero');
        return wrap(pyMod(x, y));
      case '**':
        if (!floats && y >= 0) return x ** y;
        if (x === 0 && y < 0)
          throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        return float(x ** y);
    }
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
      return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
    }
    if (typeof a === 'string')
      throw new PyError('TypeError', `can only concatenate str (not "${typeName(b)}") to str`);
    if (Array.isArray(a)) {
      throw new PyError(
        'TypeError',
        `can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`,
      );
    }
  }
  if (op === '*') {
    const repeat = (items: unknown, times: unknown): unknown => {
      const count = Math.max(0, num(times));
      if (typeof items === 'string') return items.repeat(count);
      const list = items as unknown[];
      const out: unknown[] = [];
      for (let index = 0; index < count; index += 1) out.push(...list);
      return isTuple(list) ? tuple(out) : out;
    };
    const intLike = (value: unknown) => isInt(value) || typeof value === 'boolean';
    if ((typeof a === 'string' || Array.isArray(a)) && intLike(b)) return repeat(a, b);
    if ((typeof b === 'string' || Array.isArray(b)) && intLike(a)) return repeat(b, a);
  }
  throw unsupported(op, a, b);
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==' || op === '!=') {
    if (a instanceof JinjaUndefined || b instanceof JinjaUndefined) {
      if ((a instanceof JinjaUndefined && a.strict) || (b instanceof JinjaUndefined && b.strict)) {
        failUndefined(a instanceof JinjaUndefined && a.strict ? a : b);
      }
      const same = a instanceof JinjaUndefined && b instanceof JinjaUndefined;
      return op === '==' ? same : !same;
    }
    return op === '==' ? pyEquals(a, b) : !pyEquals(a, b);
  }
  if (op === 'in' || op === 'notin') {
    failUndefined(b);
    // `x in list` compares only when the list has items; a string wants a string.
    if ((Array.isArray(b) && b.length > 0) || isDict(b)) failUndefined(a);
    const inside = pyContains(b, a);
    return op === 'in' ? inside : !inside;
  }
  failUndefined(a);
  failUndefined(b);
  const sign = pyCompare(a, b, op);
  return holds(op, sign);
}

function jinjaTruthy(value: unknown): boolean {
  failUndefined(value);
  return truthy(value);
}

// ------------------------------------------------------------------------------------ filters/tests

interface FilterContext {
  env: Env;
}

type Filter = (value: unknown, args: unknown[], kwargs: Dict, context: FilterContext) => unknown;

function iterate(value: unknown): unknown[] {
  failUndefined(value);
  return pyIter(value);
}

function attributeGetter(attribute: unknown): (item: unknown) => unknown {
  if (attribute === undefined || attribute === null) return (item) => item;
  const parts = typeof attribute === 'string' ? attribute.split('.') : [attribute];
  return (item) => {
    let current = item;
    for (const part of parts) {
      const key = typeof part === 'string' && /^\d+$/.test(part) ? Number(part) : part;
      current = getitem(current, key);
    }
    return current;
  };
}

function ignoreCase(value: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

function sorted(items: unknown[], key: (item: unknown) => unknown, reverse: boolean): unknown[] {
  const keyed = items.map((item) => ({ item, key: key(item) }));
  keyed.sort((a, b) => pyCompare(a.key, b.key, '<') * (reverse ? -1 : 1));
  return keyed.map((entry) => entry.item);
}

function minMax(value: unknown, kwargs: Dict, args: unknown[], pick: number): unknown {
  const items = iterate(value);
  if (items.length === 0) return new JinjaUndefined('No aggregated item, sequence was empty.', true);
  const caseSensitive = truthy(args[0] ?? kwargs.case_sensitive ?? false);
  const getter = attributeGetter(args[1] ?? kwargs.attribute);
  let best = items[0];
  for (const item of items.slice(1)) {
    const sign = pyCompare(
      ignoreCase(getter(item), caseSensitive),
      ignoreCase(getter(best), caseSensitive),
      '<',
    );
    if (sign === pick) best = item;
  }
  return best;
}

/** Tests that take an argument besides the value. */
const TESTS_WITH_ARGUMENT = new Set(['divisibleby', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'sameas']);

function applyTest(name: string, value: unknown, args: unknown[], env: Env): boolean {
  const test = TESTS[name];
  if (test === undefined) throw new PyError('TemplateAssertionError', `No test named '${name}'.`);
  const canonical = TEST_ALIASES[name] ?? name;
  const expected = TESTS_WITH_ARGUMENT.has(canonical) ? 1 : 0;
  const functionName = `test_${canonical}`;
  if (args.length > expected) {
    const takes = expected + 1;
    throw new PyError(
      'TypeError',
      `${functionName}() takes ${takes} positional argument${takes > 1 ? 's' : ''} but ${args.length + 1} were given`,
    );
  }
  if (args.length < expected) {
    throw new PyError('TypeError', `${functionName}() missing 1 required positional argument`);
  }
  return test(value, args, env);
}

function selectOrReject(
  value: unknown,
  args: unknown[],
  env: Env,
  keep: boolean,
  byAttribute: boolean,
): unknown[] {
  // Jinja's `_select_or_reject` iterates only `if value`.
  if (!jinjaTruthy(value)) return [];
  const items = iterate(value);
  let getter: (item: unknown) => unknown = (item) => item;
  let rest = args;
  if (byAttribute) {
    getter = attributeGetter(args[0]);
    rest = args.slice(1);
  }
  const [testName, ...testArgs] = rest;
  return items.filter((item) => {
    const subject = getter(item);
    const result =
      testName === undefined ? jinjaTruthy(subject) : applyTest(String(testName), subject, testArgs, env);
    return result === keep;
  });
}

const FILTERS: Record<string, Filter> = {
  length: (value) => {
    failUndefined(value);
    return pyLen(value);
  },
  join: (value, args, kwargs) => {
    const getter = attributeGetter(args[1] ?? kwargs.attribute);
    return iterate(value)
      .map((item) => pyStr(getter(item)))
      .join(String(args[0] ?? kwargs.d ?? ''));
  },
  upper: (value) => pyStr(value).toUpperCase(),
  lower: (value) => pyStr(value).toLowerCase(),
  title: (value) =>
    pyStr(value)
      .split(/([-\s({[<]+)/)
      .map((word) => (word ? word[0]!.toUpperCase() + word.slice(1).toLowerCase() : word))
      .join(''),
  capitalize: (value) => {
    const text = pyStr(value);
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  },
  replace: (value, args, kwargs) => {
    const text = pyStr(value);
    const count = args[2] ?? kwargs.count;
    return callStringMethod(
      text,
      'replace',
      [pyStr(args[0]), pyStr(args[1]), ...(count === undefined || count === null ? [] : [count])],
      {},
    );
  },
  trim: (value, args, kwargs) =>
    pythonStrip(pyStr(value), (args[0] ?? kwargs.chars ?? null) as string | null, 'both'),
  sum: (value, args, kwargs) => {
    const getter = attributeGetter(args[0] ?? kwargs.attribute);
    let total: unknown = args[1] ?? kwargs.start ?? 0;
    for (const item of iterate(value)) total = arithmetic('+', total, getter(item));
    return total;
  },
  min: (value, args, kwargs) => minMax(value, kwargs, args, -1),
  max: (value, args, kwargs) => minMax(value, kwargs, args, 1),
  sort: (value, args, kwargs) => {
    const reverse = truthy(args[0] ?? kwargs.reverse ?? false);
    const caseSensitive = truthy(args[1] ?? kwargs.case_sensitive ?? false);
    const getter = attributeGetter(args[2] ?? kwargs.attribute);
    return sorted(iterate(value), (item) => ignoreCase(getter(item), caseSensitive), reverse);
  },
  unique: (value, args, kwargs) => {
    const caseSensitive = truthy(args[0] ?? kwargs.case_sensitive ?? false);
    const getter = attributeGetter(args[1] ?? kwargs.attribute);
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const item of iterate(value)) {
      const key = ignoreCase(getter(item), caseSensitive);
      if ((Array.isArray(key) && !isTuple(key)) || isDict(key)) {
        throw new PyError('TypeError', `unhashable type: '${typeName(key)}'`);
      }
      if (!seen.some((other) => pyEquals(other, key))) {
        seen.push(key);
        out.push(item);
      }
    }
    return out;
  },
  list: (value) => [...iterate(value)],
  first: (value) => {
    const items = iterate(value);
    return items.length > 0 ? items[0] : new JinjaUndefined('No first item, sequence was empty.', true);
  },
  last: (value) => {
    failUndefined(value);
    if (!Array.isArray(value) && typeof value !== 'string' && !isDict(value)) {
      throw new PyError('TypeError', `'${typeName(value)}' object is not reversible`);
    }
    const items = iterate(value);
    return items.length > 0 ? items.at(-1) : new JinjaUndefined('No last item, sequence was empty.', true);
  },
  reverse: (value) => {
    failUndefined(value);
    if (typeof value === 'string') return [...value].reverse().join('');
    if (!Array.isArray(value) && !isDict(value))
      throw new PyError('FilterArgumentError', 'argument must be iterable');
    return [...iterate(value)].reverse();
  },
  map: (value, args, kwargs, context) => {
    if (!jinjaTruthy(value)) return [];
    const items = iterate(value);
    if (kwargs.attribute !== undefined) {
      const getter = attributeGetter(kwargs.attribute);
      return items.map((item) => {
        const result = getter(item);
        return result instanceof JinjaUndefined && kwargs.default !== undefined ? kwargs.default : result;
      });
    }
    const [name, ...rest] = args;
    if (name === undefined) return items;
    return items.map((item) => callFilter(String(name), item, rest, {}, context.env));
  },
  select: (value, args, _kwargs, context) => selectOrReject(value, args, context.env, true, false),
  reject: (value, args, _kwargs, context) => selectOrReject(value, args, context.env, false, false),
  selectattr: (value, args, _kwargs, context) => selectOrReject(value, args, context.env, true, true),
  rejectattr: (value, args, _kwargs, context) => selectOrReject(value, args, context.env, false, true),
  dictsort: (value, args, kwargs) => {
    failUndefined(value);
    if (!isDict(value))
      throw new PyError('AttributeError', `'${typeName(value)}' object has no attribute 'items'`);
    const caseSensitive = truthy(args[0] ?? kwargs.case_sensitive ?? false);
    const by = String(args[1] ?? kwargs.by ?? 'key');
    const reverse = truthy(args[2] ?? kwargs.reverse ?? false);
    const position = by === 'key' ? 0 : 1;
    const pairs = Object.entries(value).map(([key, item]) => tuple([key, item]));
    return sorted(pairs, (pair) => ignoreCase((pair as unknown[])[position], caseSensitive), reverse);
  },
  items: (value) => {
    if (value instanceof JinjaUndefined) return [];
    if (!isDict(value)) throw new PyError('TypeError', `Can only get item pairs from a mapping.`);
    return Object.entries(value).map(([key, item]) => tuple([key, item]));
  },
  default: (value, args, kwargs) => {
    const fallback = args[0] ?? kwargs.default_value ?? '';
    const boolean = truthy(args[1] ?? kwargs.boolean ?? false);
    if (value instanceof JinjaUndefined || (boolean && !truthy(value))) return fallback;
    return value;
  },
  tojson: (value, args, kwargs) => {
    if (value instanceof JinjaUndefined) {
      throw new PyError('TypeError', `Object of type ${typeName(value)} is not JSON serializable`);
    }
    const indent = args[0] ?? kwargs.indent;
    const text =
      indent === undefined || indent === null
        ? pyJsonDumps(value, true)
        : JSON.stringify(toPlain(value), null, num(indent));
    return text
      .replaceAll('<', '\\u003c')
      .replaceAll('>', '\\u003e')
      .replaceAll('&', '\\u0026')
      .replaceAll("'", '\\u0027');
  },
  int: (value, args, kwargs) => {
    failUndefined(value);
    const fallback = args[0] ?? kwargs.default ?? 0;
    const base = Number(args[1] ?? kwargs.base ?? 10);
    if (typeof value === 'string') {
      const text = value.trim().replaceAll('_', '');
      if (base !== 10) {
        const parsed = Number.parseInt(text.replace(/^0[box]/i, ''), base);
        return Number.isNaN(parsed) ? fallback : parsed;
      }
      if (/^[-+]?\d+$/.test(text)) return Number(text);
      try {
        return pyInt(pyFloat(text));
      } catch {
        return fallback;
      }
    }
    try {
      return pyInt(value);
    } catch {
      return fallback;
    }
  },
  float: (value, args, kwargs) => {
    failUndefined(value);
    try {
      return pyFloat(value);
    } catch {
      return args[0] ?? kwargs.default ?? new PyFloat(0);
    }
  },
  string: (value) => pyStr(value),
  abs: (value) => {
    if (!isPyNumber(value))
      throw new PyError('TypeError', `bad operand type for abs(): '${typeName(value)}'`);
    return isFloat(value) ? float(Math.abs(num(value))) : Math.abs(num(value));
  },
  round: (value, args, kwargs) => {
    const precision = Number(args[0] ?? kwargs.precision ?? 0);
    const method = String(args[1] ?? kwargs.method ?? 'common');
    const factor = 10 ** precision;
    if (!isPyNumber(value))
      throw new PyError('TypeError', `type ${typeName(value)} doesn't define __round__ method`);
    const x = num(value);
    if (method === 'ceil') return float(Math.ceil(x * factor) / factor);
    if (method === 'floor') return float(Math.floor(x * factor) / factor);
    // Python's round() keeps an int an int.
    if (!isFloat(value)) return precision >= 0 ? x : pythonRound(x, precision);
    return float(pythonRound(x, precision));
  },
  format: (value, args, kwargs) => percentFormat(pyStr(value), args.length > 0 ? tuple(args) : kwargs),
  count: (value) => {
    failUndefined(value);
    return pyLen(value);
  },
  d: (value, args, kwargs, context) => FILTERS.default!(value, args, kwargs, context),
  e: (value) => pyStr(value),
  safe: (value) => pyStr(value),
  wordcount: (value) => (pyStr(value).match(/\w+/gu) ?? []).length,
  batch: (value, args) => {
    const size = pyInt(args[0]);
    const items = iterate(value);
    const out: unknown[][] = [];
    for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
    const last = out.at(-1);
    if (args[1] !== undefined && last) while (last.length < size) last.push(args[1]);
    return out;
  },
};

type Test = (value: unknown, args: unknown[], env: Env) => boolean;

const TESTS: Record<string, Test> = {
  defined: (value) => !(value instanceof JinjaUndefined),
  undefined: (value) => value instanceof JinjaUndefined,
  none: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  true: (value) => value === true,
  false: (value) => value === false,
  integer: (value) => isInt(value),
  float: (value) => isFloat(value),
  number: (value) => isPyNumber(value),
  string: (value) => typeof value === 'string',
  mapping: (value) => isDict(value),
  iterable: (value) => {
    failUndefined(value);
    return Array.isArray(value) || typeof value === 'string' || isDict(value);
  },
  sequence: (value) => Array.isArray(value) || typeof value === 'string' || isDict(value),
  callable: (value) =>
    value instanceof BoundMethod || value instanceof ScopeCallable || value instanceof JinjaGlobal,
  odd: (value) => pyEquals(arithmetic('%', value, 2), 1),
  even: (value) => pyEquals(arithmetic('%', value, 2), 0),
  divisibleby: (value, args) => pyEquals(arithmetic('%', value, args[0]), 0),
  eq: (value, args) => compare('==', value, args[0]),
  ne: (value, args) => compare('!=', value, args[0]),
  lt: (value, args) => compare('<', value, args[0]),
  le: (value, args) => compare('<=', value, args[0]),
  gt: (value, args) => compare('>', value, args[0]),
  ge: (value, args) => compare('>=', value, args[0]),
  in: (value, args) => compare('in', value, args[0]),
  lower: (value) => callStringMethod(pyStr(value), 'islower', [], {}) as boolean,
  upper: (value) => callStringMethod(pyStr(value), 'isupper', [], {}) as boolean,
  sameas: (value, args) => value === args[0],
  escaped: () => false,
  filter: (value) => typeof value === 'string' && value in FILTERS,
  test: (value) => typeof value === 'string' && value in TESTS,
};
const TEST_ALIASES: Record<string, string> = {};
for (const [alias, name] of [
  ['==', 'eq'],
  ['equalto', 'eq'],
  ['!=', 'ne'],
  ['<', 'lt'],
  ['lessthan', 'lt'],
  ['<=', 'le'],
  ['>', 'gt'],
  ['greaterthan', 'gt'],
  ['>=', 'ge'],
] as const) {
  TESTS[alias] = TESTS[name]!;
  TEST_ALIASES[alias] = name;
}

function callFilter(name: string, value: unknown, args: unknown[], kwargs: Dict, env: Env): unknown {
  const external = env.scope.functions[name];
  if (external !== undefined) {
    const values = [toPlain(value), ...args.map(toPlain)];
    return callExternal(() => external(values, toPlain(kwargs) as Dict, { language: 'jinja' }));
  }
  const filter = FILTERS[name];
  if (filter === undefined) throw new PyError('TemplateAssertionError', `No filter named '${name}'.`);
  return filter(value, args, kwargs, { env });
}

// ------------------------------------------------------------------------------------- evaluation

const GLOBALS: Record<string, JinjaGlobal> = {
  range: new JinjaGlobal('range', (args) => pyRange(args.map(pyInt), 100_000)),
  dict: new JinjaGlobal('dict', (_args, kwargs) => ({ ...kwargs })),
  namespace: new JinjaGlobal(
    'namespace',
    (args, kwargs) => new Namespace({ ...((args[0] as Dict) ?? {}), ...kwargs }),
  ),
};

function lookup(env: Env, name: string): unknown {
  for (let frame: Frame | null = env.frame; frame; frame = frame.parent) {
    if (frame.vars.has(name)) return frame.vars.get(name);
  }
  const external = env.scope.functions[name];
  if (external !== undefined) return new ScopeCallable(name, external);
  const global = GLOBALS[name];
  if (global !== undefined) return global;
  return undefinedName(name);
}

function evalArgs(call: JinjaArgs, env: Env): { args: unknown[]; kwargs: Dict } {
  const args = call.args.map((arg) => evalNode(arg, env));
  const kwargs: Dict = {};
  for (const kwarg of call.kwargs) kwargs[kwarg.name] = evalNode(kwarg.value, env);
  if (call.dynArgs) args.push(...iterate(evalNode(call.dynArgs, env)));
  if (call.dynKwargs) {
    const extra = evalNode(call.dynKwargs, env);
    if (!isDict(extra)) throw new PyError('TypeError', 'argument after ** must be a mapping');
    Object.assign(kwargs, extra);
  }
  return { args, kwargs };
}

function callValue(callee: unknown, args: unknown[], kwargs: Dict): unknown {
  failUndefined(callee);
  if (callee instanceof ScopeCallable) {
    // A Python function that looks at a StrictUndefined argument fails; Orquesta's all do.
    for (const arg of [...args, ...Object.values(kwargs)]) failUndefined(arg);
    return callExternal(() => callee.fn(args.map(toPlain), toPlain(kwargs) as Dict, { language: 'jinja' }));
  }
  if (callee instanceof BoundMethod) return callee.call(args, kwargs);
  if (callee instanceof JinjaGlobal) return callee.fn(args, kwargs);
  if (callee instanceof LoopCycle) return callee.pick(args);
  throw new PyError('TypeError', `'${typeName(callee)}' object is not callable`);
}

function evalNode(node: JinjaNode, env: Env): unknown {
  if (FOLDED.has(node)) return FOLDED.get(node);
  return atNode(node.start, () => evalNodeOnly(node, env));
}

function evalNodeOnly(node: JinjaNode, env: Env): unknown {
  switch (node.type) {
    case 'const':
      return node.numberKind === 'float' ? float(node.value as number) : node.value;
    case 'name':
      return lookup(env, node.name);
    case 'getattr':
      return getattr(evalNode(node.object, env), node.attr);
    case 'getitem': {
      const object = evalNode(node.object, env);
      const index = evalNode(node.index, env);
      // Jinja compiles a slice to a plain subscript, not to the sandbox's getitem.
      if (index instanceof SliceValue) return sliceOf(object, index);
      return getitem(object, index);
    }
    case 'slice': {
      const part = (child: JinjaNode | null) => {
        if (child === null) return null;
        const value = evalNode(child, env);
        return value === null ? null : pyInt(value);
      };
      return new SliceValue(part(node.lower), part(node.upper), part(node.step));
    }
    case 'call': {
      const callee = evalNode(node.callee, env);
      const { args, kwargs } = evalArgs(node, env);
      return callValue(callee, args, kwargs);
    }
    case 'filter': {
      const value = node.node ? evalNode(node.node, env) : null;
      const { args, kwargs } = evalArgs(node, env);
      return callFilter(node.name, value, args, kwargs, env);
    }
    case 'test': {
      const value = evalNode(node.node, env);
      const { args } = evalArgs(node, env);
      const result = applyTest(node.name, value, args, env);
      return node.negated ? !result : result;
    }
    case 'binary': {
      if (node.op === 'and') {
        const left = evalNode(node.left, env);
        return jinjaTruthy(left) ? evalNode(node.right, env) : left;
      }
      if (node.op === 'or') {
        const left = evalNode(node.left, env);
        return jinjaTruthy(left) ? left : evalNode(node.right, env);
      }
      if (node.op === '~') {
        // Jinja's Concat evaluates every operand, then joins them.
        const operands: JinjaNode[] = [node.right];
        let head: JinjaNode = node.left;
        while (head.type === 'binary' && head.op === '~' && !FOLDED.has(head)) {
          operands.unshift(head.right);
          head = head.left;
        }
        operands.unshift(head);
        return operands
          .map((operand) => evalNode(operand, env))
          .map((value) => pyStr(value))
          .join('');
      }
      const left = evalNode(node.left, env);
      const right = evalNode(node.right, env);
      return arithmetic(node.op, left, right);
    }
    case 'unary': {
      const value = evalNode(node.operand, env);
      if (node.op === 'not') return !jinjaTruthy(value);
      failUndefined(value);
      if (!isPyNumber(value))
        throw new PyError('TypeError', `bad operand type for unary ${node.op}: '${typeName(value)}'`);
      if (node.op === '+') return typeof value === 'boolean' ? num(value) : value;
      return isFloat(value) ? float(-num(value)) : 0 - num(value);
    }
    case 'compare': {
      let left = evalNode(node.left, env);
      for (const { op, right } of node.ops) {
        const value = evalNode(right, env);
        if (!compare(op, left, value)) return false;
        left = value;
      }
      return true;
    }
    case 'cond':
      if (jinjaTruthy(evalNode(node.test, env))) return evalNode(node.whenTrue, env);
      if (node.whenFalse) return evalNode(node.whenFalse, env);
      return new JinjaUndefined(
        'the inline if-expression evaluated to false and no else section was defined.',
        false,
      );
    case 'list':
      return node.items.map((item) => evalNode(item, env));
    case 'tuple':
      return tuple(node.items.map((item) => evalNode(item, env)));
    case 'dict': {
      const out: Dict = {};
      for (const item of node.items) out[pyStr(evalNode(item.key, env))] = evalNode(item.value, env);
      return out;
    }
    case 'nsref':
      throw new PyError('TemplateSyntaxError', 'namespace references are only assignment targets');
  }
}

/** Checks filter and test names before evaluating, as Jinja's compiler does. */
function checkNames(node: JinjaNode, env: Env): void {
  walkJinja(node, (current) => {
    if (
      current.type === 'filter' &&
      !(current.name in FILTERS) &&
      env.scope.functions[current.name] === undefined
    ) {
      throw new PyError('TemplateAssertionError', `No filter named '${current.name}'.`);
    }
    if (current.type === 'test' && !(current.name in TESTS)) {
      throw new PyError('TemplateAssertionError', `No test named '${current.name}'.`);
    }
  });
}

// -------------------------------------------------------------------------------------- templates

class LoopCycle {
  constructor(readonly index0: number) {}

  pick(args: unknown[]): unknown {
    return args[this.index0 % args.length];
  }
}

function assign(target: JinjaNode, value: unknown, frame: Frame, env: Env): void {
  if (target.type === 'name') {
    frame.vars.set(target.name, value);
    return;
  }
  if (target.type === 'nsref') {
    const namespace = lookup(env, target.name);
    if (!(namespace instanceof Namespace))
      throw new PyError('TemplateRuntimeError', 'cannot assign attribute on non-namespace object');
    namespace.attrs[target.attr] = value;
    return;
  }
  if (target.type === 'tuple') {
    const items = iterate(value);
    if (items.length !== target.items.length) {
      throw new PyError(
        'ValueError',
        items.length > target.items.length
          ? `too many values to unpack (expected ${target.items.length})`
          : `not enough values to unpack (expected ${target.items.length}, got ${items.length})`,
      );
    }
    target.items.forEach((item, position) => {
      assign(item, items[position], frame, env);
    });
  }
}

function child(env: Env): Env {
  return { scope: env.scope, frame: { vars: new Map(), parent: env.frame } };
}

function render(nodes: JinjaTemplateNode[], env: Env): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        out += node.text;
        break;
      case 'output':
        out += pyStr(evalNode(node.expr, env));
        break;
      case 'if': {
        const branch = node.branches.find((candidate) => jinjaTruthy(evalNode(candidate.test, env)));
        out += render(branch ? branch.body : node.otherwise, env);
        break;
      }
      case 'for': {
        let items = iterate(evalNode(node.iter, env));
        if (node.filter) {
          const filter = node.filter;
          items = items.filter((item) => {
            const scope = child(env);
            assign(node.target, item, scope.frame, scope);
            return jinjaTruthy(evalNode(filter, scope));
          });
        }
        if (items.length === 0) {
          out += render(node.otherwise, env);
          break;
        }
        items.forEach((item, index0) => {
          const scope = child(env);
          assign(node.target, item, scope.frame, scope);
          const length = items.length;
          scope.frame.vars.set('loop', {
            index: index0 + 1,
            index0,
            revindex: length - index0,
            revindex0: length - index0 - 1,
            first: index0 === 0,
            last: index0 === length - 1,
            length,
            depth: 1,
            depth0: 0,
            previtem: index0 > 0 ? items[index0 - 1] : new JinjaUndefined('there is no previous item', false),
            nextitem:
              index0 < length - 1 ? items[index0 + 1] : new JinjaUndefined('there is no next item', false),
            cycle: new LoopCycle(index0),
          });
          out += render(node.body, scope);
        });
        break;
      }
      case 'set':
        assign(node.target, evalNode(node.value, env), env.frame, env);
        break;
      case 'setblock': {
        let value: unknown = render(node.body, child(env));
        if (node.filter) value = applyFilterChain(node.filter, value, env);
        assign(node.target, value, env.frame, env);
        break;
      }
      case 'with': {
        const scope = child(env);
        node.targets.forEach((target, position) => {
          assign(target, evalNode(node.values[position]!, env), scope.frame, scope);
        });
        out += render(node.body, scope);
        break;
      }
      case 'filterblock':
        out += pyStr(applyFilterChain(node.filter, render(node.body, child(env)), env));
        break;
      case 'unsupported':
        if (node.tag === 'print') out += node.exprs.map((expr) => pyStr(evalNode(expr, env))).join('');
        else if (node.tag === 'block') out += render(node.body, child(env));
        else if (node.tag !== 'macro')
          throw new PyError('TemplateRuntimeError', `the '${node.tag}' tag is not available here`);
        break;
    }
  }
  return out;
}

/** Applies `{% filter a | b(x) %}`: a chain of filters whose innermost `node` is null. */
function applyFilterChain(filter: JinjaFilter, value: unknown, env: Env): unknown {
  const input =
    filter.node && filter.node.type === 'filter' ? applyFilterChain(filter.node, value, env) : value;
  const { args, kwargs } = evalArgs(filter, env);
  return callFilter(filter.name, input, args, kwargs, env);
}

function rootEnv(scope: EvaluationScope): Env {
  return { scope, frame: { vars: new Map(), parent: null } };
}

// ------------------------------------------------------------------------------ constant folding

/**
 * Jinja's optimizer folds constant subexpressions at compile time (`as_const`), and that is not
 * always what running them would do: a slice of a constant goes through the sandbox's `getitem`
 * (an undefined, not a TypeError), and `and`/`or`/`~`/conditionals over a constant undefined fail
 * at compile time. `fold` records the folded value of every node Jinja would fold, and raises the
 * errors Jinja's compiler would raise.
 */
const IMPOSSIBLE = Symbol('impossible');
/** Filters Jinja never folds (they take the render context). */
const CONTEXT_FILTERS = new Set(['map', 'select', 'reject', 'selectattr', 'rejectattr']);
const FOLDED = new WeakMap<JinjaNode, unknown>();
const FOLD_ERRORS = new WeakMap<JinjaNode, unknown>();
const FOLDED_ROOTS = new WeakSet<JinjaNode>();

/** Jinja's `has_safe_repr`: only such values become constants. */
function safeConstant(value: unknown): boolean {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || isNumber(value))
    return true;
  if (Array.isArray(value)) return value.every(safeConstant);
  if (isDict(value)) return Object.values(value).every(safeConstant);
  return false;
}

function impossible(run: () => unknown): unknown {
  try {
    return run();
  } catch {
    throw IMPOSSIBLE;
  }
}

/** Jinja's `as_const` of a node (`IMPOSSIBLE` when it is not a constant). */
function asConst(
  node: JinjaNode,
  env: Env,
  memo: Map<JinjaNode, { value?: unknown; error?: unknown }>,
): unknown {
  const known = memo.get(node);
  if (known) {
    if ('error' in known) throw known.error;
    return known.value;
  }
  try {
    const value = computeConst(node, env, memo);
    memo.set(node, { value });
    return value;
  } catch (error) {
    memo.set(node, { error });
    throw error;
  }
}

function computeConst(
  node: JinjaNode,
  env: Env,
  memo: Map<JinjaNode, { value?: unknown; error?: unknown }>,
): unknown {
  const of = (child: JinjaNode) => asConst(child, env, memo);
  switch (node.type) {
    case 'const':
      return node.numberKind === 'float' ? float(node.value as number) : node.value;
    case 'list':
      return node.items.map(of);
    case 'tuple':
      return tuple(node.items.map(of));
    case 'dict': {
      const out: Dict = {};
      for (const item of node.items) out[pyStr(of(item.key))] = of(item.value);
      return out;
    }
    case 'cond':
      if (jinjaTruthy(of(node.test))) return of(node.whenTrue);
      if (node.whenFalse === null) throw IMPOSSIBLE;
      return of(node.whenFalse);
    case 'binary': {
      if (node.op === 'and' || node.op === 'or') {
        const left = of(node.left);
        return jinjaTruthy(left) === (node.op === 'and') ? of(node.right) : left;
      }
      if (node.op === '~') return pyStr(of(node.left)) + pyStr(of(node.right));
      const { left, right } = node;
      return impossible(() => arithmetic(node.op, of(left), of(right)));
    }
    case 'unary': {
      const { operand } = node;
      return impossible(() => {
        const value = of(operand);
        if (node.op === 'not') return !jinjaTruthy(value);
        failUndefined(value);
        if (!isPyNumber(value)) throw IMPOSSIBLE;
        if (node.op === '+') return typeof value === 'boolean' ? num(value) : value;
        return isFloat(value) ? float(-num(value)) : 0 - num(value);
      });
    }
    case 'compare': {
      let left = of(node.left);
      return impossible(() => {
        for (const { op, right } of node.ops) {
          const value = of(right);
          if (!compare(op, left, value)) return false;
          left = value;
        }
        return true;
      });
    }
    case 'getitem': {
      const { object, index } = node;
      // The sandbox's getitem, for slices too: an undefined where Python raises.
      return impossible(() => getitem(of(object), of(index)));
    }
    case 'getattr': {
      const { object } = node;
      return impossible(() => getattr(of(object), node.attr));
    }
    case 'slice': {
      const part = (child: JinjaNode | null) => {
        if (child === null) return null;
        const value = of(child);
        return value === null ? null : (impossible(() => pyInt(value)) as number);
      };
      return new SliceValue(part(node.lower), part(node.upper), part(node.step));
    }
    case 'filter': {
      if (node.node === null || CONTEXT_FILTERS.has(node.name) || !(node.name in FILTERS)) throw IMPOSSIBLE;
      const { args, kwargs } = constArgs(node, of);
      const value = of(node.node);
      const filter = FILTERS[node.name]!;
      return impossible(() => filter(value, args, kwargs, { env }));
    }
    case 'test': {
      if (!(node.name in TESTS)) throw IMPOSSIBLE;
      const { args } = constArgs(node, of);
      const value = of(node.node);
      const result = impossible(() => applyTest(node.name, value, args, env)) as boolean;
      return node.negated ? !result : result;
    }
    default:
      throw IMPOSSIBLE;
  }
}

function constArgs(call: JinjaArgs, of: (node: JinjaNode) => unknown): { args: unknown[]; kwargs: Dict } {
  const args = call.args.map(of);
  const kwargs: Dict = {};
  for (const kwarg of call.kwargs) kwargs[kwarg.name] = of(kwarg.value);
  if (call.dynArgs) {
    const extra = of(call.dynArgs);
    args.push(...(impossible(() => iterate(extra)) as unknown[]));
  }
  if (call.dynKwargs) {
    const extra = of(call.dynKwargs);
    if (!isDict(extra)) throw IMPOSSIBLE;
    Object.assign(kwargs, extra);
  }
  return { args, kwargs };
}

/**
 * Folds the constant parts of an expression as Jinja's optimizer does (once per AST).
 * @throws PyError the error Jinja's compiler raises while folding
 */
function fold(root: JinjaNode, env: Env): void {
  if (FOLDED_ROOTS.has(root)) {
    if (FOLD_ERRORS.has(root)) throw FOLD_ERRORS.get(root);
    return;
  }
  const memo = new Map<JinjaNode, { value?: unknown; error?: unknown }>();
  const order: JinjaNode[] = [];
  walkJinja(root, (node) => {
    order.push(node);
  });
  try {
    // Children before parents, as the optimizer's generic_visit goes.
    for (const node of order.reverse()) {
      try {
        const value = asConst(node, env, memo);
        if (safeConstant(value)) FOLDED.set(node, value);
      } catch (error) {
        if (error !== IMPOSSIBLE) throw error;
      }
    }
  } catch (error) {
    FOLD_ERRORS.set(root, error);
    throw error;
  } finally {
    FOLDED_ROOTS.add(root);
  }
}

/**
 * Evaluates a Jinja expression as Orquesta's `compile_expression` does. Returns a Python-like value
 * (see py-values.ts), possibly a JinjaUndefined.
 * @throws PyError
 */
export function evaluateJinjaNode(node: JinjaNode, scope: EvaluationScope): unknown {
  const env = rootEnv(scope);
  fold(node, env);
  checkNames(node, env);
  return evalNode(node, env);
}

/**
 * Renders a Jinja template as Orquesta's environment does.
 * @throws PyError
 */
export function renderJinjaTemplate(nodes: JinjaTemplateNode[], scope: EvaluationScope): string {
  const env = rootEnv(scope);
  const expressions = templateExpressions(nodes);
  for (const node of expressions) fold(node, env);
  for (const node of expressions) checkNames(node, env);
  return render(nodes, env);
}
