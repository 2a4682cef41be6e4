import { parsePackageName } from '../../src/core/names.js';
import { pickVersion } from '../../src/core/resolve/pick-version.js';
import { defineCommand } from '../command.js';
import { pickLatest } from '../install/latest.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import { readDependencies } from '../install/project.js';
import { openSession } from '../install/session.js';
import { painter, table } from '../output.js';

const USAGE = 'patternhub outdated [@scope/name…] [--offline] [--prerelease]';

/** One row of `outdated`: a dependency whose locked version is not the newest it could be. */
export interface OutdatedEntry {
  name: string;
  /** The range in patternhub.yaml. */
  range: string;
  /** The version the lockfile installs, or null when the package is not locked yet. */
  current: string | null;
  /** The version `update` would install: the best within the range. */
  wanted: string | null;
  /** The `latest` dist-tag (what `update --latest` moves to). */
  latest: string | null;
  /** The deprecation message of the current version, if it has one. */
  deprecated?: string;
  registry: string;
}

export default defineCommand({
  name: 'outdated',
  summary: 'List dependencies with newer versions: current, wanted (in range), latest',
  usage: USAGE,
  options: {
    offline: INSTALL_OPTIONS.offline,
    cache: INSTALL_OPTIONS.cache,
    prerelease: INSTALL_OPTIONS.prerelease,
  },
  examples: ['patternhub outdated', 'patternhub outdated --json'],
  async run(context) {
    const session = openSession(context);
    const { project } = session;
    const roots = readDependencies(project);
    const only = new Set(context.args.map((arg) => parsePackageName(arg).full));
    const names = Object.keys(roots)
      .filter((name) => only.size === 0 || only.has(name))
      .sort();
    const options = { includePrerelease: session.includePrerelease };
    const packuments = await Promise.all(names.map((name) => session.getPackument(name)));
    await session.cache.flush();
    const rows: OutdatedEntry[] = [];
    names.forEach((name, index) => {
      const packument = packuments[index]!;
      const current = project.lockfile?.packages[name]?.version ?? null;
      const wanted = pickVersion(packument, roots[name], options)?.version ?? null;
      const latest = pickLatest(packument, options)?.version ?? null;
      const deprecated = current ? packument.versions[current]?.deprecated : undefined;
      if (current !== null && current === wanted && current === latest && !deprecated) return;
      rows.push({
        name,
        range: roots[name]!,
        current,
        wanted,
        latest,
        ...(deprecated ? { deprecated } : {}),
        registry: session.registries.registryOf(name),
      });
    });
    const paint = painter(context.out.color);
    const text =
      rows.length === 0
        ? `${names.length === 1 ? 'The dependency is' : `All ${names.length} dependencies are`} up to date.`
        : table(
            ['package', 'current', 'wanted', 'latest', ''],
            rows.map((row) => [
              row.name,
              row.current ?? paint('red', 'missing'),
              row.wanted === row.current ? (row.wanted ?? '-') : paint('green', row.wanted ?? '-'),
              row.latest === row.current ? (row.latest ?? '-') : paint('magenta', row.latest ?? '-'),
              row.deprecated ? paint('yellow', `deprecated: ${row.deprecated}`) : '',
            ]),
          );
    return { text, data: { packages: rows } };
  },
});
