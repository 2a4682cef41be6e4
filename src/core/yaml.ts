import { type Document, parseDocument } from 'yaml';
import { RegistryError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';

export interface YamlParseOptions {
  /** Most aliases the document may use; more is refused as a resource-exhaustion attack. */
  maxAliases?: number;
}

export interface YamlLocationError {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * Parses one YAML document as an editable `Document` (YAML 1.2 core schema, unique keys), so a
 * caller can change it and keep its comments. Throws `INVALID_YAML` for the first syntax error,
 * with the file and position in `details`.
 */
export function parseYamlDocument(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, schema: 'core', strict: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new RegistryError('INVALID_YAML', `${file}: ${first.message.split('\n')[0]}`, {
      details: {
        file,
        message: first.message,
        line: pos?.line,
        column: pos?.col,
      } satisfies YamlLocationError,
    });
  }
  return doc;
}

/**
 * Parses one YAML document safely: YAML 1.2 core schema, unique keys, a bounded alias count.
 * Throws `INVALID_YAML` with the file and position in `details`.
 */
export function parseYaml(text: string, file: string, options: YamlParseOptions = {}): unknown {
  const maxAliasCount = options.maxAliases ?? DEFAULT_LIMITS.maxYamlAliases;
  // The alias guard lives in toJS: it counts expansions, so a billion-laughs document fails after a
  // bounded amount of work instead of exhausting memory.
  const doc = parseYamlDocument(text, file);
  try {
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RegistryError('INVALID_YAML', `${file}: ${message}`, {
      details: { file, message } satisfies YamlLocationError,
      hint: /alias/i.test(message) ? `A YAML document may use at most ${maxAliasCount} aliases.` : undefined,
    });
  }
}
