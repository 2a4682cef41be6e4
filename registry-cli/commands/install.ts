import { performance } from 'node:perf_hooks';
import { RegistryError } from '../../src/core/errors.js';
import { type PackageSpec, parsePackageSpec } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import type { Session } from '../install/session.js';
import { registrySettings, upToDateState } from '../install/state.js';

const USAGE =
  'patternhub install [@scope/name[@range|@tag] | DIR | FILE.tgz]… [--frozen-lockfile] [--offline] [--save-exact] [--prerelease]\n' +
  '                          [--cache DIR] [--concurrency N] [--force]';

/**
 * The range saved for `install @scope/name[@selector]`: a range or version as given; otherwise (no
 * selector, or a dist-tag, which may move) `^` and the version it means today, as npm saves it.
 */
async function rangeFor(session: Session, spec: PackageSpec, exact: boolean): Promise<string> {
  const [{ default: semver }, { pickVersion }, { pickLatest }] = await Promise.all([
    import('semver'),
    import('../../src/core/resolve/pick-version.js'),
    import('../install/latest.js'),
  ]);
  const selector = spec.selector?.trim();
  // Checked here, with the metadata resolution reuses: an unmatched range typed on the command line
  // is reported as coming from the command line, not from patternhub.yaml.
  const packument = await session.getPackument(spec.full);
  const options = { includePrerelease: session.includePrerelease };
  const picked = selector ? pickVersion(packument, selector, options) : pickLatest(packument, options);
  if (!picked) {
    const removed = (packument as { removed?: string[] }).removed ?? [];
    throw new RegistryError(
      'VERSION_NOT_FOUND',
      selector
        ? `${spec.full} has no version or dist-tag matching "${selector}" (from the command line)`
        : `${spec.full} has no version to install`,
      {
        details: {
          name: spec.full,
          range: selector ?? 'latest',
          from: 'command line',
          distTags: packument.distTags,
        },
        hint:
          selector && removed.includes(selector)
            ? `${spec.full}@${selector} was removed from the registry; \`patternhub install ${spec.full}\` takes the latest version.`
            : `\`patternhub info ${spec.full}\` lists its versions and tags.`,
      },
    );
  }
  if (selector && semver.validRange(selector) !== null) return selector;
  return exact ? picked.version : `^${picked.version}`;
}

export default defineCommand({
  name: 'install',
  summary: "Install the project's dependencies, or add packages to them",
  usage: USAGE,
  notes:
    'A folder or a .tgz is copied in, and patternhub.lock records it as file:PATH (patternhub.yaml keeps a ' +
    'semver range, so the project stays publishable); `patternhub link DIR` links a folder instead. ' +
    'Installing the package by name takes it from its registry again.',
  options: {
    ...INSTALL_OPTIONS,
    'frozen-lockfile': {
      type: 'boolean',
      description:
        'Install exactly patternhub.lock; fail with LOCKFILE_OUT_OF_DATE if it does not match (CI)',
    },
    'save-exact': {
      type: 'boolean',
      short: 'E',
      description: 'Save the exact version (1.4.2) instead of a caret range (^1.4.2)',
    },
    force: {
      type: 'boolean',
      description: 'Check and rewrite the whole tree even when the project looks up to date',
    },
  },
  examples: [
    'patternhub install                           # what patternhub.yaml and patternhub.lock say',
    'patternhub i @community/linux                # add a dependency (saved as ^version)',
    'patternhub add @community/chatops@~1.3       # a range or a dist-tag',
    'patternhub install ../linux                  # a local folder (recorded as file:)',
    'patternhub install ./acme-linux-0.1.0.tgz    # a packed tarball',
    'patternhub install --frozen-lockfile         # in CI',
  ],
  async run(context) {
    const frozen = context.flags['frozen-lockfile'] === true;
    const { isLocalSpec } = await import('../install/local.js');
    const localArgs = context.args.filter((arg) => isLocalSpec(arg, context.cwd));
    const specs = context.args.filter((arg) => !localArgs.includes(arg)).map(parsePackageSpec);
    if (frozen && context.args.length > 0) {
      throw new RegistryError(
        'USAGE',
        '--frozen-lockfile installs the lockfile as it is; it cannot add packages',
        {
          hint: 'Run `patternhub install @scope/name` without --frozen-lockfile, and commit patternhub.lock.',
        },
      );
    }
    const started = performance.now();
    // An installed, unchanged project is answered from .patternhub/state.json alone: nothing else is
    // even loaded (the modules below are imported only past this point).
    const upToDate =
      context.args.length === 0 && context.flags.force !== true
        ? upToDateState(context.cwd, registrySettings(context))
        : undefined;
    const { renderInstallReport, reportFromState } = await import('../install/report.js');
    if (upToDate) {
      const report = reportFromState(upToDate, performance.now() - started);
      return { text: renderInstallReport(report, context.out.color), data: report };
    }
    const [{ installProject }, { openSession }, { manifestToString, readDependencies, setDependency }] =
      await Promise.all([
        import('../install/install.js'),
        import('../install/session.js'),
        import('../install/project.js'),
      ]);
    const session = openSession(context);
    const { project } = session;
    const roots = readDependencies(project);
    for (const spec of specs) {
      if (spec.full === project.name) {
        throw new RegistryError('USAGE', `${spec.full} is this project; it cannot depend on itself`);
      }
    }
    // Picked in parallel: each may need the package's metadata (fetched once; the resolver reuses it).
    const ranges = await Promise.all(
      specs.map((spec) => rangeFor(session, spec, context.flags['save-exact'] === true)),
    );
    let edited = false;
    specs.forEach((spec, index) => {
      // From a registry again: a package taken from a folder or linked goes back to its registry.
      session.locals.delete(spec.full);
      roots[spec.full] = ranges[index]!;
      edited = setDependency(project, spec.full, ranges[index]!) || edited;
    });
    if (localArgs.length > 0) {
      const { addLocalPackages } = await import('../install/local.js');
      edited =
        addLocalPackages(session, roots, localArgs, {
          cwd: context.cwd,
          kind: 'file',
          exact: context.flags['save-exact'] === true,
        }).edited || edited;
    }
    const report = await installProject(session, {
      roots,
      manifest: edited ? manifestToString(project) : undefined,
      frozen,
      force: context.flags.force === true,
    });
    return { text: renderInstallReport(report, context.out.color), data: report };
  },
});
