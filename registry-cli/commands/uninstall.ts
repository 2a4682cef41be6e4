import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { installProject } from '../install/install.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import { manifestToString, readDependencies, removeDependency } from '../install/project.js';
import { renderInstallReport } from '../install/report.js';
import { openSession } from '../install/session.js';

const USAGE = 'patternhub uninstall @scope/name… [--offline] [--cache DIR]';

export default defineCommand({
  name: 'uninstall',
  summary: 'Remove packages from the project and its dependencies',
  usage: USAGE,
  options: INSTALL_OPTIONS,
  examples: ['patternhub uninstall @community/chatops', 'patternhub rm @community/chatops @community/linux'],
  async run(context) {
    if (context.args.length === 0) {
      throw new RegistryError('USAGE', 'Name the packages to uninstall', { hint: `Usage: ${USAGE}` });
    }
    const names = context.args.map((arg) => parsePackageName(arg).full);
    const session = openSession(context);
    const { project } = session;
    const roots = readDependencies(project);
    const missing = names.filter((name) => !Object.hasOwn(roots, name));
    if (missing.length > 0) {
      const indirect = missing.filter((name) => project.lockfile?.packages[name]);
      throw new RegistryError(
        'NOT_INSTALLED',
        `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not a dependency in patternhub.yaml`,
        {
          details: { names: missing },
          hint: indirect.length
            ? `${indirect.join(', ')} ${indirect.length === 1 ? 'is' : 'are'} installed because other packages need ${indirect.length === 1 ? 'it' : 'them'}; uninstall those instead.`
            : 'The dependencies are listed under `dependencies:` in patternhub.yaml.',
        },
      );
    }
    for (const name of names) {
      removeDependency(project, name);
      delete roots[name];
    }
    // With an up-to-date lockfile this needs no registry: the lockfile minus what nothing reaches any more.
    const report = await installProject(session, { roots, manifest: manifestToString(project) });
    return { text: renderInstallReport(report, context.out.color), data: report };
  },
});
