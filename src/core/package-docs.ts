import { RegistryError } from './errors.js';
import { DEFAULT_LIMITS, type PackageLimits } from './limits.js';
import { MANIFEST_FILE, type PackageFiles, textOf } from './package-files.js';
import { parseYaml, type YamlParseOptions } from './yaml.js';

/** A parsed YAML file of a package, or the reason it could not be parsed. */
export interface ParsedDoc {
  file: string;
  /** The file name without folder and extension: the action's or workflow's expected name. */
  stem: string;
  doc: unknown;
  error?: RegistryError;
}

export interface PackageDocs {
  manifest: ParsedDoc | undefined;
  actions: ParsedDoc[];
  workflows: ParsedDoc[];
}

const ACTION_FILE = /^actions\/([^/]+)\.ya?ml$/;
const WORKFLOW_FILE = /^workflows\/([^/]+)\.ya?ml$/;

export function isActionFile(path: string): boolean {
  return ACTION_FILE.test(path);
}

export function isWorkflowFile(path: string): boolean {
  return WORKFLOW_FILE.test(path);
}

function parseOne(files: PackageFiles, file: string, stem: string, options: YamlParseOptions): ParsedDoc {
  try {
    return { file, stem, doc: parseYaml(textOf(files.get(file)!), file, options) };
  } catch (error) {
    if (error instanceof RegistryError) return { file, stem, doc: undefined, error };
    throw error;
  }
}

/** Parses one document per step. */
function* parseSteps(files: PackageFiles, limits: Partial<PackageLimits>): Generator<void, PackageDocs> {
  const options: YamlParseOptions = {
    maxAliases: limits.maxYamlAliases ?? DEFAULT_LIMITS.maxYamlAliases,
    maxBytes: limits.maxYamlBytes ?? DEFAULT_LIMITS.maxYamlBytes,
    maxDepth: limits.maxYamlDepth ?? DEFAULT_LIMITS.maxYamlDepth,
    maxNodes: limits.maxYamlNodes ?? DEFAULT_LIMITS.maxYamlNodes,
    maxExpandedChars: limits.maxYamlExpandedChars ?? DEFAULT_LIMITS.maxYamlExpandedChars,
  };
  const paths = [...files.keys()].sort();
  const docs: PackageDocs = { manifest: undefined, actions: [], workflows: [] };
  for (const path of paths) {
    if (path === MANIFEST_FILE) {
      docs.manifest = parseOne(files, path, 'patternhub', options);
      yield;
      continue;
    }
    const action = ACTION_FILE.exec(path);
    if (action) {
      docs.actions.push(parseOne(files, path, action[1]!, options));
      yield;
      continue;
    }
    const workflow = WORKFLOW_FILE.exec(path);
    if (workflow) {
      docs.workflows.push(parseOne(files, path, workflow[1]!, options));
      yield;
    }
  }
  return docs;
}

/**
 * Finds and parses the package's YAML documents: the manifest, `actions/*.yaml` (action metadata)
 * and `workflows/*.yaml` (patterns). Parse failures are returned, not thrown, so validation can
 * report every broken file at once. Files are listed in path order.
 */
export function readPackageDocs(files: PackageFiles, limits: Partial<PackageLimits> = {}): PackageDocs {
  const steps = parseSteps(files, limits);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
