import { performance } from 'node:perf_hooks';
import { RegistryError } from '../../src/core/errors.js';
import { type PackageSpec, parsePackageSpec } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import type { Session } from '../install/session.js';
import { registrySettings, upToDateState } from '../install/state.js';

const USAGE =
  'patternhub install [@scope/name[@range|@tag]]… [--frozen-lockfile] [--offline] [--save-exact] [--prerelease]\n' +
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
  if (selector && semver.validRange(selector) !== null) return selector;
  const packument = await session.getPackument(spec.full);
  const options = { includePrerelease: session.includePrerelease };
  const picked = selector ? pickVersion(packument, selector, options) : pickLatest(packument, options);
  if (!picked) {
    throw new RegistryError(
      'VERSION_NOT_FOUND',
      selector
        ? `${spec.full} has no version or dist-tag "${selector}"`
        : `${spec.full} has no version to install`,
      {
        details: { name: spec.full, range: selector ?? 'latest', distTags: packument.distTags },
        hint: `\`patternhub info ${spec.full}\` lists its versions and tags.`,
      },
    );
  }
  return exact ? picked.version : `^${picked.version}`;
}

export default defineCommand({
  name: 'install',
  summary: "Install the project's dependencies, or add packages to them",
  usage: USAGE,
  options: {
    offline: { type: 'boolean' },
    cache: { type: 'string' },
    prerelease: { type: 'boolean' },
    concurrency: { type: 'string' },
    'frozen-lockfile': { type: 'boolean' },
    'save-exact': { type: 'boolean', short: 'E' },
    force: { type: 'boolean' },
  },
  async run(context) {
    const frozen = context.flags['frozen-lockfile'] === true;
    const specs = context.args.map(parsePackageSpec);
    if (frozen && specs.length > 0) {
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
      specs.length === 0 && context.flags.force !== true
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
      roots[spec.full] = ranges[index]!;
      edited = setDependency(project, spec.full, ranges[index]!) || edited;
    });
    const report = await installProject(session, {
      roots,
      manifest: edited ? manifestToString(project) : undefined,
      frozen,
      force: context.flags.force === true,
    });
    return { text: renderInstallReport(report, context.out.color), data: report };
  },
});
