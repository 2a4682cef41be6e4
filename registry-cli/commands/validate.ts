import { declaredDependencies } from '../../src/core/package-files.js';
import type { ValidationIssue } from '../../src/core/types.js';
import { validatePackage } from '../../src/core/validate/index.js';
import { defineCommand } from '../command.js';
import { painter } from '../output.js';
import { installedContents, readPackageFolder } from '../package-folder.js';

export function renderIssues(issues: ValidationIssue[], color: boolean): string {
  const paint = painter(color);
  return issues
    .map(
      (issue) =>
        `${issue.severity === 'error' ? paint('red', 'error  ') : paint('yellow', 'warning')} ${issue.file}${issue.pointer ? paint('gray', `#${issue.pointer}`) : ''}  ${issue.message} ${paint('gray', `[${issue.code}]`)}`,
    )
    .join('\n');
}

export default defineCommand({
  name: 'validate',
  summary: 'Check a package (or a project) against the schemas and rules',
  usage: 'patternhub validate [DIR] [--json]',
  async run(context) {
    const folder = readPackageFolder(context.args[0] ?? context.cwd);
    const declared = declaredDependencies(folder.manifest);
    const installed = installedContents(folder.dir, Object.keys(declared));
    const result = validatePackage(folder.files, { dependencies: (name) => installed.get(name) });
    const errors = result.issues.filter((issue) => issue.severity === 'error').length;
    const warnings = result.issues.length - errors;
    const paint = painter(context.out.color);
    const title = result.manifest ? `${result.manifest.name}@${result.manifest.version}` : folder.dir;
    const summary = result.ok
      ? `${paint('green', '✔')} ${title} is valid${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`
      : `${paint('red', '✖')} ${title}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
    return {
      text: [renderIssues(result.issues, context.out.color), summary].filter(Boolean).join('\n'),
      data: {
        ok: result.ok,
        name: result.manifest?.name,
        version: result.manifest?.version,
        issues: result.issues,
      },
      exitCode: result.ok ? 0 : 3,
    };
  },
});
