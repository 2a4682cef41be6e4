/**
 * StackStorm reads YAML with PyYAML, which speaks YAML 1.1: `yes`, `no`, `on`, `off` and `True` are
 * booleans there, and a plain scalar cannot start with `@`. Import reads pack files the way
 * StackStorm does; export writes every such string quoted, so it reads back as the string it is.
 */
import { parseDocument, stringify } from 'yaml';
import { RegistryError } from '../errors.js';
import { DEFAULT_LIMITS } from '../limits.js';

/** Parses one file of a pack as PyYAML would (YAML 1.1 schema), with the usual alias bound. */
export function parsePackYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    throw new RegistryError('INVALID_YAML', `${file}: ${first.message.split('\n')[0]}`, {
      details: { file, message: first.message, line: first.linePos?.[0]?.line },
    });
  }
  try {
    return doc.toJS({ maxAliasCount: DEFAULT_LIMITS.maxYamlAliases });
  } catch (error) {
    throw new RegistryError('INVALID_YAML', `${file}: ${(error as Error).message}`, { details: { file } });
  }
}

/**
 * Writes a document that YAML 1.1 and 1.2 readers both read back unchanged: strings that 1.1 would
 * take for booleans, numbers or null, and strings starting with an indicator such as `@`, are quoted.
 */
export function stringifyPackYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}
