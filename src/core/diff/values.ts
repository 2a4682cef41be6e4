/**
 * Small, total helpers over parsed YAML. The diff runs on documents that validation may not have
 * accepted (a folder on disk, an old version), so nothing here assumes a shape or throws.
 */

export type Dict = Record<string, unknown>;

export function isRecord(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a mapping, else an empty one: missing and malformed sections compare as empty. */
export function recordOr(value: unknown): Dict {
  return isRecord(value) ? value : {};
}

export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A canonical JSON-like text of a value: object keys sorted, so two documents that differ only in
 * key order compare equal. Cycles (possible with YAML aliases) become a marker instead of recursing.
 */
export function canonical(value: unknown): string {
  const seen = new Set<object>();
  const walk = (node: unknown): string => {
    if (node === undefined) return 'undefined';
    if (typeof node === 'number' && !Number.isFinite(node)) return String(node);
    if (typeof node === 'bigint') return `${node}n`;
    if (typeof node !== 'object' || node === null) return JSON.stringify(node) ?? String(node);
    if (seen.has(node)) return '"[cycle]"';
    seen.add(node);
    let text: string;
    if (Array.isArray(node)) {
      text = `[${node.map(walk).join(',')}]`;
    } else if (node instanceof Map) {
      text = walk(Object.fromEntries([...node.entries()].map(([k, v]) => [String(k), v])));
    } else {
      const keys = Object.keys(node).sort();
      text = `{${keys.map((key) => `${JSON.stringify(key)}:${walk((node as Dict)[key])}`).join(',')}}`;
    }
    seen.delete(node);
    return text;
  };
  return walk(value);
}

/** Deep equality by canonical text. */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * A value rendered for a sentence: `90`, `"#ops"`, `[string, integer]`. Never cut: two values that
 * differ only after their first few dozen characters must look different.
 */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? JSON.stringify(value) : canonical(value);
}

/**
 * A parameter's or property's `type` as a sorted set; `undefined` when it does not say (any type).
 * StackStorm allows a string or a list of strings.
 */
export function typeSet(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const names = value.filter((item): item is string => typeof item === 'string');
    return names.length === 0 ? undefined : [...new Set(names)].sort();
  }
  return undefined;
}

/** Whether every element of `small` is in `big` (by canonical value). */
export function isSubset(small: readonly unknown[], big: readonly unknown[]): boolean {
  const keys = new Set(big.map(canonical));
  return small.every((item) => keys.has(canonical(item)));
}

/** The elements of `a` not in `b` (by canonical value). */
export function without(a: readonly unknown[], b: readonly unknown[]): unknown[] {
  const keys = new Set(b.map(canonical));
  return a.filter((item) => !keys.has(canonical(item)));
}

/** Union of the keys of two mappings, in code-point order so reports are stable. */
export function keysOf(a: Dict, b: Dict): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(compareText);
}

/** Code-point order, independent of locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Formats a list of names for a sentence: `a`, `a` and `b`, `a`, `b` and `c`. */
export function listNames(names: readonly unknown[]): string {
  const parts = names.map((name) => (typeof name === 'string' ? `\`${name}\`` : show(name)));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
