/**
 * Evaluates a YAQL AST the way python3-yaql does under Orquesta: Python values, yaql's operators and
 * the part of yaql's standard library that workflows use (string, collection and query methods with
 * `$` lambdas). Functions from the scope (Orquesta's `ctx`, `result`, …) come before the library.
 * Failures are PyErrors named after yaql's exceptions.
 */
import type { EvaluationScope } from './evaluation-types.js';
import { pythonFormat, pythonRegex, pythonSplit, pythonStrip } from './py-strings.js';
import {
  atNode,
  callExternal,
  type Dict,
  float,
  holds,
  isDict,
  isFloat,
  isInt,
  isMarkedList,
  isNumber,
  list,
  num,
  PyError,
  PyFloat,
  pyCompare,
  pyContains,
  pyEquals,
  pyFloat,
  pyInt,
  pyLen,
  pyMod,
  pyRange,
  pyRepr,
  pySet,
  pyStr,
  toPlain,
  truthy,
  tuple,
} from './py-values.js';
import type { YaqlArg, YaqlCall, YaqlNode } from './types.js';

interface Env {
  scope: EvaluationScope;
  /** `$` (key '') and `$name` variables. */
  vars: Map<string, unknown>;
}

/**
 * Results that are Python iterators in yaql (`select`, `where`, `orderBy`, `range`, …): always
 * true, equal only to themselves; the output conversion turns them into lists.
 */
const LAZY = new WeakSet<unknown[]>();

function lazy(items: unknown[]): unknown[] {
  LAZY.add(items);
  return items;
}

/** `orderBy` results: iterable, true, but no iterator (`len()` refuses them, `list()` keeps them whole). */
const ORDERED = new WeakSet<unknown[]>();

function ordered(items: unknown[]): unknown[] {
  ORDERED.add(items);
  return lazy(items);
}

function isIterator(value: unknown): boolean {
  return Array.isArray(value) && LAZY.has(value) && !ORDERED.has(value);
}

function lazy2(items: unknown[], each: (item: unknown) => unknown[]): unknown[] {
  return lazy(items.flatMap(each));
}

/** Python's truth value in yaql, where an iterator is true even when empty. */
function yaqlTruthy(value: unknown): boolean {
  return Array.isArray(value) && LAZY.has(value) ? true : truthy(value);
}

/** Python's `==` between yaql values: a list is not a tuple, an iterator equals only itself. */
function yaqlEquals(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (LAZY.has(a) || LAZY.has(b)) return a === b;
    if (SETS.has(a) || SETS.has(b)) {
      return (
        SETS.has(a) &&
        SETS.has(b) &&
        a.length === b.length &&
        a.every((item) => b.some((other) => yaqlEquals(item, other)))
      );
    }
    if (isMarkedList(a) !== isMarkedList(b) || a.length !== b.length) return false;
    return a.every((item, index) => yaqlEquals(item, b[index]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && yaqlEquals(a[key], b[key]))
    );
  }
  return pyEquals(a, b);
}

/** Python's `repr()` of a yaql value (arrays are tuples unless marked as lists). */
function yaqlRepr(value: unknown): string {
  if (Array.isArray(value)) {
    if (LAZY.has(value)) return '<generator object>';
    const items = value.map(yaqlRepr);
    if (SETS.has(value)) return items.length === 0 ? 'set()' : `{${items.join(', ')}}`;
    if (isMarkedList(value)) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${yaqlRepr(item)}`)
      .join(', ')}}`;
  }
  return pyRepr(value);
}

/** Results that are Python sets in yaql (`keys()`, `items()`): no order, items must be hashable. */
const SETS = new WeakSet<unknown[]>();

function set(items: unknown[]): unknown[] {
  SETS.add(items);
  return items;
}

/**
 * yaql's output conversion (`convert_output_data`): tuples become lists, recursively; a set cannot
 * hold the lists its tuples become ("unhashable type: 'list'").
 */
function finalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    consume(value);
    const items = SETS.has(value) ? pySet(value.map(finalize)) : value.map(finalize);
    if (SETS.has(value) && value.some((item) => Array.isArray(item) || isDict(item))) {
      throw new PyError(
        'TypeError',
        `unhashable type: '${isDict(value.find((item) => isDict(item))) ? 'dict' : 'list'}'`,
      );
    }
    return items;
  }
  if (isDict(value)) {
    const out: Dict = {};
    for (const [key, item] of Object.entries(value)) out[key] = finalize(item);
    return out;
  }
  return value;
}

/** A yaql regex object (`regex('…')`). */
class YaqlRegex {
  constructor(readonly source: string) {}
}

