import { usersPath } from '../../src/core/api-paths.js';
import type { UserCreatedResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { clientFor, requireArg, stringFlag } from './_shared.js';

const USAGE = 'patternhub user create USERNAME [--email ADDRESS] [--admin]';

export default defineCommand({
  name: 'user',
  summary: 'Create users (registry administrators)',
  usage: USAGE,
  options: { email: { type: 'string' }, admin: { type: 'boolean' } },
  async run(context) {
    const action = requireArg(context, 0, 'an action (create)', USAGE);
    if (action !== 'create')
      throw new RegistryError('USAGE', `Unknown user action "${action}"`, { hint: `Usage: ${USAGE}` });
    const username = requireArg(context, 1, 'the username', USAGE);
    const created = await clientFor(context).json<UserCreatedResponse>('POST', usersPath(), {
      username,
      email: stringFlag(context, 'email') ?? null,
      admin: context.flags.admin === true,
    });
    return {
      text: `Created user ${created.username} with scope @${created.username}.\nTheir first token (shown only now; hand it over safely):\n\n  ${created.token}\n`,
      data: created,
    };
  },
});
