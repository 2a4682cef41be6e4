/**
 * A consuming project on disk: its `patternhub.yaml` (read and edited as a YAML document, so the
 * team's comments, key order and quoting survive `install` and `uninstall`) and its `patternhub.lock`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Document, isMap, isScalar, Scalar, type YAMLMap } from 'yaml';
import { RegistryError } from '../../src/core/errors.js';
import { pointerTo } from '../../src/core/json-pointer.js';
import { LOCKFILE_NAME, type Lockfile, parseLockfile } from '../../src/core/lockfile.js';
import { isValidPackageName } from '../../src/core/names.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import { parseYamlDocument } from '../../src/core/yaml.js';

export interface Project {
  /** The folder holding `patternhub.yaml`. */
  root: string;
  manifestPath: string;
  /** The manifest as read, byte for byte: unchanged files are never rewritten. */
  manifestText: string;
  /** The parsed document, edited in place by `setDependency` / `removeDependency`. */
  document: Document.Parsed;
  /** The project's own name, when the manifest has a valid one (a project cannot depend on itself). */
  name: string | undefined;
  lockfilePath: string;
  /** The lockfile's text, or undefined when there is none. */
  lockfileText: string | undefined;
  lockfile: Lockfile | undefined;
}

/**
 * Finds the project: the nearest folder at or above `cwd` with a `patternhub.yaml`, as npm finds
 * `package.json`, so `install` works from a sub-folder such as `workflows/`.
 *
 * @throws RegistryError `USAGE` when there is none; `INVALID_YAML` / `INVALID_PACKAGE` for a broken
 *   manifest or lockfile.
 */
export function loadProject(
  cwd: string,
  parse: (text: string) => Lockfile = (text) => parseLockfile(text, LOCKFILE_NAME),
): Project {
  const root = findProjectRoot(cwd);
  if (!root) {
    throw new RegistryError('USAGE', `No ${MANIFEST_FILE} in ${cwd} or any folder above it`, {
      hint: 'Run `patternhub init` to create one, then `patternhub install @scope/name`.',
    });
  }
  const manifestPath = join(root, MANIFEST_FILE);
  const manifestText = readFileSync(manifestPath, 'utf8');
  const document = parseManifestDocument(manifestText);
  const lockfilePath = join(root, LOCKFILE_NAME);
  const lockfileText = readOptional(lockfilePath);
  const name = document.get('name');
  return {
    root,
    manifestPath,
    manifestText,
    document,
    name: typeof name === 'string' && isValidPackageName(name) ? name : undefined,
    lockfilePath,
    lockfileText,
    lockfile: lockfileText === undefined ? undefined : parse(lockfileText),
  };
}

/** The nearest folder at or above `cwd` holding a `patternhub.yaml`. */
export function findProjectRoot(cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (existsSync(join(dir, MANIFEST_FILE))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Parses the manifest as an editable document; reports the first YAML error with its position. */
export function parseManifestDocument(text: string): Document.Parsed {
  const document = parseYamlDocument(text, MANIFEST_FILE);
  if (document.contents !== null && !isMap(document.contents)) {
    throw new RegistryError('INVALID_PACKAGE', `${MANIFEST_FILE} must be a mapping`, {
      details: { issues: [{ file: MANIFEST_FILE, pointer: '', message: 'must be a mapping' }] },
    });
  }
  return document;
}

/**
 * The project's dependencies, name → range. Every entry is checked here, before anything is fetched:
 * a dependency name becomes a folder under `.patternhub/packages`, so a bad one must never get that far.
 */
export function readDependencies(project: Pick<Project, 'document'>): Record<string, string> {
  const node = project.document.get('dependencies', true);
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return {};
  if (!isMap(node)) throw manifestIssue('/dependencies', 'must be a map of package name to version range');
  const out: Record<string, string> = {};
  for (const pair of (node as YAMLMap).items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    const value = isScalar(pair.value) ? pair.value.value : pair.value;
    if (typeof key !== 'string' || !isValidPackageName(key)) {
      throw manifestIssue(pointerTo('/dependencies', String(key)), 'is not a package name (@scope/name)');
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw manifestIssue(pointerTo('/dependencies', key), 'must be a version range');
    }
    out[key] = String(value).trim();
  }
  return out;
}

function manifestIssue(pointer: string, message: string): RegistryError {
  return new RegistryError('INVALID_PACKAGE', `${MANIFEST_FILE}: ${pointer} ${message}`, {
    details: { issues: [{ severity: 'error', code: 'SCHEMA', file: MANIFEST_FILE, pointer, message }] },
  });
}

/** A double-quoted scalar, the spelling the docs and `patternhub init` use for names and ranges. */
function quoted(value: string): Scalar<string> {
  const scalar = new Scalar(value);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

function isSorted(keys: string[]): boolean {
  return keys.every((key, index) => index === 0 || keys[index - 1]! <= key);
}

/**
 * Adds or changes one dependency. An existing entry keeps its place and its comments; a new one goes
 * in name order when the list is sorted (as `install` keeps it), else at the end. Returns false when
 * the entry already said exactly that (then the file need not be rewritten at all).
 */
export function setDependency(project: Pick<Project, 'document'>, name: string, range: string): boolean {
  const { document } = project;
  let node = document.get('dependencies', true);
  if (!isMap(node)) {
    node = document.createNode({});
    (node as YAMLMap).flow = false;
    document.set('dependencies', node);
  }
  const map = node as YAMLMap;
  const existing = map.items.find((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === name);
  if (existing) {
    if (isScalar(existing.value)) {
      if (existing.value.value === range) return false;
      existing.value.value = range;
    } else existing.value = quoted(range);
    return true;
  }
  const keys = map.items.map((pair) => String(isScalar(pair.key) ? pair.key.value : pair.key));
  const sorted = isSorted(keys);
  const pair = document.createPair(quoted(name), quoted(range));
  if (!sorted) {
    map.items.push(pair);
    return true;
  }
  const index = keys.findIndex((key) => key > name);
  map.items.splice(index === -1 ? map.items.length : index, 0, pair);
  return true;
}

/** Removes one dependency; drops the `dependencies` key when it becomes empty. False when absent. */
export function removeDependency(project: Pick<Project, 'document'>, name: string): boolean {
  const node = project.document.get('dependencies', true);
  if (!isMap(node)) return false;
  const map = node as YAMLMap;
  const index = map.items.findIndex((pair) => (isScalar(pair.key) ? pair.key.value : pair.key) === name);
  if (index === -1) return false;
  map.items.splice(index, 1);
  // An empty `dependencies: {}` says nothing; comments inside it go with it.
  if (map.items.length === 0) project.document.delete('dependencies');
  return true;
}

/**
 * The manifest as text after edits. Options chosen to change as little as possible of what the team
 * wrote: no line folding (a long description is not re-wrapped), `[a, b]` not `[ a, b ]`. Callers
 * write it only after an edit, since the library still normalises some spacing (before comments).
 */
export function manifestToString(project: Pick<Project, 'document'>): string {
  return project.document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
