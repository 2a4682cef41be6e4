import { parseYaml } from './yaml.js';

/**
 * A package as data: a map from a POSIX relative path (no leading `./`, `/` separators) to its bytes.
 * The CLI builds it from a folder, the server from a tarball; everything in `src/core` works on it.
 */
export type PackageFiles = Map<string, Uint8Array>;

export const MANIFEST_FILE = 'patternhub.yaml';

const decoder = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

export function textOf(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

export function filesFromRecord(record: Record<string, string | Uint8Array>): PackageFiles {
  const files: PackageFiles = new Map();
  for (const [path, content] of Object.entries(record)) {
    files.set(path, typeof content === 'string' ? bytesOf(content) : content);
  }
  return files;
}

/** Paths in a stable order (code-point order), as packing and diffing need. */
export function sortedPaths(files: PackageFiles): string[] {
  return [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The manifest as parsed but not validated (what packing and publishing read before validation),
 * or undefined when it is missing or not a YAML map; validation reports why, with its position.
 */
export function readRawManifest(files: PackageFiles): Record<string, unknown> | undefined {
  const bytes = files.get(MANIFEST_FILE);
  if (!bytes) return undefined;
  try {
    const doc = parseYaml(textOf(bytes), MANIFEST_FILE);
    return doc && typeof doc === 'object' && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest's `dependencies`, name → range, keeping only string ranges (the schema reports the rest). */
export function declaredDependencies(manifest: Record<string, unknown> | undefined): Record<string, string> {
  const deps = manifest?.dependencies;
  if (!deps || typeof deps !== 'object' || Array.isArray(deps)) return {};
  return Object.fromEntries(Object.entries(deps).filter(([, range]) => typeof range === 'string')) as Record<
    string,
    string
  >;
}

/** The package's README, as registries find it: `README`, `README.md`, `.markdown` or `.txt`, any case. */
export function findReadme(paths: Iterable<string>): string | undefined {
  for (const path of paths) if (/^readme(\.md|\.markdown|\.txt)?$/i.test(path)) return path;
  return undefined;
}
