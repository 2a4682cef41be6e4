import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { RegistryError } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';

export interface YamlParseOptions {
  /** Most aliases the document may use; more is refused as a resource-exhaustion attack. */
  maxAliases?: number;
  /** Longest document, in characters. */
  maxBytes?: number;
  /** Deepest nesting of mappings and sequences. */
  maxDepth?: number;
  /** Most nodes (keys, values, items) once aliases are expanded. */
  maxNodes?: number;
  /** Most characters of scalar text once aliases are expanded. */
  maxExpandedChars?: number;
}

export interface YamlLocationError {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** The tags of the YAML 1.2 core schema: anything else (`!!python/…`, `!!js/function`) is refused. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

function yamlError(file: string, message: string, hint?: string, line?: number, column?: number) {
  return new RegistryError('INVALID_YAML', `${file}: ${message}`, {
    details: { file, message, line, column } satisfies YamlLocationError,
    ...(hint ? { hint } : {}),
  });
}

interface Budget {
  nodes: number;
  chars: number;
}

/**
 * Walks the parsed tree once before it becomes plain values: counts nodes and scalar text with
 * aliases expanded (each anchor measured once), bounds the depth, refuses duplicate keys (a set per
 * mapping: the parser's own check is quadratic) and tags outside the core schema.
 */
function checkTree(
  doc: Document,
  text: string,
  file: string,
  limits: Required<Omit<YamlParseOptions, 'maxAliases' | 'maxBytes'>>,
) {
  const sizes = new Map<Node, Budget>();
  let at: Node | undefined;
  const fail = (message: string, hint?: string): never => {
    const offset = at?.range?.[0];
    if (offset === undefined) throw yamlError(file, message, hint);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    throw yamlError(file, message, hint, line, offset - before.lastIndexOf('\n'));
  };
  const measure = (node: unknown, depth: number): Budget => {
    if (depth > limits.maxDepth) fail(`nested more than ${limits.maxDepth} levels deep`);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return { nodes: 1, chars: 0 };
      const known = sizes.get(target);
      if (known) return known;
      // An alias to an anchor still being measured is a cycle: the expansion would never end.
      fail('an alias refers to a node that contains it');
    }
    if (!node || typeof node !== 'object') return { nodes: 1, chars: 0 };
    const typed = node as Node;
    at = typed;
    if (typed.tag && !CORE_TAGS.has(typed.tag)) {
      fail(
        `the tag ${typed.tag} is not allowed`,
        'Only plain YAML values are accepted: remove the explicit tag.',
      );
    }
    const total: Budget = { nodes: 1, chars: 0 };
    const add = (part: Budget) => {
      total.nodes += part.nodes;
      total.chars += part.chars;
      if (total.nodes > limits.maxNodes)
        fail(`more than ${limits.maxNodes} values once aliases are expanded`);
      if (total.chars > limits.maxExpandedChars) {
        fail(`more than ${limits.maxExpandedChars} characters of text once aliases are expanded`);
      }
    };
    if (isScalar(typed)) {
      total.chars = String(typed.value ?? '').length;
    } else if (isMap(typed)) {
      const keys = new Set<string>();
      for (const pair of typed.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (keys.has(key)) {
          at = pair.key as Node;
          fail(`the key "${key.slice(0, 80)}" appears twice in one mapping`);
        }
        keys.add(key);
        add(measure(pair.key, depth + 1));
        add(measure(pair.value, depth + 1));
      }
    } else if (isSeq(typed)) {
      for (const item of typed.items) add(measure(item, depth + 1));
    }
    if (typed.anchor) sizes.set(typed, total);
    return total;
  };
  const root = measure(doc.contents, 0);
  if (root.nodes > limits.maxNodes || root.chars > limits.maxExpandedChars) fail('the document is too large');
}

/**
 * Parses one YAML document as an editable `Document` (YAML 1.2 core schema), so a caller can change
 * it and keep its comments; bounded like `parseYaml` (size, depth, values, expanded text, unique
 * keys, core tags only). Throws `INVALID_YAML` with the file and position in `details`.
 */
export function parseYamlDocument(
  text: string,
  file: string,
  options: YamlParseOptions = {},
): Document.Parsed {
  const maxBytes = options.maxBytes ?? DEFAULT_LIMITS.maxYamlBytes;
  if (text.length > maxBytes) {
    throw yamlError(file, `the document is over ${maxBytes} characters`, 'Split it into smaller files.');
  }
  let doc: Document.Parsed;
  try {
    // Keys are checked below, in linear time (the parser's `uniqueKeys` compares each key with all before it).
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, schema: 'core', strict: true });
  } catch (error) {
    // A stack overflow on absurd nesting, say: a refusal, not a crash.
    throw yamlError(file, error instanceof Error ? error.message : String(error));
  }
  const first = doc.errors[0] ?? doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (first) {
    const pos = first.linePos?.[0];
    throw yamlError(file, first.message.split('\n')[0]!, undefined, pos?.line, pos?.col);
  }
  checkTree(doc, text, file, {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxYamlDepth,
    maxNodes: options.maxNodes ?? DEFAULT_LIMITS.maxYamlNodes,
    maxExpandedChars: options.maxExpandedChars ?? DEFAULT_LIMITS.maxYamlExpandedChars,
  });
  return doc;
}

/**
 * Parses one YAML document safely: YAML 1.2 core schema, unique keys, no tags outside the core
 * schema, bounded aliases, depth, node count and expanded text. Throws `INVALID_YAML` with the
 * file and position in `details`.
 */
export function parseYaml(text: string, file: string, options: YamlParseOptions = {}): unknown {
  const maxAliasCount = options.maxAliases ?? DEFAULT_LIMITS.maxYamlAliases;
  const doc = parseYamlDocument(text, file, options);
  try {
    // toJS counts alias expansions too: a second guard against billion-laughs documents.
    return doc.toJS({ maxAliasCount });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw yamlError(
      file,
      message,
      /alias/i.test(message) ? `A YAML document may use at most ${maxAliasCount} aliases.` : undefined,
    );
  }
}
