import { defineCommand } from '../command.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import { requireArg } from './_shared.js';

const USAGE = 'patternhub link DIR…';

export default defineCommand({
  name: 'link',
  summary: 'Use a local package folder as a dependency while you develop it',
  usage: USAGE,
  options: {
    offline: INSTALL_OPTIONS.offline,
    cache: INSTALL_OPTIONS.cache,
    prerelease: INSTALL_OPTIONS.prerelease,
  },
  examples: [
    'patternhub link ../linux          # .patternhub/packages/@acme/linux → ../linux',
    'patternhub validate               # checks the workflows against ../linux as it is now',
    'patternhub install @acme/linux    # back to the registry version',
  ],
  notes:
    "As pnpm's `link DIR`: .patternhub/packages/@scope/name becomes a symbolic link to the folder, so " +
    'changes there are seen at once, by `validate` too. patternhub.yaml gets (or keeps) a semver range ' +
    'for the package and patternhub.lock records it as link:PATH, so `install` keeps the link. ' +
    'The linked package’s own dependencies are installed from their registries. `uninstall NAME` or ' +
    '`install NAME` (from the registry) ends the link.',
  async run(context) {
    requireArg(context, 0, 'the package folder to link', USAGE);
    const [
      { installProject },
      { openSession },
      { manifestToString, readDependencies },
      { addLocalPackages },
    ] = await Promise.all([
      import('../install/install.js'),
      import('../install/session.js'),
      import('../install/project.js'),
      import('../install/local.js'),
    ]);
    const { renderInstallReport } = await import('../install/report.js');
    const session = openSession(context);
    const roots = readDependencies(session.project);
    const { edited, added } = addLocalPackages(session, roots, context.args, {
      cwd: context.cwd,
      kind: 'link',
      exact: false,
    });
    const report = await installProject(session, {
      roots,
      manifest: edited ? manifestToString(session.project) : undefined,
    });
    const lines = added.map((local) => `${local.name} → ${local.source.slice('link:'.length)} (linked)`);
    return {
      text: [...lines, renderInstallReport(report, context.out.color)].join('\n'),
      data: { ...report, linked: added.map((local) => ({ name: local.name, source: local.source })) },
    };
  },
});