function noMatching(name: string): PyError {
  return new PyError('NoMatchingFunctionException', `No function "${name}" matches supplied arguments`);
}

function isYaqlNumber(value: unknown): boolean {
  return isNumber(value) && typeof value !== 'boolean';
}

function isSequence(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** yaql's `Iterable()`: sequences and iterators, not strings, not dicts. */
function iterable(value: unknown, name: string): unknown[] {
  if (Array.isArray(value)) return consume(value);
  throw noMatching(name);
}

/** Methods that give an iterator without iterating their receiver. */
const LAZY_METHODS = new Set([
  'select',
  'where',
  'selectMany',
  'distinct',
  'skip',
  'take',
  'enumerate',
  'concat',
  'orderBy',
  'orderByDescending',
]);

/** Errors an `orderBy` will raise when its result is first iterated (yaql sorts lazily). */
const DEFERRED = new WeakMap<unknown[], unknown>();

/** The items of a sequence, raising the error its lazy computation would raise. */
function consume(items: unknown[]): unknown[] {
  if (DEFERRED.has(items)) throw DEFERRED.get(items);
  return items;
}

function yaqlString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw noMatching(name);
  return value;
}

/** yaql's `int` parameters take Python ints, booleans included. */
function yaqlInt(value: unknown, name: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (!isInt(value)) throw noMatching(name);
  return value as number;
}

/** An int result: never JavaScript's -0. */
function int(value: number): number {
  return value === 0 ? 0 : value;
}

/** yaql's `str()`: `null`, `true`, `false` in yaql's spelling, else Python's `str()`. */
export function yaqlStr(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || isDict(value)) return yaqlRepr(value);
  return pyStr(value);
}

function arithmetic(op: string, a: unknown, b: unknown): unknown {
  const name = op === 'mod' ? '#operator_mod' : `#operator_${op}`;
  if (isYaqlNumber(a) && isYaqlNumber(b)) {
    const x = num(a);
    const y = num(b);
    const floats = isFloat(a) || isFloat(b);
    const wrap = (value: number) => (floats ? float(value) : int(value));
    switch (op) {
      case '+':
        return wrap(x + y);
      case '-':
        return wrap(x - y);
      case '*':
        return wrap(x * y);
      case '/':
        if (y === 0) {
          throw new PyError(
            'ZeroDivisionError',
            floats ? 'float division by zero' : 'integer division or modulo by zero',
          );
        }
        return floats ? float(x / y) : int(Math.floor(x / y));
      case 'mod':
        if (y === 0)
          throw new PyError(
            'ZeroDivisionError',
            floats ? 'float modulo' : 'integer division or modulo by zero',
          );
        return wrap(pyMod(x, y));
    }
  }
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (isSequence(a) && isSequence(b)) {
      // Two sequences give a tuple; an iterator on either side, an iterator.
      return LAZY.has(a) || LAZY.has(b) ? lazy([...a, ...b]) : [...a, ...b];
    }
    if (isDict(a) && isDict(b)) return { ...a, ...b };
  }
  if (op === '*') {
    const intLike = (value: unknown) => isInt(value) || typeof value === 'boolean';
    if (typeof a === 'string' && intLike(b)) return a.repeat(Math.max(0, num(b)));
    if (typeof b === 'string' && intLike(a)) return b.repeat(Math.max(0, num(a)));
    if (isSequence(a) && !LAZY.has(a) && intLike(b)) return repeatList(a, num(b));
    if (isSequence(b) && !LAZY.has(b) && intLike(a)) return repeatList(b, num(a));
  }
  throw noMatching(name);
}

function repeatList(items: unknown[], times: number): unknown[] {
  const out: unknown[] = [];
  for (let index = 0; index < times; index += 1) out.push(...items);
  return out;
}

/** yaql's ordering: null is below everything; numbers with numbers, strings with strings. */
function order(op: string, a: unknown, b: unknown): boolean {
  let sign: number;
  if (a === null || b === null) {
    sign = a === null && b === null ? 0 : a === null ? -1 : 1;
  } else if ((isYaqlNumber(a) && isYaqlNumber(b)) || (typeof a === 'string' && typeof b === 'string')) {
    sign = pyCompare(a, b, op);
  } else {
    throw noMatching(`#operator_${op}`);
  }
  return holds(op, sign);
}

function regexOf(value: unknown, name: string): RegExp {
  if (value instanceof YaqlRegex) return pythonRegex(value.source);
  return pythonRegex(yaqlString(value, name));
}

