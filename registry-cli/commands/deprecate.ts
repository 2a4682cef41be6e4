import { deprecatePath } from '../../src/core/api-paths.js';
import type { DeprecateResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { clientFor, packageArg } from './_shared.js';

const USAGE = 'patternhub deprecate @scope/name[@range] "message"   (an empty message undeprecates)';

export default defineCommand({
  name: 'deprecate',
  summary: 'Deprecate versions with a message (empty message to undo)',
  usage: USAGE,
  async run(context) {
    const spec = packageArg(context, 0, USAGE);
    const message = context.args[1];
    if (message === undefined)
      throw new RegistryError('USAGE', 'Missing the deprecation message', { hint: `Usage: ${USAGE}` });
    const result = await clientFor(context, spec.scope).json<DeprecateResponse>(
      'POST',
      deprecatePath(spec.full),
      { range: spec.selector ?? '*', message },
    );
    return {
      text: `${message === '' ? 'Undeprecated' : 'Deprecated'} ${spec.full} ${result.versions.join(', ')}`,
      data: result,
    };
  },
});
