/**
 * Python's value semantics, as far as expressions see them: YAQL and Jinja run on Python values, and
 * Orquesta turns results into text with Python's `str()`. Values here are JSON-like JavaScript values
 * plus a few markers:
 * - an int is an integer `number`; a float is a non-integer `number` or a `PyFloat` (`2.0`, `inf`);
 * - a tuple is an array registered in `TUPLES` (`(1, 'a')`), an explicit list one in `LISTS`; an
 *   unmarked array is a list to Jinja and a tuple to YAQL (yaql turns its input data into tuples);
 * - a dict is a plain object (string keys);
 * - Jinja's undefined values and bound methods (`ctx().items` on a dict) have their own classes.
 */

/** A float whose value is an integer (`2.0`) or not finite: JavaScript numbers cannot say so. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Arrays that are Python tuples. */
const TUPLES = new WeakSet<unknown[]>();

/** Marks an array as a tuple and returns it. */
export function tuple(items: unknown[]): unknown[] {
  TUPLES.add(items);
  return items;
}

export function isTuple(value: unknown): boolean {
  return Array.isArray(value) && TUPLES.has(value);
}

/** Arrays that are Python sets (yaql's `keys()`): printed with braces, in no particular order. */
const SETS = new WeakSet<unknown[]>();

/** Marks an array as a set and returns it. */
export function pySet(items: unknown[]): unknown[] {
  SETS.add(items);
  return items;
}

export function isPySet(value: unknown): boolean {
  return Array.isArray(value) && SETS.has(value);
}

/** Arrays that are Python lists in YAQL too (`split()`, `json()`). */
const LISTS = new WeakSet<unknown[]>();

/** Marks an array as a Python list (also for YAQL) and returns it. */
export function list(items: unknown[]): unknown[] {
  LISTS.add(items);
  return items;
}

export function isMarkedList(value: unknown): boolean {
  return Array.isArray(value) && LISTS.has(value);
}

/** Jinja's undefined value; `strict` (StrictUndefined) raises on any use, plain renders as ''. */
export class JinjaUndefined {
  constructor(
    readonly hint: string,
    readonly strict: boolean,
  ) {}
}

/** A method looked up on a value but not called (`ctx().items` in Jinja, since dicts have `items`). */
export class BoundMethod {
  constructor(
    readonly receiver: unknown,
    readonly name: string,
    readonly call: (args: unknown[], kwargs: Record<string, unknown>) => unknown,
  ) {}
}

/** A Python exception raised while evaluating: its class name and message. */
export class PyError extends Error {
  /** Offset of the innermost expression node that raised it, in the string value. */
  offset: number | undefined;

  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs an expression node's evaluation; a PyError from it points at the node unless a deeper one did. */
export function atNode<T>(start: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PyError && error.offset === undefined) error.offset = start;
    throw error;
  }
}

/** Python's `range(start, stop, step)` as a list, at most `limit` items. */
export function pyRange(values: number[], limit = Number.POSITIVE_INFINITY): number[] {
  const [start, stop, step] =
    values.length === 1 ? [0, values[0]!, 1] : [values[0]!, values[1]!, values[2] ?? 1];
  if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
  const out: number[] = [];
  for (let value = start; step > 0 ? value < stop : value > stop; value += step) {
    if (out.length >= limit) {
      throw new PyError(
        'OverflowError',
        `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${limit}).`,
      );
    }
    out.push(value);
  }
  return out;
}

/** Python's escapes of one character after a backslash. */
export const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Calls a function from the scope; what it throws becomes a PyError named after the error. */
export function callExternal(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof PyError) throw error;
    if (error instanceof Error)
      throw new PyError(error.name === 'Error' ? 'Exception' : error.name, error.message);
    throw new PyError('Exception', String(error));
  }
}

export type Dict = Record<string, unknown>;

export function isDict(value: unknown): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof PyFloat) &&
    !(value instanceof JinjaUndefined) &&
    !(value instanceof BoundMethod)
  );
}

export function isNumber(value: unknown): boolean {
  return typeof value === 'number' || value instanceof PyFloat;
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

export function isInt(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The JavaScript number of an int, float or bool. */
export function num(value: unknown): number {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as number;
}

/** A float result: a plain number when it is not an integer, else a PyFloat. */
export function float(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Python's type name of a value (for error messages). */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (isInt(value)) return 'int';
  if (isNumber(value)) return 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'list';
  if (value instanceof BoundMethod) return 'builtin_function_or_method';
  if (value instanceof JinjaUndefined) return value.strict ? 'StrictUndefined' : 'Undefined';
  if (typeof value === 'function') return 'function';
  return 'dict';
}

/** Python's truth value. */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (value === true) return true;
  if (isNumber(value)) return num(value) !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof JinjaUndefined) return false;
  if (value instanceof BoundMethod) return true;
  if (isDict(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's `==`. */
export function pyEquals(a: unknown, b: unknown): boolean {
  const aNum = isNumber(a) || typeof a === 'boolean';
  const bNum = isNumber(b) || typeof b === 'boolean';
  if (aNum && bNum) return num(a) === num(b);
  if (aNum || bNum) return false;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      isTuple(a) === isTuple(b) && a.length === b.length && a.every((item, index) => pyEquals(item, b[index]))
    );
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && pyEquals(a[key], b[key]));
  }
  return a === b;
}

/**
 * Python's ordering `<`, `>`, … between two values: numbers, strings, lists (element by element).
 * @throws PyError TypeError for values Python cannot order.
 */