function binary(op: string, a: unknown, b: unknown): unknown {
  switch (op) {
    case '=':
      return yaqlEquals(a, b);
    case '!=':
      return !yaqlEquals(a, b);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return order(op, a, b);
    case 'in':
      if (typeof b === 'string') return pyContains(b, yaqlString(a, '#operator_in'));
      if (isSequence(b)) return b.some((item) => yaqlEquals(item, a));
      throw noMatching('#operator_in');
    case '=~':
      return regexOf(b, '#operator_=~').test(yaqlString(a, '#operator_=~'));
    case '!~':
      return !regexOf(b, '#operator_!~').test(yaqlString(a, '#operator_!~'));
    default:
      return arithmetic(op, a, b);
  }
}

/** Looks up `receiver.name` (yaql's `#operator_.` with a keyword on the right). */
function attribute(receiver: unknown, name: string): unknown {
  if (isDict(receiver)) {
    if (!Object.hasOwn(receiver, name)) throw new PyError('KeyError', name);
    return receiver[name];
  }
  if (isSequence(receiver)) return receiver.map((item) => attribute(item, name));
  throw new PyError('NoFunctionRegisteredException', `Unknown function "#property#${name}"`);
}

function index(target: unknown, keys: unknown[]): unknown {
  if (isSequence(target) && keys.length === 1) {
    const key = keys[0];
    if (!isInt(key) || typeof key === 'boolean') throw noMatching('#indexer');
    const position = (key as number) < 0 ? target.length + (key as number) : (key as number);
    if (position < 0 || position >= target.length) throw new PyError('IndexError', 'list index out of range');
    return target[position];
  }
  if (isDict(target) && (keys.length === 1 || keys.length === 2)) {
    const key = keys[0];
    const name = typeof key === 'string' ? key : pyStr(key);
    if (Object.hasOwn(target, name)) return target[name];
    if (keys.length === 2) return keys[1];
    throw new PyError('KeyError', name);
  }
  throw noMatching('#indexer');
}

type Positional = YaqlNode | null;

interface CallSite {
  env: Env;
  receiver: unknown;
  hasReceiver: boolean;
  positional: Positional[];
  named: { key: YaqlNode; value: YaqlNode }[];
  name: string;
}

/** What a library function gets: its call site and helpers to evaluate arguments. */
class Call {
  constructor(private readonly site: CallSite) {}

  get name(): string {
    return this.site.name;
  }

  get receiver(): unknown {
    return this.site.receiver;
  }

  get hasReceiver(): boolean {
    return this.site.hasReceiver;
  }

  /** All positional values, the receiver first when called as a method. */
  values(): unknown[] {
    const values = this.site.positional.map((node) => (node === null ? null : evalNode(node, this.site.env)));
    return this.site.hasReceiver ? [this.site.receiver, ...values] : values;
  }

  /** Keyword arguments by name. */
  kwargs(): Dict {
    const out: Dict = {};
    for (const { key, value } of this.site.named) {
      const name = key.type === 'keyword' ? key.name : pyStr(evalNode(key, this.site.env));
      out[name] = evalNode(value, this.site.env);
    }
    return out;
  }

  get positionalCount(): number {
    return this.site.positional.length + (this.site.hasReceiver ? 1 : 0);
  }

  /** The n-th argument after the receiver, as a lambda over `$`. */
  lambda(position: number): (item: unknown, extra?: unknown[]) => unknown {
    const node = this.site.positional[position];
    if (node === undefined || node === null) throw noMatching(this.site.name);
    return (item, extra = []) => {
      const vars = new Map(this.site.env.vars);
      vars.set('', item);
      vars.set('1', item);
      extra.forEach((value, offset) => {
        vars.set(String(offset + 2), value);
      });
      return evalNode(node, { scope: this.site.env.scope, vars });
    };
  }

  /** `key => value` pairs, both sides unevaluated (`switch`). */
  get rules(): { key: YaqlNode; value: YaqlNode }[] {
    return this.site.named;
  }

  get env(): Env {
    return this.site.env;
  }

  arity(min: number, max: number): void {
    const count = this.positionalCount;
    if (count < min || count > max || (this.site.named.length > 0 && !NAMED_OK.has(this.site.name))) {
      throw noMatching(this.site.name);
    }
  }
}

const NAMED_OK = new Set(['dict', 'let', 'switch', 'format', 'set']);

interface LibraryEntry {
  method: boolean;
  function: boolean;
  run: (call: Call) => unknown;
}

function method(run: (call: Call) => unknown): LibraryEntry {
  return { method: true, function: false, run };
}

