/**
 * The example packages (`examples/` of this checkout), published into a registry so a new one is not
 * empty: `patternhub serve --with-examples`. Through the HTTP API like any publisher, in dependency
 * order; what is already there is left alone, so every start may ask again.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orgPath } from '../src/core/api-paths.js';
import { isRegistryError } from '../src/core/errors.js';
import { parsePackageName } from '../src/core/names.js';
import { MANIFEST_FILE } from '../src/core/package-files.js';
import { createClient } from './client.js';
import { type PackedFolder, packFolder } from './pack-folder.js';
import { uploadTarball } from './upload.js';

/** The `examples/` folder beside this installation's package.json (from the source or the bundle). */
export function examplesDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples')))
      return join(dir, 'examples');
    if (dirname(dir) === dir) throw new Error('The examples folder was not found beside patternhub');
  }
}

/** Packs every example; orders them so each comes after the examples it depends on. */
export function packExamples(dir: string): PackedFolder[] {
  const packed = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, MANIFEST_FILE)))
    .map((entry) => packFolder(join(dir, entry.name)))
    .sort((a, b) => (a.manifest.name < b.manifest.name ? -1 : 1));
  const byName = new Map(packed.map((entry) => [entry.manifest.name, entry]));
  const ordered: PackedFolder[] = [];
  const placed = new Set<string>();
  const place = (entry: PackedFolder, path: string[]) => {
    if (placed.has(entry.manifest.name)) return;
    if (path.includes(entry.manifest.name))
      throw new Error(`examples depend on each other in a cycle: ${path.join(' → ')}`);
    for (const dependency of Object.keys(entry.manifest.dependencies ?? {})) {
      const inner = byName.get(dependency);
      if (inner) place(inner, [...path, entry.manifest.name]);
    }
    placed.add(entry.manifest.name);
    ordered.push(entry);
  };
  for (const entry of packed) place(entry, []);
  return ordered;
}

export interface SeedResult {
  published: string[];
  present: string[];
}

/**
 * Publishes the examples to `registry` with an admin `token`, creating their organisations first.
 * Versions already published (or once published and removed) are skipped.
 */
export async function publishExamples(
  registry: string,
  token: string,
  dir = examplesDir(),
): Promise<SeedResult> {
  const client = createClient(registry, token);
  const result: SeedResult = { published: [], present: [] };
  const examples = packExamples(dir);
  const scopes = [...new Set(examples.map((entry) => parsePackageName(entry.manifest.name).scope))];
  for (const scope of scopes) {
    try {
      await client.json('POST', orgPath(), {
        name: scope,
        description: 'Example packages that come with Patternhub',
      });
    } catch (error) {
      if (!isRegistryError(error, 'ALREADY_EXISTS')) throw error;
    }
  }
  for (const entry of examples) {
    const target = `${entry.manifest.name}@${entry.manifest.version}`;
    try {
      await uploadTarball(client, entry.manifest, entry.tarball, entry.integrity);
      result.published.push(target);
    } catch (error) {
      if (!isRegistryError(error, 'VERSION_EXISTS')) throw error;
      result.present.push(target);
    }
  }
  return result;
}
