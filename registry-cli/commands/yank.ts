import { RegistryError } from '../../src/core/errors.js';
import { packagePath } from '../client.js';
import { defineCommand } from '../command.js';
import { clientFor, packageArg } from './_shared.js';

const USAGE = 'patternhub yank @scope/name@version [--undo]';

export default defineCommand({
  name: 'yank',
  summary: 'Hide a version from new installs (--undo to restore)',
  usage: USAGE,
  options: { undo: { type: 'boolean', description: 'Restore a yanked version' } },
  examples: ['patternhub yank @acme/linux@0.2.0', 'patternhub yank @acme/linux@0.2.0 --undo'],
  async run(context) {
    const spec = packageArg(context, 0, USAGE);
    if (!spec.selector)
      throw new RegistryError('USAGE', 'yank needs an exact version', { hint: `Usage: ${USAGE}` });
    const undo = context.flags.undo === true;
    const result = await clientFor(context, spec.scope).json<{ yanked: boolean }>(
      undo ? 'DELETE' : 'PUT',
      `${packagePath(spec.full)}/${encodeURIComponent(spec.selector)}/yank`,
    );
    return {
      text: `${undo ? 'Restored' : 'Yanked'} ${spec.full}@${spec.selector}${undo ? '' : ' (still installable by exact version and from lockfiles)'}`,
      data: { name: spec.full, version: spec.selector, ...result },
    };
  },
});