function fn(run: (call: Call) => unknown): LibraryEntry {
  return { method: false, function: true, run };
}

function both(run: (call: Call) => unknown): LibraryEntry {
  return { method: true, function: true, run };
}

function collectionOf(call: Call, min = 1, max = 1): unknown[] {
  call.arity(min, max);
  return iterable(call.values()[0], call.name);
}

function stringOf(call: Call, min = 1, max = 1): [string, unknown[]] {
  call.arity(min, max);
  const [first, ...rest] = call.values();
  return [yaqlString(first, call.name), rest];
}

/** `orderBy`: sorted when first used; a failure to sort waits until then. */
function sortBy(items: unknown[], key: (item: unknown) => unknown, descending: boolean): unknown[] {
  try {
    const keyed = items.map((item) => ({ item, key: key(item) }));
    keyed.sort((a, b) => {
      const sign = order('<', a.key, b.key) ? -1 : order('>', a.key, b.key) ? 1 : 0;
      return descending ? -sign : sign;
    });
    return keyed.map((entry) => entry.item);
  } catch (error) {
    if (!(error instanceof PyError)) throw error;
    const pending: unknown[] = [];
    DEFERRED.set(pending, error);
    return pending;
  }
}

function distinctItems(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((seen) => yaqlEquals(seen, item))) out.push(item);
  return out;
}

function aggregate(call: Call, combine: (a: unknown, b: unknown) => unknown): unknown {
  call.arity(1, 2);
  const [collection, ...initial] = call.values();
  const items = iterable(collection, call.name);
  if (initial.length === 0 && items.length === 0)
    throw new PyError('TypeError', 'reduce() of empty iterable with no initial value');
  let accumulator = initial.length > 0 ? initial[0] : items[0];
  for (const item of initial.length > 0 ? items : items.slice(1)) accumulator = combine(accumulator, item);
  return accumulator;
}

