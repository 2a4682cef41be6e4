import type { PackageFiles } from '../package-files.js';
import type { IssueList } from './issues.js';
import type { ActionModel } from './model.js';
import { runnerNeedsEntryPoint } from './runners.js';

/** Resolves `entry_point` against `actions/`; undefined when it is absolute or climbs out of the package. */
export function resolveEntryPoint(entryPoint: string): string | undefined {
  if (entryPoint.startsWith('/') || entryPoint.includes('\\')) return undefined;
  const parts = ['actions'];
  for (const segment of entryPoint.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

/**
 * Checks that each action's entry point is a file of the package (relative to `actions/`, as
 * StackStorm resolves it), and that runners which execute a file have one.
 */
export function checkEntryPoints(actions: ActionModel[], files: PackageFiles, issues: IssueList): void {
  for (const action of actions) {
    const entryPoint = action.entryPoint?.trim() ?? '';
    if (entryPoint === '') {
      if (action.runnerType !== undefined && runnerNeedsEntryPoint(action.runnerType)) {
        const pointer = action.entryPoint === undefined ? '' : '/entry_point';
        issues.add(
          'MISSING_ENTRY_POINT',
          action.file,
          pointer,
          `a ${action.runnerType} action needs an entry_point: the file it runs, relative to actions/`,
        );
      }
      continue;
    }
    const resolved = resolveEntryPoint(entryPoint);
    if (resolved === undefined) {
      issues.add(
        'MISSING_ENTRY_POINT',
        action.file,
        '/entry_point',
        `"${entryPoint}" points outside the package`,
      );
    } else if (!files.has(resolved)) {
      issues.add('MISSING_ENTRY_POINT', action.file, '/entry_point', `${resolved} is not in the package`);
    }
  }
}
