/** Narrowing helpers for parsed YAML, which is `unknown` until its schema has been checked. */

/** A YAML mapping (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The single `[key, value]` of a one-key map (`- name: value` in Orquesta lists), if it is one. */
export function oneKeyEntry(value: unknown): [string, unknown] | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 ? entries[0] : undefined;
}