const LIBRARY: Record<string, LibraryEntry> = {
  len: both((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    if (isSequence(value) && ORDERED.has(value)) throw noMatching('len');
    if (isSequence(value) || isDict(value) || typeof value === 'string') return pyLen(value);
    throw noMatching('len');
  }),
  count: method((call) => collectionOf(call).length),
  list: fn((call) => {
    if (call.rules.length > 0) throw noMatching('list');
    // Iterator arguments are unpacked: list(1, range(2)) is (1, 0, 1).
    const unpack = (values: unknown[]): unknown[] =>
      values.flatMap((value) => (isIterator(value) ? unpack(value as unknown[]) : [value]));
    return unpack(call.values());
  }),
  toList: method((call) => [...collectionOf(call)]),
  dict: fn((call) => {
    const values = call.values();
    if (values.length === 0) return call.kwargs();
    if (values.length === 1 && call.rules.length === 0) {
      const out: Dict = {};
      for (const pair of iterable(values[0], 'dict')) {
        if (!isSequence(pair) || pair.length !== 2) throw noMatching('dict');
        out[typeof pair[0] === 'string' ? pair[0] : pyStr(pair[0])] = pair[1];
      }
      return out;
    }
    throw noMatching('dict');
  }),
  keys: method((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    if (!isDict(value)) throw noMatching('keys');
    return set(Object.keys(value));
  }),
  values: method((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    if (!isDict(value)) throw noMatching('values');
    return Object.values(value);
  }),
  items: method((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    if (!isDict(value)) throw noMatching('items');
    return set(Object.entries(value).map((entry) => tuple(entry)));
  }),
  get: method((call) => {
    call.arity(2, 3);
    const [receiver, key, fallback = null] = call.values();
    if (!isDict(receiver)) throw noMatching('get');
    const name = typeof key === 'string' ? key : pyStr(key);
    return Object.hasOwn(receiver, name) ? receiver[name] : fallback;
  }),
  set: method((call) => {
    const values = call.values();
    const receiver = values[0];
    if (!isDict(receiver)) throw noMatching('set');
    if (values.length === 3) return { ...receiver, [pyStr(values[1])]: values[2] };
    if (values.length === 1) return { ...receiver, ...call.kwargs() };
    if (values.length === 2 && isDict(values[1])) return { ...receiver, ...(values[1] as Dict) };
    throw noMatching('set');
  }),
  containsKey: method((call) => {
    call.arity(2, 2);
    const [receiver, key] = call.values();
    if (!isDict(receiver)) throw noMatching('containsKey');
    return typeof key === 'string' && Object.hasOwn(receiver, key);
  }),
  containsValue: method((call) => {
    call.arity(2, 2);
    const [receiver, value] = call.values();
    if (!isDict(receiver)) throw noMatching('containsValue');
    return Object.values(receiver).some((item) => yaqlEquals(item, value));
  }),
  contains: method((call) => {
    call.arity(2, 2);
    const [collection, value] = call.values();
    return iterable(collection, 'contains').some((item) => yaqlEquals(item, value));
  }),
  join: method((call) => {
    call.arity(2, 2);
    const [receiver, other] = call.values();
    const [sequence, separator] =
      typeof receiver === 'string' && !isSequence(other)
        ? [other, receiver]
        : isSequence(receiver)
          ? [receiver, other]
          : [other, receiver];
    const items = iterable(sequence, 'join');
    return items.map(yaqlStr).join(yaqlString(separator, 'join'));
  }),
  split: method((call) => {
    const [text, rest] = stringOf(call, 1, 3);
    const separator = rest[0] ?? null;
    if (separator !== null && typeof separator !== 'string') throw noMatching('split');
    return list(pythonSplit(text, separator, rest[1] === undefined ? -1 : yaqlInt(rest[1], 'split')));
  }),
  replace: method((call) => {
    const [text, rest] = stringOf(call, 3, 4);
    const [old, replacement, count = -1] = rest;
    const from = yaqlString(old, 'replace');
    const to = yaqlString(replacement, 'replace');
    let remaining = yaqlInt(count, 'replace');
    if (remaining < 0) return text.split(from).join(to);
    let out = '';
    let rest2 = text;
    while (remaining > 0) {
      const at = rest2.indexOf(from);
      if (at < 0) break;
      out += rest2.slice(0, at) + to;
      rest2 = rest2.slice(at + from.length);
      if (from === '') {
        out += rest2.slice(0, 1);
        rest2 = rest2.slice(1);
      }
      remaining -= 1;
    }
    return out + rest2;
  }),
  toUpper: method((call) => stringOf(call)[0].toUpperCase()),
  toLower: method((call) => stringOf(call)[0].toLowerCase()),
  trim: method((call) => {
    const [text, [chars = null]] = stringOf(call, 1, 2);
    return pythonStrip(text, chars as string | null, 'both');
  }),
  trimLeft: method((call) => {
    const [text, [chars = null]] = stringOf(call, 1, 2);
    return pythonStrip(text, chars as string | null, 'left');
  }),
  trimRight: method((call) => {
    const [text, [chars = null]] = stringOf(call, 1, 2);
    return pythonStrip(text, chars as string | null, 'right');
  }),
  startsWith: method((call) => {
    const [text, prefixes] = stringOf(call, 2, 99);
    return prefixes.some((prefix) => text.startsWith(yaqlString(prefix, 'startsWith')));
  }),
  endsWith: method((call) => {
    const [text, suffixes] = stringOf(call, 2, 99);
    return suffixes.some((suffix) => text.endsWith(yaqlString(suffix, 'endsWith')));
  }),
  substring: method((call) => {
    const [text, [start, length = -1]] = stringOf(call, 2, 3);
    const chars = [...text];
    let from = yaqlInt(start, 'substring');
    if (from < 0) from = Math.max(0, chars.length + from);
    const size = yaqlInt(length, 'substring');
    return (size < 0 ? chars.slice(from) : chars.slice(from, from + size)).join('');
  }),
  indexOf: method((call) => {
    call.arity(2, 4);
    const [receiver, item, start = 0] = call.values();
    if (typeof receiver === 'string') {
      return receiver.indexOf(yaqlString(item, 'indexOf'), yaqlInt(start, 'indexOf'));
    }
    return iterable(receiver, 'indexOf').findIndex((element) => pyEquals(element, item));
  }),
  format: both((call) => {
    const [template, ...args] = call.values();
    return pythonFormat(yaqlString(template, 'format'), args, call.kwargs());
  }),
  str: fn((call) => {
    call.arity(1, 1);
    return yaqlStr(call.values()[0]);
  }),
  int: fn((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    return value === null ? 0 : pyInt(value);
  }),
  float: fn((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    return value === null ? new PyFloat(0) : pyFloat(value);
  }),
  bool: fn((call) => {
    call.arity(1, 1);
    return yaqlTruthy(call.values()[0]);
  }),
  abs: fn((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    if (!isYaqlNumber(value)) throw noMatching('abs');
    return isFloat(value) ? float(Math.abs(num(value))) : Math.abs(num(value));
  }),
  sum: method((call) => aggregate(call, (a, b) => arithmetic('+', a, b))),
  max: both((call) => {
    if (call.hasReceiver) return aggregate(call, (a, b) => (order('>', b, a) ? b : a));
    call.arity(2, 2);
    const [a, b] = call.values();
    return order('>', b, a) ? b : a;
  }),
  min: both((call) => {
    if (call.hasReceiver) return aggregate(call, (a, b) => (order('>', b, a) ? a : b));
    call.arity(2, 2);
    const [a, b] = call.values();
    return order('>', b, a) ? a : b;
  }),
  range: fn((call) => {
    call.arity(1, 3);
    return lazy(pyRange(call.values().map((value) => yaqlInt(value, 'range'))));
  }),
  select: method((call) => {
    const items = iterable(call.receiver, 'select');
    const selector = call.lambda(0);
    return lazy(items.map((item) => selector(item)));
  }),
  where: method((call) => {
    const items = iterable(call.receiver, 'where');
    const predicate = call.lambda(0);
    return lazy(items.filter((item) => yaqlTruthy(predicate(item))));
  }),
  selectMany: method((call) => {
    const items = iterable(call.receiver, 'selectMany');
    const selector = call.lambda(0);
    return lazy2(items, (item) => {
      const result = selector(item);
      return isSequence(result) ? result : [result];
    });
  }),
  first: method((call) => {
    const items = collectionOf(call, 1, 2);
    if (items.length > 0) return items[0];
    if (call.positionalCount === 2) return call.values()[1];
    throw new PyError('StopIteration', '');
  }),
  last: method((call) => {
    const items = collectionOf(call, 1, 2);
    if (items.length > 0) return items.at(-1);
    if (call.positionalCount === 2) return call.values()[1];
    throw new PyError('StopIteration', '');
  }),
  distinct: both((call) => {
    const items = iterable(call.hasReceiver ? call.receiver : call.values()[0], 'distinct');
    if ((call.hasReceiver ? call.positionalCount - 1 : call.positionalCount - 1) > 0) {
      const selector = call.lambda(call.hasReceiver ? 0 : 1);
      const out: unknown[] = [];
      const keys: unknown[] = [];
      for (const item of items) {
        const key = selector(item);
        if (!keys.some((seen) => yaqlEquals(seen, key))) {
          keys.push(key);
          out.push(item);
        }
      }
      return lazy(out);
    }
    return lazy(distinctItems(items));
  }),
  orderBy: method((call) => ordered(sortBy(iterable(call.receiver, 'orderBy'), call.lambda(0), false))),
  orderByDescending: method((call) =>
    ordered(sortBy(iterable(call.receiver, 'orderByDescending'), call.lambda(0), true)),
  ),
  any: both((call) => {
    const items = iterable(call.hasReceiver ? call.receiver : call.values()[0], 'any');
    const extra = call.positionalCount - 1;
    if (extra === 0) return items.length > 0;
    const predicate = call.lambda(call.hasReceiver ? 0 : 1);
    return items.some((item) => yaqlTruthy(predicate(item)));
  }),
  all: both((call) => {
    const items = iterable(call.hasReceiver ? call.receiver : call.values()[0], 'all');
    const extra = call.positionalCount - 1;
    if (extra === 0) return items.every(yaqlTruthy);
    const predicate = call.lambda(call.hasReceiver ? 0 : 1);
    return items.every((item) => yaqlTruthy(predicate(item)));
  }),
  skip: method((call) => {
    call.arity(2, 2);
    const [collection, count] = call.values();
    return lazy(iterable(collection, 'skip').slice(Math.max(0, yaqlInt(count, 'skip'))));
  }),
  take: method((call) => {
    call.arity(2, 2);
    const [collection, count] = call.values();
    return lazy(iterable(collection, 'take').slice(0, Math.max(0, yaqlInt(count, 'take'))));
  }),
  reverse: method((call) => lazy([...collectionOf(call)].reverse())),
  flatten: method((call) => {
    const flat = (items: unknown[]): unknown[] =>
      items.flatMap((item) => (isSequence(item) ? flat(item) : [item]));
    return lazy(flat(collectionOf(call)));
  }),
  enumerate: both((call) => {
    call.arity(1, 2);
    const [collection, start = 0] = call.values();
    const first = yaqlInt(start, 'enumerate');
    return lazy(iterable(collection, 'enumerate').map((item, position) => list([first + position, item])));
  }),
  concat: both((call) => {
    const values = call.values();
    if (values.every((value) => typeof value === 'string') && !call.hasReceiver) return values.join('');
    return lazy(values.flatMap((value) => iterable(value, 'concat')));
  }),
  coalesce: fn((call) => {
    for (const value of call.values()) if (value !== null) return value;
    return null;
  }),
  switch: fn((call) => {
    if (call.positionalCount > 0) throw noMatching('switch');
    for (const rule of call.rules) {
      if (yaqlTruthy(evalNode(rule.key, call.env))) return evalNode(rule.value, call.env);
    }
    return null;
  }),
  isList: fn((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    return isSequence(value) && !LAZY.has(value);
  }),
  isDict: fn((call) => {
    call.arity(1, 1);
    return isDict(call.values()[0]);
  }),
  isString: fn((call) => {
    call.arity(1, 1);
    return typeof call.values()[0] === 'string';
  }),
  isInteger: fn((call) => {
    call.arity(1, 1);
    const value = call.values()[0];
    return isInt(value) && typeof value !== 'boolean';
  }),
  isNumber: fn((call) => {
    call.arity(1, 1);
    return isYaqlNumber(call.values()[0]);
  }),
  isBoolean: fn((call) => {
    call.arity(1, 1);
    return typeof call.values()[0] === 'boolean';
  }),
  regex: fn((call) => {
    call.arity(1, 1);
    return new YaqlRegex(yaqlString(call.values()[0], 'regex'));
  }),
  matches: method((call) => {
    call.arity(2, 2);
    const [receiver, other] = call.values();
    if (receiver instanceof YaqlRegex) return regexOf(receiver, 'matches').test(yaqlString(other, 'matches'));
    return regexOf(other, 'matches').test(yaqlString(receiver, 'matches'));
  }),
};

