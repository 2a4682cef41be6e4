/**
 * Packages from this machine instead of a registry, as npm and pnpm take them:
 * - `install ../linux` or `install ./acme-linux-0.2.0.tgz` copies the package in (`file:` in the
 *   lockfile, with the integrity of its packed bytes, checked again when the copy is made anew);
 * - `link ../linux` makes `.patternhub/packages/@acme/linux` a symbolic link to the folder, so edits
 *   there are seen at once by `validate` (`link:` in the lockfile, no integrity).
 * patternhub.yaml keeps a semver range for the package (`^0.2.0`), so the project stays publishable
 * and a teammate without the folder can `update` to the registry's version; the lockfile records where
 * this project takes it from. `install @acme/linux` (from the registry) or `uninstall` ends it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import semver from 'semver';
import { RegistryError } from '../../src/core/errors.js';
import type { LockedPackage } from '../../src/core/lockfile.js';
import { isValidPackageName } from '../../src/core/names.js';
import { MANIFEST_FILE, type PackageFiles, textOf } from '../../src/core/package-files.js';
import { computeIntegrity, unpackTarball } from '../../src/core/tarball/index.js';
import type { Packument } from '../../src/core/types.js';
import { parseYaml } from '../../src/core/yaml.js';
import { packFolder } from '../pack-folder.js';
import { setDependency } from './project.js';
import type { Session } from './session.js';

export interface LocalPackage {
  name: string;
  version: string;
  /** `file:PATH` or `link:PATH`, PATH relative to the project root. */
  source: string;
  /** Of the packed bytes; empty for a link. */
  integrity: string;
  dependencies: Record<string, string>;
  /** The files to copy in (a `file:` package read in this run). */
  files?: PackageFiles;
}

/** Whether an install argument names a folder or tarball rather than `@scope/name[@range]`. */
export function isLocalSpec(arg: string, cwd: string): boolean {
  return (
    arg.startsWith('file:') ||
    arg.startsWith('.') ||
    arg.startsWith('/') ||
    /\.(?:tgz|tar\.gz)$/.test(arg) ||
    (!arg.startsWith('@') && existsSync(resolve(cwd, arg)))
  );
}

function sourcePath(root: string, path: string): string {
  const rel = relative(root, path).split(sep).join('/');
  return rel === '' ? '.' : rel;
}

/** Reads a tarball's identity (name, version, dependencies) from its manifest. */
function tarballIdentity(files: PackageFiles, where: string) {
  const bytes = files.get(MANIFEST_FILE);
  const manifest = (bytes ? parseYaml(textOf(bytes), MANIFEST_FILE) : undefined) as
    | { name?: unknown; version?: unknown; dependencies?: unknown }
    | undefined;
  const name = manifest?.name;
  const version = manifest?.version;
  if (typeof name !== 'string' || !isValidPackageName(name) || typeof version !== 'string') {
    throw new RegistryError('INVALID_PACKAGE', `${where} has no valid name and version in ${MANIFEST_FILE}`);
  }
  const deps = manifest?.dependencies;
  const dependencies =
    deps && typeof deps === 'object' && !Array.isArray(deps)
      ? (Object.fromEntries(Object.entries(deps).filter(([, range]) => typeof range === 'string')) as Record<
          string,
          string
        >)
      : {};
  return { name, version, dependencies };
}

/**
 * Reads a local package: a folder is validated and packed as `pack` does; a tarball is unpacked by the
 * same safe unpacker as a download. `kind` link takes folders only.
 */
export function readLocalPackage(
  arg: string,
  cwd: string,
  root: string,
  kind: 'file' | 'link',
): LocalPackage {
  const raw = arg.startsWith('file:') ? arg.slice('file:'.length) : arg;
  const path = resolve(cwd, raw);
  if (!existsSync(path)) {
    throw new RegistryError('USAGE', `${arg} is neither @scope/name nor a folder or tarball that exists`, {
      hint: 'Give a package name (@scope/name[@range]), a package folder, or a .tgz from `patternhub pack`.',
    });
  }
  const source = `${kind}:${sourcePath(root, path)}`;
  if (statSync(path).isDirectory()) {
    const packed = packFolder(path);
    return {
      name: packed.manifest.name,
      version: packed.manifest.version,
      source,
      integrity: kind === 'link' ? '' : packed.integrity,
      dependencies: packed.manifest.dependencies ?? {},
      ...(kind === 'file' ? { files: unpackTarball(packed.tarball) } : {}),
    };
  }
  if (kind === 'link') {
    throw new RegistryError('USAGE', `link takes a package folder; ${arg} is a file`, {
      hint: `To copy a tarball in, run \`patternhub install ${arg}\`.`,
    });
  }
  const bytes = new Uint8Array(readFileSync(path));
  const files = unpackTarball(bytes);
  const identity = tarballIdentity(files, arg);
  return { ...identity, source, integrity: computeIntegrity(bytes), files };
}

