import type { PackageLimits } from '../limits.js';
import { type PackageFiles, sortedPaths } from '../package-files.js';
import { describeUnsafePath, pathProblem } from '../tarball/paths.js';
import type { IssueList } from './issues.js';

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
    // The same path rules as packing and unpacking, so a folder that validates also packs.
    const reason = pathProblem(path);
    if (reason) issues.add('UNSAFE_PATH', path, '', describeUnsafePath(reason, path));
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