function splitArgs(args: YaqlArg[]): {
  positional: Positional[];
  named: { key: YaqlNode; value: YaqlNode }[];
} {
  const positional: Positional[] = [];
  const named: { key: YaqlNode; value: YaqlNode }[] = [];
  for (const arg of args) {
    if (arg.type === 'named') named.push({ key: arg.key, value: arg.value });
    else positional.push(arg.type === 'skipped' ? null : arg);
  }
  return { positional, named };
}

function callFunction(node: YaqlCall, env: Env, receiver: { value: unknown } | null): unknown {
  const { positional, named } = splitArgs(node.args);
  if (receiver === null) {
    const external = env.scope.functions[node.name];
    if (external !== undefined) {
      const call = new Call({
        env,
        receiver: undefined,
        hasReceiver: false,
        positional,
        named,
        name: node.name,
      });
      const args = call.values().map(toPlain);
      const kwargs = toPlain(call.kwargs()) as Dict;
      return callExternal(() => external(args, kwargs, { language: 'yaql' }));
    }
  }
  const entry = LIBRARY[node.name];
  const allowed = entry && (receiver === null ? entry.function : entry.method);
  if (!allowed) {
    if (receiver === null)
      throw new PyError('NoFunctionRegisteredException', `Unknown function "${node.name}"`);
    throw new PyError('NoMethodRegisteredException', `Unknown method "${node.name}"`);
  }
  const call = new Call({
    env,
    receiver: receiver?.value,
    hasReceiver: receiver !== null,
    positional,
    named,
    name: node.name,
  });
  const input = receiver?.value;
  if (Array.isArray(input) && DEFERRED.has(input) && LAZY_METHODS.has(node.name)) {
    // A lazy method over a lazy failure is itself a lazy failure.
    const pending = lazy([]);
    DEFERRED.set(pending, DEFERRED.get(input));
    return pending;
  }
  try {
    return entry.run(call);
  } catch (error) {
    // yaql says "method" when no overload takes these arguments with a receiver.
    if (
      receiver !== null &&
      error instanceof PyError &&
      error.type === 'NoMatchingFunctionException' &&
      error.message === noMatching(node.name).message
    ) {
      throw new PyError(
        'NoMatchingMethodException',
        `No method "${node.name}" for receiver ${yaqlRepr(receiver.value)} matches supplied arguments`,
      );
    }
    throw error;
  }
}

