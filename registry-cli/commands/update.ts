import semver from 'semver';
import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { installProject } from '../install/install.js';
import { pickLatest } from '../install/latest.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import { manifestToString, readDependencies, setDependency } from '../install/project.js';
import { renderInstallReport } from '../install/report.js';
import { openSession } from '../install/session.js';

const USAGE = 'patternhub update [@scope/name…] [--latest] [--prerelease] [--offline] [--cache DIR]';

/**
 * The range that moves a dependency to `latest` in the style it was written: `~1.2.0` → `~2.0.1`,
 * an exact pin → the new exact version, `^`, or anything else the new version falls outside, → `^`.
 * A wider range that already admits the new version (`*`, `>=1`) or a dist-tag is left alone.
 */
export function rangeForLatest(current: string, latest: string): string {
  const trimmed = current.trim();
  if (semver.valid(trimmed) !== null) return latest;
  if (/^~\s*\d/.test(trimmed)) return `~${latest}`;
  if (/^\^\s*\d/.test(trimmed)) return `^${latest}`;
  if (semver.validRange(trimmed) === null) return trimmed;
  return semver.satisfies(latest, trimmed, { includePrerelease: true }) ? trimmed : `^${latest}`;
}

export default defineCommand({
  name: 'update',
  summary: 'Move dependencies to their newest versions within their ranges (or --latest)',
  usage: USAGE,
  options: {
    ...INSTALL_OPTIONS,
    latest: { type: 'boolean', description: 'Move the ranges in patternhub.yaml to the latest versions' },
  },
  examples: ['patternhub update', 'patternhub update @community/linux --latest'],
  async run(context) {
    const names = context.args.map((arg) => parsePackageName(arg).full);
    const session = openSession(context);
    const { project } = session;
    const roots = readDependencies(project);
    const locked = project.lockfile?.packages ?? {};
    const unknown = names.filter((name) => !Object.hasOwn(roots, name) && !Object.hasOwn(locked, name));
    if (unknown.length > 0) {
      throw new RegistryError(
        'NOT_INSTALLED',
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not installed`,
        {
          details: { names: unknown },
          hint: 'Add a package with `patternhub install @scope/name`.',
        },
      );
    }
    let manifest: string | undefined;
    if (context.flags.latest === true) {
      const indirect = names.filter((name) => !Object.hasOwn(roots, name));
      if (indirect.length > 0) {
        throw new RegistryError(
          'USAGE',
          `--latest changes ranges in patternhub.yaml; ${indirect.join(', ')} ${indirect.length === 1 ? 'is' : 'are'} only an indirect dependency`,
          {
            hint: 'Update them without --latest (within the ranges their dependents allow).',
          },
        );
      }
      const targets = names.length > 0 ? names : Object.keys(roots);
      let edited = false;
      const packuments = await Promise.all(targets.map((name) => session.getPackument(name)));
      targets.forEach((name, index) => {
        const latest = pickLatest(packuments[index]!, { includePrerelease: session.includePrerelease });
        if (!latest) return;
        const range = rangeForLatest(roots[name]!, latest.version);
        if (range !== roots[name]) {
          roots[name] = range;
          edited = setDependency(project, name, range) || edited;
        }
      });
      if (edited) manifest = manifestToString(project);
    }
    const report = await installProject(session, {
      roots,
      manifest,
      unlock: names.length > 0 ? new Set(names) : 'all',
    });
    return { text: renderInstallReport(report, context.out.color), data: report };
  },
});
