import type { PackageLimits } from '../limits.js';
import { type PackageFiles, sortedPaths } from '../package-files.js';
import type { IssueList } from './issues.js';

/** Why a package path is unsafe, or undefined when it is a plain relative POSIX path. */
function unsafeReason(path: string): string | undefined {
  if (path.length === 0) return 'is empty';
  if (path.startsWith('/')) return 'is absolute';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.includes('\u0000')) return 'contains a NUL character';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return 'has a "." or ".." segment';
  if (segments.some((segment) => segment === '')) return 'has an empty segment';
  return undefined;
}

/** Installs keep their bookkeeping beside the package's files (`.patternhub-integrity`): not package content. */
export function isReservedPath(path: string): boolean {
  return /^\.patternhub-/.test(path);
}

/**
 * Checks the file list itself: safe relative paths, and the size and count limits. The tarball reader
 * enforces the same limits while unpacking; checking here too means a folder fails before it is packed.
 */
export function checkFiles(files: PackageFiles, limits: PackageLimits, issues: IssueList): void {
  if (files.size > limits.maxFiles) {
    issues.add(
      'TOO_MANY_FILES',
      '',
      '',
      `the package has ${files.size} files; the limit is ${limits.maxFiles}`,
    );
  }
  let total = 0;
  for (const path of sortedPaths(files)) {
    const bytes = files.get(path)!;
    total += bytes.byteLength;
    const reason = unsafeReason(path);
    if (reason) issues.add('UNSAFE_PATH', path, '', `the path ${JSON.stringify(path)} ${reason}`);
    else if (isReservedPath(path)) {
      issues.add(
        'RESERVED_PATH',
        path,
        '',
        `top-level names starting ".patternhub-" are reserved for the installer`,
      );
    }
    if (path.length > limits.maxPathLength) {
      issues.add(
        'PATH_TOO_LONG',
        path,
        '',
        `the path is ${path.length} characters; the limit is ${limits.maxPathLength}`,
      );
    }
    if (bytes.byteLength > limits.maxFileBytes) {
      issues.add(
        'FILE_TOO_LARGE',
        path,
        '',
        `the file is ${bytes.byteLength} bytes; the limit is ${limits.maxFileBytes}`,
      );
    }
  }
  if (total > limits.maxUnpackedBytes) {
    issues.add(
      'PACKAGE_TOO_LARGE',
      '',
      '',
      `the files add up to ${total} bytes; the limit is ${limits.maxUnpackedBytes}`,
    );
  }
}
