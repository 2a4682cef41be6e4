/**
 * Turning a verified tarball into a package folder. The archive is unpacked in memory by the core's
 * safe unpacker (which refuses links, `..`, absolute paths, bombs, …) and only then written, so a
 * hostile tarball never puts a single byte on disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../../src/core/errors.js';
import type { PackageLimits } from '../../src/core/limits.js';
import { MANIFEST_FILE, type PackageFiles, textOf } from '../../src/core/package-files.js';
import { unpackTarball } from '../../src/core/tarball/unpack.js';
import { parseYaml } from '../../src/core/yaml.js';
import { INTEGRITY_MARKER } from './installed.js';

/**
 * Unpacks a tarball and checks that its manifest is the package the lockfile names, so metadata and
 * contents from a confused or malicious registry cannot disagree unnoticed.
 *
 * @throws RegistryError `TARBALL_UNSAFE` / `TARBALL_INVALID` / `PAYLOAD_TOO_LARGE` from the unpacker;
 *   `MANIFEST_MISMATCH` when the manifest names another package or version.
 */
export function unpackPackage(
  name: string,
  version: string,
  bytes: Uint8Array,
  limits?: Partial<PackageLimits>,
): PackageFiles {
  let files: PackageFiles;
  try {
    files = unpackTarball(bytes, limits);
  } catch (error) {
    if (error instanceof RegistryError) {
      throw new RegistryError(error.code, `${name}@${version}: ${error.message}`, {
        details: { ...(error.details as object), name, version },
        hint: "Nothing was installed. Report the package to its registry's operators.",
        cause: error,
      });
    }
    throw error;
  }
  const { manifestName, manifestVersion } = manifestIdentity(files.get(MANIFEST_FILE), name, version, limits);
  if (manifestName !== name || manifestVersion !== version) {
    throw new RegistryError(
      'MANIFEST_MISMATCH',
      `The tarball of ${name}@${version} holds ${manifestName ?? 'no name'}@${manifestVersion ?? 'no version'}`,
      {
        details: { name, version, manifestName, manifestVersion },
        hint: 'Nothing was installed. The registry serves a tarball that is not this package; report it.',
      },
    );
  }
  return files;
}

/**
 * The name and version a package's manifest declares. A line scan answers for the manifests publish
 * writes (`name: "@s/n"` at the start of a line); only when it does not find the expected values is
 * the YAML parsed, so exotic but valid spellings are judged correctly, and the common case costs
 * no parse (a cold YAML parser is a large share of a warm install of 50 packages).
 */
function manifestIdentity(
  bytes: Uint8Array | undefined,
  name: string,
  version: string,
  limits: Partial<PackageLimits> | undefined,
): { manifestName: string | undefined; manifestVersion: string | undefined } {
  if (!bytes) return { manifestName: undefined, manifestVersion: undefined };
  const text = textOf(bytes);
  const scan = (key: string) =>
    new RegExp(`^${key}:[ \\t]*(["']?)([^"'\\s#]+)\\1[ \\t]*(?:#.*)?$`, 'm').exec(text)?.[2];
  if (scan('name') === name && scan('version') === version)
    return { manifestName: name, manifestVersion: version };
  let document: unknown;
  try {
    document = parseYaml(text, MANIFEST_FILE, { maxAliases: limits?.maxYamlAliases });
  } catch {
    document = undefined;
  }
  const field = (key: string) => {
    const value = (document as Record<string, unknown> | null | undefined)?.[key];
    return typeof value === 'string' ? value : undefined;
  };
  return { manifestName: field('name'), manifestVersion: field('version') };
}

/**
 * Writes a package's files into `dir` (new; its parent exists), then its integrity marker, last, so a
 * folder with a marker is always complete. Synchronous on purpose: file creation is serialised by the
 * file system anyway, and the thread-pool round trips of the async API measured twice as slow.
 */
export function writePackage(dir: string, files: PackageFiles, integrity: string): void {
  mkdirSync(dir);
  // Reserved top-level names (validation refuses them) never collide with the install's own marker.
  const kept = [...files].filter(([path]) => !path.startsWith('.patternhub-'));
  const folders = new Set<string>();
  for (const [path] of kept) {
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      folders.add(path.slice(0, slash));
    }
  }
  // `dir` is new, so every folder inside it is too: one plain mkdir each, parents first (a parent's
  // path is shorter), not `recursive`, which would probe every parent again.
  for (const folder of [...folders].sort((a, b) => a.length - b.length)) mkdirSync(join(dir, folder));
  for (const [path, bytes] of kept) writeFileSync(join(dir, path), bytes, { mode: 0o644 });
  writeFileSync(join(dir, INTEGRITY_MARKER), `${integrity}\n`, { mode: 0o644 });
}