/** The local package a lockfile entry records, or undefined for a registry package. */
export function localFromLock(name: string, entry: LockedPackage): LocalPackage | undefined {
  if (!entry.source) return undefined;
  return {
    name,
    version: entry.version,
    source: entry.source,
    integrity: entry.integrity,
    dependencies: entry.dependencies,
  };
}

/** The absolute path a `file:`/`link:` source names. */
export function localPath(root: string, source: string): string {
  const path = source.slice(source.indexOf(':') + 1);
  return isAbsolute(path) ? path : resolve(root, path);
}

/**
 * The files of a `file:` package whose copy must be made again (a fresh clone): read from its source
 * and checked against the lockfile, so the copy is what was installed before.
 */
export function reloadLocalFiles(root: string, local: LocalPackage): PackageFiles {
  const path = localPath(root, local.source);
  const where = local.source.slice('file:'.length);
  if (!existsSync(path)) {
    throw new RegistryError('NOT_FOUND', `${local.name} comes from ${where}, which is not there`, {
      hint: `Put the package back at ${where}, or install it from its registry: \`patternhub install ${local.name}\`.`,
    });
  }
  const fresh = readLocalPackage(path, root, root, 'file');
  if (fresh.name !== local.name || fresh.integrity !== local.integrity) {
    throw new RegistryError(
      'LOCKFILE_OUT_OF_DATE',
      `${where} no longer holds the ${local.name}@${local.version} the lockfile records`,
      {
        details: { name: local.name, expected: local.integrity, actual: fresh.integrity },
        hint: `Install it again to take the new contents: \`patternhub install ${where}\` (or \`patternhub link ${where}\` to follow it as it changes).`,
      },
    );
  }
  return fresh.files!;
}

/** A registry-shaped answer for a local package, so resolution treats it like any other. */
export function localPackument(local: LocalPackage): Packument {
  return {
    name: local.name,
    kind: 'action',
    description: `${local.name} from ${local.source}`,
    access: 'public',
    distTags: { latest: local.version },
    versions: {
      [local.version]: {
        version: local.version,
        integrity: local.integrity,
        dependencies: local.dependencies,
        yanked: false,
        publishedAt: new Date(0).toISOString(),
        tarball: '',
      },
    },
    time: { created: new Date(0).toISOString(), modified: new Date(0).toISOString() },
  };
}

/**
 * Adds local packages to a project about to be installed: each becomes a dependency (its current
 * range kept when the local version satisfies it, else `^version`, or the exact version) and is taken
 * from its folder or tarball. Returns the packages and whether patternhub.yaml changed.
 */
export function addLocalPackages(
  session: Session,
  roots: Record<string, string>,
  args: readonly string[],
  options: { cwd: string; kind: 'file' | 'link'; exact: boolean },
): { edited: boolean; added: LocalPackage[] } {
  const { project } = session;
  let edited = false;
  const added: LocalPackage[] = [];
  for (const arg of args) {
    const local = readLocalPackage(arg, options.cwd, project.root, options.kind);
    if (local.name === project.name) {
      throw new RegistryError('USAGE', `${arg} is this project (${local.name}); it cannot depend on itself`);
    }
    session.locals.set(local.name, local);
    added.push(local);
    const current = roots[local.name];
    const keep =
      current !== undefined && semver.satisfies(local.version, current, { includePrerelease: true });
    const range = keep ? current : options.exact ? local.version : `^${local.version}`;
    roots[local.name] = range;
    edited = setDependency(project, local.name, range) || edited;
  }
  return { edited, added };
}
