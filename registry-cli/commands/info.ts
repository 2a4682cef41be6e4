import semver from 'semver';
import { packagePath, versionPath } from '../../src/core/api-paths.js';
import type { PackageDocument, VersionDocument } from '../../src/core/api-types.js';
import { defineCommand } from '../command.js';
import { painter } from '../output.js';
import { clientFor, packageArg } from './_shared.js';

const USAGE = 'patternhub info @scope/name[@version|@tag]';

export default defineCommand({
  name: 'info',
  summary: 'Show a package, or one version of it',
  usage: USAGE,
  async run(context) {
    const spec = packageArg(context, 0, USAGE);
    const client = clientFor(context, spec.scope);
    const paint = painter(context.out.color);
    if (spec.selector === undefined) {
      const pkg = await client.json<PackageDocument>('GET', packagePath(spec.full));
      const versions = Object.values(pkg.versions).sort((a, b) => semver.rcompare(a.version, b.version));
      const lines = [
        `${paint('bold', pkg.name)} ${paint('gray', `(${pkg.kind}, ${pkg.access})`)}`,
        pkg.description,
        '',
        `dist-tags: ${Object.entries(pkg.distTags)
          .map(([tag, version]) => `${tag}: ${version}`)
          .join('  ')}`,
        `downloads: ${pkg.downloads}`,
        '',
        'versions:',
        ...versions.map(
          (entry) =>
            `  ${entry.version.padEnd(14)} ${entry.publishedAt.slice(0, 10)}${entry.yanked ? paint('red', ' yanked') : ''}${entry.deprecated ? paint('yellow', ` deprecated: ${entry.deprecated}`) : ''}`,
        ),
      ];
      return { text: lines.join('\n'), data: pkg };
    }
    const version = await client.json<VersionDocument>('GET', versionPath(spec.full, spec.selector));
    const deps = Object.entries(version.manifest.dependencies ?? {});
    const lines = [
      `${paint('bold', `${version.name}@${version.version}`)} ${paint('gray', `(${version.kind})`)}${version.yanked ? paint('red', ' yanked') : ''}`,
      version.manifest.description,
      version.deprecated ? paint('yellow', `deprecated: ${version.deprecated}`) : '',
      `integrity: ${version.integrity}`,
      `published: ${version.publishedAt}`,
      version.tests ? `tests: ${paint('green', `${version.tests.passed} passed`)} at publish` : '',
      deps.length
        ? `dependencies:\n${deps.map(([name, range]) => `  ${name} ${range}`).join('\n')}`
        : 'dependencies: none',
      ...version.contents.workflows.map(
        (workflow) => `workflow ${workflow.name}: ${workflow.description ?? ''}`,
      ),
      ...version.contents.actions.map((action) => `action ${action.name}: ${action.description ?? ''}`),
      `files (${version.files.length}):`,
      ...version.files.map((file) => `  ${file.path} ${paint('gray', `${file.size} B`)}`),
    ].filter((line) => line !== '');
    return { text: lines.join('\n'), data: version };
  },
});