export function pyCompare(a: unknown, b: unknown, op: string): number {
  const aNum = isNumber(a) || typeof a === 'boolean';
  const bNum = isNumber(b) || typeof b === 'boolean';
  if (aNum && bNum) return Math.sign(num(a) - num(b));
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
      if (!pyEquals(a[index], b[index])) return pyCompare(a[index], b[index], op);
    }
    return Math.sign(a.length - b.length);
  }
  throw new PyError(
    'TypeError',
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

/** Whether `a op b` holds for the sign of the comparison of a and b (`<`, `<=`, `>`, `>=`). */
export function holds(op: string, sign: number): boolean {
  if (op === '<') return sign < 0;
  if (op === '<=') return sign <= 0;
  if (op === '>') return sign > 0;
  return sign >= 0;
}

/** Python's `repr()` of a float. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = value.toFixed(Math.max(0, mantissa.replace(/^-?\d\.?/, '').length - exponent));
  return text.includes('.') ? text : `${text}.0`;
}

/** Python's `repr()` of a string. */
export function stringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return out + quote;
}

/** Python's `repr()`. */
export function pyRepr(value: unknown): string {
  if (typeof value === 'string') return stringRepr(value);
  if (Array.isArray(value)) {
    const items = value.map(pyRepr);
    if (SETS.has(value)) return items.length === 0 ? 'set()' : `{${items.join(', ')}}`;
    if (isTuple(value)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (isDict(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${stringRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`;
  }
  return pyStr(value);
}

/** Python's `str()`: what Orquesta writes into a string for an expression's value. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : floatRepr(value);
  if (value instanceof JinjaUndefined) {
    if (value.strict) throw new PyError('UndefinedError', value.hint);
    return '';
  }
  if (value instanceof BoundMethod)
    return `<built-in method ${value.name} of ${typeName(value.receiver)} object>`;
  return pyRepr(value);
}

/** Python's `json.dumps` (default separators), optionally with sorted keys. */
export function pyJsonDumps(value: unknown, sortKeys = false): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  if (isNumber(value)) {
    const number = num(value);
    if (Number.isNaN(number)) return 'NaN';
    if (!Number.isFinite(number)) return number > 0 ? 'Infinity' : '-Infinity';
    return isFloat(value) ? floatRepr(number) : String(number);
  }
  if (Array.isArray(value)) return `[${value.map((item) => pyJsonDumps(item, sortKeys)).join(', ')}]`;
  if (isDict(value)) {
    const keys = Object.keys(value);
    if (sortKeys) keys.sort();
    return `{${keys.map((key) => `${pyJsonDumps(key)}: ${pyJsonDumps(value[key], sortKeys)}`).join(', ')}}`;
  }
  throw new PyError('TypeError', `Object of type ${typeName(value)} is not JSON serializable`);
}

/** Python's `len()`. */
export function pyLen(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isDict(value)) return Object.keys(value).length;
  throw new PyError('TypeError', `object of type '${typeName(value)}' has no len()`);
}

/** Python's `x in container`. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new PyError('TypeError', `'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => pyEquals(element, item));
  if (isDict(container)) {
    if ((Array.isArray(item) && !isTuple(item)) || isDict(item)) {
      throw new PyError('TypeError', `unhashable type: '${typeName(item)}'`);
    }
    return typeof item === 'string' && Object.hasOwn(container, item);
  }
  throw new PyError('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

/** Python's iteration over a value: list items, string characters, dict keys. */
export function pyIter(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value);
  if (value instanceof JinjaUndefined && value.strict) throw new PyError('UndefinedError', value.hint);
  throw new PyError('TypeError', `'${typeName(value)}' object is not iterable`);
}

/** Python's `int()` of a value. */
export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumber(value)) {
    const number = num(value);
    if (!Number.isFinite(number))
      throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(number);
  }
  if (typeof value === 'string' && /^\s*[-+]?\d+(_\d+)*\s*$/.test(value))
    return Number(value.trim().replaceAll('_', ''));
  if (typeof value === 'string')
    throw new PyError('ValueError', `invalid literal for int() with base 10: ${stringRepr(value)}`);
  throw new PyError(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`,
  );
}

/** Python's `float()` of a value. */
export function pyFloat(value: unknown): number | PyFloat {
  if (typeof value === 'boolean' || isNumber(value)) return float(num(value));
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (/^[-+]?(\d+(_\d+)*)?(\.\d*)?(e[-+]?\d+)?$/.test(text) && /\d/.test(text)) {
      return float(Number(text.replaceAll('_', '')));
    }
    if (/^[-+]?(inf|infinity)$/.test(text)) return new PyFloat(text.startsWith('-') ? -Infinity : Infinity);
    if (/^[-+]?nan$/.test(text)) return new PyFloat(Number.NaN);
    throw new PyError('ValueError', `could not convert string to float: ${stringRepr(value)}`);
  }
  throw new PyError(
    'TypeError',
    `float() argument must be a string or a real number, not '${typeName(value)}'`,
  );
}

/** Python's `a % b` for numbers (the sign follows the divisor). */
export function pyMod(a: number, b: number): number {
  const result = a % b;
  return result !== 0 && Math.sign(result) !== Math.sign(b) ? result + b : result;
}

/** Converts an evaluated value back to plain JSON-like JavaScript: floats to numbers, undefined kept. */
export function toPlain(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof JinjaUndefined) return undefined;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isDict(value)) {
    const out: Dict = {};
    for (const [key, item] of Object.entries(value)) out[key] = toPlain(item);
    return out;
  }
  return value;
}
