import { accessPath } from '../../src/core/api-paths.js';
import type { AccessResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { clientFor, requireArg } from './_shared.js';

const USAGE = 'patternhub access public|private @scope/name';

export default defineCommand({
  name: 'access',
  summary: 'Make a package public or private after its first publish',
  usage: USAGE,
  examples: ['patternhub access private @acme/linux', 'patternhub access public @acme/linux'],
  notes:
    'Owners of the organisation only; recorded in its audit log. A public package cannot depend on a private ' +
    'one: a package with public dependents cannot become private (HAS_DEPENDENTS), and one whose versions ' +
    'depend on private packages cannot become public (PRIVATE_DEPENDENCY).',
  async run(context) {
    const access = requireArg(context, 0, 'the access (public or private)', USAGE);
    if (access !== 'public' && access !== 'private') {
      throw new RegistryError('USAGE', `"${access}" is not an access level: use public or private`, {
        hint: `Usage: ${USAGE}`,
      });
    }
    const { full, scope } = parsePackageName(requireArg(context, 1, 'the package (@scope/name)', USAGE));
    const client = clientFor(context, scope);
    const result = await client.json<AccessResponse>('PUT', accessPath(full), { access });
    return {
      text: result.changed
        ? `${result.name} is now ${result.access}`
        : `${result.name} was already ${result.access}`,
      data: result,
    };
  },
});