function evalArgs(args: YaqlArg[], env: Env, name: string): unknown[] {
  return args.map((arg) => {
    if (arg.type === 'named' || arg.type === 'skipped') throw noMatching(name);
    return evalNode(arg, env);
  });
}

function evalNode(node: YaqlNode, env: Env): unknown {
  return atNode(node.start, () => evalNodeOnly(node, env));
}

function evalNodeOnly(node: YaqlNode, env: Env): unknown {
  switch (node.type) {
    case 'constant':
      return node.numberKind === 'float' ? float(node.value as number) : node.value;
    case 'keyword':
      return node.name;
    case 'dollar':
      return env.vars.get(node.name) ?? null;
    case 'group':
      return evalNode(node.expr, env);
    case 'call':
      return callFunction(node, env, null);
    case 'list':
      return evalArgs(node.items, env, '#list');
    case 'map': {
      const out: Dict = {};
      for (const item of node.items) {
        if (item.type !== 'named') throw noMatching('#map');
        const key = item.key.type === 'keyword' ? item.key.name : evalNode(item.key, env);
        out[typeof key === 'string' ? key : pyStr(key)] = evalNode(item.value, env);
      }
      return out;
    }
    case 'index':
      return index(evalNode(node.target, env), evalArgs(node.args, env, '#indexer'));
    case 'unary': {
      const value = evalNode(node.operand, env);
      if (node.op === 'not') return !yaqlTruthy(value);
      if (!isYaqlNumber(value)) throw noMatching(`#unary_operator_${node.op}`);
      if (node.op === '+') return value;
      return isFloat(value) ? float(-num(value)) : int(-num(value));
    }
    case 'binary':
      return evalBinary(node.op, node.left, node.right, env);
  }
}

