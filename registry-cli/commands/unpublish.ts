import { versionPath } from '../../src/core/api-paths.js';
import type { RemoveResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { clientFor, packageArg } from './_shared.js';

const USAGE = 'patternhub unpublish @scope/name@version';

export default defineCommand({
  name: 'unpublish',
  summary: 'Remove a version published less than 72 hours ago',
  usage: USAGE,
  async run(context) {
    const spec = packageArg(context, 0, USAGE);
    if (!spec.selector)
      throw new RegistryError('USAGE', 'unpublish needs an exact version', { hint: `Usage: ${USAGE}` });
    const result = await clientFor(context, spec.scope).json<RemoveResponse>(
      'DELETE',
      versionPath(spec.full, spec.selector),
    );
    return {
      text: `Removed ${spec.full}@${spec.selector}; the version number stays reserved.`,
      data: result,
    };
  },
});
