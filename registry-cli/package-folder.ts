import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { RegistryError } from '../src/core/errors.js';
import { MANIFEST_FILE, type PackageFiles, readRawManifest } from '../src/core/package-files.js';
import { selectPackageFiles } from '../src/core/tarball/select.js';
import type { PackageContents } from '../src/core/types.js';
import { summarizePackage } from '../src/core/validate/index.js';

/** Folders never worth walking into: they are excluded from packages anyway and can be huge. */
const SKIP = new Set(['.git', 'node_modules', '.patternhub', '.patternhub-data']);

interface FolderListing {
  /** Regular files, as POSIX paths relative to the root. */
  files: string[];
  /** Symbolic links (to files or folders), which a package may not hold. */
  links: string[];
}

function listFiles(root: string): FolderListing {
  const listing: FolderListing = { files: [], links: [] };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const relativePath = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIP.has(entry.name)) walk(path);
      } else if (entry.isSymbolicLink()) {
        listing.links.push(relativePath);
      } else if (entry.isFile()) {
        listing.files.push(relativePath);
      }
    }
  };
  walk(root);
  return listing;
}

function refuseLink(path: string): never {
  throw new RegistryError('INVALID_PACKAGE', `${path} is a symbolic link; packages hold only regular files`, {
    hint: 'Replace the link with the file it points to, or list it in .patternhubignore.',
  });
}

export interface PackageFolder {
  dir: string;
  files: PackageFiles;
  /** The manifest as parsed (not validated), when it parses. */
  manifest: Record<string, unknown> | undefined;
}

export function requirePackageFolder(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(join(root, MANIFEST_FILE))) {
    throw new RegistryError('USAGE', `No ${MANIFEST_FILE} in ${root}`, {
      hint: 'Run `patternhub init` to create a package, or pass its folder.',
    });
  }
  return root;
}

/** Reads a package folder into memory: the files its tarball would hold, chosen by core's rules. */
export function readPackageFolder(dir: string): PackageFolder {
  const root = requirePackageFolder(dir);
  const manifestOnly: PackageFiles = new Map([
    [MANIFEST_FILE, new Uint8Array(readFileSync(join(root, MANIFEST_FILE)))],
  ]);
  const manifest = readRawManifest(manifestOnly);
  const allowList = Array.isArray(manifest?.files)
    ? manifest.files.filter((entry): entry is string => typeof entry === 'string')
    : undefined;
  const ignorePath = join(root, '.patternhubignore');
  const ignore = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : undefined;
  const listing = listFiles(root);
  // Links are selected like files, so that an ignored (or not allow-listed) link is simply left out,
  // as the hint promises; one that would be packed is refused.
  const selected = selectPackageFiles([...listing.files, ...listing.links], {
    ...(allowList ? { files: allowList } : {}),
    ...(ignore === undefined ? {} : { ignore }),
  });
  const links = new Set(listing.links);
  for (const path of selected) if (links.has(path)) refuseLink(path);
  const files: PackageFiles = new Map();
  for (const path of selected) files.set(path, new Uint8Array(readFileSync(join(root, path))));
  return { dir: root, files, manifest };
}

/**
 * Reads every regular file of a folder that is not a package (a StackStorm pack), skipping VCS and
 * install folders; refuses symbolic links, which a package may not hold.
 */
export function readFolderFiles(dir: string): PackageFiles {
  const root = resolve(dir);
  if (!existsSync(root) || !lstatSync(root).isDirectory()) {
    throw new RegistryError('USAGE', `${root} is not a folder`);
  }
  const listing = listFiles(root);
  if (listing.links.length > 0) refuseLink(listing.links[0]!);
  const files: PackageFiles = new Map();
  for (const path of listing.files.sort()) files.set(path, new Uint8Array(readFileSync(join(root, path))));
  return files;
}

/**
 * The contents of the dependencies installed in the project (`.patternhub/packages/@scope/name/`),
 * so a local validate checks task inputs against the installed actions' parameters.
 */
export function installedContents(root: string, names: string[]): Map<string, PackageContents> {
  const found = new Map<string, PackageContents>();
  for (const name of names) {
    const dir = join(root, '.patternhub', 'packages', ...name.split('/'));
    // A folder, or a link to one (`patternhub link`): validate sees the linked package as it is now.
    if (!existsSync(join(dir, MANIFEST_FILE)) || !statSync(dir).isDirectory()) continue;
    const files: PackageFiles = new Map();
    const listing = listFiles(dir);
    if (listing.links.length > 0) refuseLink(`${name}/${listing.links[0]}`);
    for (const path of listing.files) {
      if (path.startsWith('.patternhub-')) continue; // install bookkeeping, not package content
      files.set(path, new Uint8Array(readFileSync(join(dir, path))));
    }
    found.set(name, summarizePackage(files));
  }
  return found;
}
