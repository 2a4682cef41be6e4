/** Python's string methods that YAQL and Jinja expose: split, strip, format, `%` formatting, regexes. */
import {
  type Dict,
  isDict,
  isNumber,
  isTuple,
  JinjaUndefined,
  num,
  PyError,
  pyInt,
  pyRepr,
  pyStr,
  typeName,
} from './py-values.js';

const WHITESPACE = /\s+/u;

/** Python's `str.split(sep, maxsplit)`; `sep` null splits on runs of whitespace. */
export function pythonSplit(text: string, separator: string | null, maxSplit: number): string[] {
  if (separator === '') throw new PyError('ValueError', 'empty separator');
  if (separator === null) {
    const parts: string[] = [];
    let rest = text.replace(/^\s+/u, '');
    while (rest !== '') {
      if (maxSplit >= 0 && parts.length === maxSplit) {
        parts.push(rest);
        break;
      }
      const match = WHITESPACE.exec(rest);
      if (!match) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    return parts;
  }
  const pieces = text.split(separator);
  if (maxSplit < 0 || pieces.length <= maxSplit + 1) return pieces;
  return [...pieces.slice(0, maxSplit), pieces.slice(maxSplit).join(separator)];
}

/** Python's `str.strip(chars)` (`lstrip`, `rstrip`). */
export function pythonStrip(text: string, chars: string | null, side: 'both' | 'left' | 'right'): string {
  const strip = (char: string) => (chars === null ? /\s/u.test(char) : chars.includes(char));
  const characters = [...text];
  let start = 0;
  let end = characters.length;
  if (side !== 'right') while (start < end && strip(characters[start]!)) start += 1;
  if (side !== 'left') while (end > start && strip(characters[end - 1]!)) end -= 1;
  return characters.slice(start, end).join('');
}

/** Python's `str.format` for `{}`, `{0}`, `{name}`, `{0.attr}`/`{0[key]}` and simple specs. */
export function pythonFormat(template: string, args: unknown[], kwargs: Dict): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const [reference = '', spec = ''] = (field ?? '').split(':', 2) as [string, string?];
    const [head = '', ...path] = reference.split(/(?=[.[])/);
    let value: unknown;
    if (head === '') value = args[auto++];
    else if (/^\d+$/.test(head)) value = args[Number(head)];
    else value = kwargs[head];
    if (value === undefined && !(head in kwargs)) {
      throw new PyError(
        /^\d*$/.test(head) ? 'IndexError' : 'KeyError',
        /^\d*$/.test(head) ? 'Replacement index out of range' : head,
      );
    }
    for (const step of path) {
      const key = step.startsWith('.') ? step.slice(1) : step.slice(1, -1);
      value = (value as Dict)?.[key];
    }
    return applySpec(value, spec);
  });
}

function applySpec(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const match = /^(?:(.)?([<>^]))?([+-])?(\d+)?(?:\.(\d+))?([dfsx%])?$/.exec(spec);
  if (!match) return pyStr(value);
  const [, fill = ' ', align, , width, precision, type] = match;
  let text: string;
  if (type === 'f' || (precision !== undefined && isNumber(value)))
    text = num(value).toFixed(Number(precision ?? 6));
  else if (type === 'd') text = String(pyInt(value));
  else if (type === 'x') text = pyInt(value).toString(16);
  else text = pyStr(value);
  const size = Number(width ?? 0);
  if (text.length >= size) return text;
  const pad = fill.repeat(size - text.length);
  const direction = align ?? (isNumber(value) ? '>' : '<');
  if (direction === '<') return text + pad;
  if (direction === '>') return pad + text;
  const left = Math.floor((size - text.length) / 2);
  return fill.repeat(left) + text + fill.repeat(size - text.length - left);
}

/**
 * Python's `str % args` (Jinja's `%` and `format` filter): `%s`, `%r`, `%d`, `%i`, `%f`, `%x`, `%%`,
 * `%(name)s`. A tuple holds the arguments; anything else is one argument, which may go unused when
 * it can be subscripted (a list, a dict, an undefined), as in Python.
 */
export function percentFormat(template: string, args: unknown): string {
  const items = isTuple(args) ? (args as unknown[]) : null;
  const subscriptable =
    items === null && (Array.isArray(args) || isDict(args) || args instanceof JinjaUndefined);
  let position = 0;
  let usedSingle = false;
  let usedKey = false;
  const text = template.replace(
    /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdirfxXeg%])/g,
    (_match, key, flags, width, precision, type) => {
      if (type === '%') return '%';
      let value: unknown;
      if (key !== undefined) {
        if (!isDict(args)) throw new PyError('TypeError', 'format requires a mapping');
        if (!Object.hasOwn(args, key as string)) throw new PyError('KeyError', key as string);
        value = args[key as string];
        usedKey = true;
      } else if (items) {
        if (position >= items.length)
          throw new PyError('TypeError', 'not enough arguments for format string');
        value = items[position++];
      } else {
        if (usedSingle) throw new PyError('TypeError', 'not enough arguments for format string');
        value = args;
        usedSingle = true;
      }
      let out: string;
      switch (type) {
        case 'd':
        case 'i':
          if (!isNumber(value) && typeof value !== 'boolean') {
            throw new PyError(
              'TypeError',
              `%${type} format: a real number is required, not ${typeName(value)}`,
            );
          }
          out = String(Math.trunc(num(value)));
          break;
        case 'f':
          out = num(value).toFixed(Number(precision ?? 6));
          break;
        case 'x':
        case 'X':
          out = Math.trunc(num(value)).toString(16);
          if (type === 'X') out = out.toUpperCase();
          break;
        case 'r':
          out = pyRepr(value);
          break;
        default:
          out = pyStr(value);
      }
      const size = Number(width ?? 0);
      if (out.length < size) {
        out = (flags as string).includes('-')
          ? out.padEnd(size)
          : out.padStart(size, (flags as string).includes('0') ? '0' : ' ');
      }
      return out;
    },
  );
  const leftOver = items ? position < items.length : !usedSingle && !usedKey && !subscriptable;
  if (leftOver) throw new PyError('TypeError', 'not all arguments converted during string formatting');
  return text;
}

/** A Python regular expression as a JavaScript one (the common syntax is shared). */
export function pythonRegex(source: string): RegExp {
  try {
    return new RegExp(
      source
        .replace(/\(\?P<(\w+)>/g, '(?<$1>')
        .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
        .replace(/\\Z/g, '$'),
      'u',
    );
  } catch {
    throw new PyError('error', `bad regular expression ${pyRepr(source)}`);
  }
}

/** Python's `round(x, n)` (banker's rounding at the digit, as Python's float round does in practice). */
export function pythonRound(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  let rounded: number;
  if (Math.abs(diff - 0.5) < 1e-9) rounded = floor % 2 === 0 ? floor : floor + 1;
  else rounded = Math.round(scaled);
  return rounded / factor;
}
