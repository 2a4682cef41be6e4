import { distTagsPath } from '../../src/core/api-paths.js';
import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName, parsePackageSpec } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { clientFor, requireArg } from './_shared.js';

const USAGE =
  'patternhub dist-tag ls @scope/name\n' +
  '       patternhub dist-tag add @scope/name@version TAG\n' +
  '       patternhub dist-tag rm @scope/name TAG';

const render = (tags: Record<string, string>) =>
  Object.entries(tags)
    .map(([tag, version]) => `${tag}: ${version}`)
    .join('\n');

export default defineCommand({
  name: 'dist-tag',
  summary: 'List, add and remove dist-tags',
  usage: USAGE,
  async run(context) {
    const action = requireArg(context, 0, 'an action (ls, add, rm)', USAGE);
    const target = requireArg(context, 1, 'the package', USAGE);
    if (action === 'ls') {
      const pkg = parsePackageName(target);
      const tags = await clientFor(context, pkg.scope).json<Record<string, string>>(
        'GET',
        distTagsPath(pkg.full),
      );
      return { text: render(tags), data: tags };
    }
    if (action === 'add') {
      const spec = parsePackageSpec(target);
      if (!spec.selector)
        throw new RegistryError('USAGE', 'dist-tag add needs @scope/name@version', {
          hint: `Usage: ${USAGE}`,
        });
      const tag = requireArg(context, 2, 'the tag', USAGE);
      const tags = await clientFor(context, spec.scope).json<Record<string, string>>(
        'PUT',
        distTagsPath(spec.full, tag),
        { version: spec.selector },
      );
      return { text: `${spec.full}: ${tag} → ${spec.selector}\n${render(tags)}`, data: tags };
    }
    if (action === 'rm') {
      const pkg = parsePackageName(target);
      const tag = requireArg(context, 2, 'the tag', USAGE);
      const tags = await clientFor(context, pkg.scope).json<Record<string, string>>(
        'DELETE',
        distTagsPath(pkg.full, tag),
      );
      return { text: `${pkg.full}: removed ${tag}\n${render(tags)}`, data: tags };
    }
    throw new RegistryError('USAGE', `Unknown dist-tag action "${action}"`, { hint: `Usage: ${USAGE}` });
  },
});