function evalBinary(op: string, left: YaqlNode, right: YaqlNode, env: Env): unknown {
  if (op === 'and') {
    const value = evalNode(left, env);
    return yaqlTruthy(value) ? evalNode(right, env) : value;
  }
  if (op === 'or') {
    const value = evalNode(left, env);
    return yaqlTruthy(value) ? value : evalNode(right, env);
  }
  if (op === '.' || op === '?.') {
    const receiver = evalNode(left, env);
    if (op === '?.' && receiver === null) return null;
    if (right.type === 'keyword') return attribute(receiver, right.name);
    if (right.type === 'call') return callFunction(right, env, { value: receiver });
    throw noMatching('#operator_.');
  }
  if (op === '->') {
    const vars = new Map(env.vars);
    if (left.type === 'call' && left.name === 'let') {
      const { positional, named } = splitArgs(left.args);
      positional.forEach((node, position) => {
        vars.set(String(position + 1), node === null ? null : evalNode(node, env));
      });
      for (const { key, value } of named) {
        vars.set(key.type === 'keyword' ? key.name : pyStr(evalNode(key, env)), evalNode(value, env));
      }
    } else {
      vars.set('', evalNode(left, env));
    }
    return evalNode(right, { scope: env.scope, vars });
  }
  checkConstants(op, left, right);
  return binary(op, evalNode(left, env), evalNode(right, env));
}

type ConstantKind = 'number' | 'bool' | 'string' | 'null';

/**
 * What each operator's overloads take, for constant operands (yaql checks those before evaluating).
 * Comparisons take anything on either side (there are overloads for null).
 */
const CONSTANT_OPERANDS: Record<string, [ConstantKind[], ConstantKind[]]> = {
  '+': [
    ['number', 'string'],
    ['number', 'string'],
  ],
  '-': [['number'], ['number']],
  '/': [['number'], ['number']],
  mod: [['number'], ['number']],
  '*': [
    ['number', 'bool', 'string'],
    ['number', 'bool', 'string'],
  ],
  in: [['number', 'bool', 'string', 'null'], ['string']],
  '=~': [['string'], ['string']],
  '!~': [['string'], ['string']],
};

function constantKind(node: YaqlNode): ConstantKind | null {
  if (node.type === 'keyword') return 'string';
  if (node.type !== 'constant') return null;
  if (node.value === null) return 'null';
  if (typeof node.value === 'boolean') return 'bool';
  return typeof node.value === 'string' ? 'string' : 'number';
}

/**
 * yaql matches constant arguments against the overloads before it evaluates the others: a constant
 * no overload takes fails the call first (`true / f()` never calls `f`).
 */
function checkConstants(op: string, left: YaqlNode, right: YaqlNode): void {
  const accepted = CONSTANT_OPERANDS[op];
  if (!accepted) return;
  for (const [position, node] of [left, right].entries()) {
    const kind = constantKind(node);
    if (kind !== null && !accepted[position]!.includes(kind))
      throw noMatching(op === 'mod' ? '#operator_mod' : `#operator_${op}`);
  }
}

/**
 * Evaluates a YAQL expression with Orquesta's context: `$` is null, functions come from `scope` and
 * yaql's library. Returns a Python-like value (see py-values.ts).
 * @throws PyError
 */
export function evaluateYaqlNode(node: YaqlNode, scope: EvaluationScope): unknown {
  return finalize(evalNode(node, { scope, vars: new Map() }));
}
