/**
 * What is installed in a project, read cheaply (a directory listing and one small file per package):
 * used on every install, including the up-to-date check that must stay fast.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidPackageName } from '../../src/core/names.js';

/** Where installed packages live, relative to the project root. */
export const INSTALL_DIR = '.patternhub';
export const PACKAGES_DIR = join(INSTALL_DIR, 'packages');

/**
 * The file in each installed package folder that records the integrity it was extracted from: a later
 * install skips a package whose marker matches the lockfile. Dot-named so tools listing a package's
 * files pass over it; a package's own file of that name is replaced, since the marker must be ours.
 */
export const INTEGRITY_MARKER = '.patternhub-integrity';

function safeReaddir(path: string): string[] {
  if (!existsSync(path)) return [];
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** The installed package folders under `.patternhub/packages`, by name (anything else is left alone). */
export function listInstalled(root: string): string[] {
  const packagesDir = join(root, PACKAGES_DIR);
  const names: string[] = [];
  for (const scope of safeReaddir(packagesDir)) {
    if (!scope.startsWith('@')) continue;
    for (const name of safeReaddir(join(packagesDir, scope))) {
      const full = `${scope}/${name}`;
      if (isValidPackageName(full)) names.push(full);
    }
  }
  return names.sort();
}

/** The integrity a package folder was installed from, or undefined when it has no readable marker. */
export function installedIntegrity(dir: string): string | undefined {
  const marker = join(dir, INTEGRITY_MARKER);
  // existsSync first: on a fresh checkout every marker is missing, and fifty thrown ENOENT errors
  // (each with its stack) cost more than the install's own work.
  if (!existsSync(marker)) return undefined;
  try {
    return readFileSync(marker, 'utf8').trim();
  } catch {
    return undefined;
  }
}
