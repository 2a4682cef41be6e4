import { yankPath } from '../../src/core/api-paths.js';
import type { YankResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { clientFor, packageArg } from './_shared.js';

const USAGE = 'patternhub yank @scope/name@version [--undo]';

export default defineCommand({
  name: 'yank',
  summary: 'Hide a version from new installs (--undo to restore)',
  usage: USAGE,
  options: { undo: { type: 'boolean' } },
  async run(context) {
    const spec = packageArg(context, 0, USAGE);
    if (!spec.selector)
      throw new RegistryError('USAGE', 'yank needs an exact version', { hint: `Usage: ${USAGE}` });
    const undo = context.flags.undo === true;
    const result = await clientFor(context, spec.scope).json<YankResponse>(
      undo ? 'DELETE' : 'PUT',
      yankPath(spec.full, spec.selector),
    );
    return {
      text: `${undo ? 'Restored' : 'Yanked'} ${spec.full}@${spec.selector}${undo ? '' : ' (still installable by exact version and from lockfiles)'}`,
      data: result,
    };
  },
});
