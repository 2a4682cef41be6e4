import { tokensPath } from '../../src/core/api-paths.js';
import { isRegistryError } from '../../src/core/errors.js';
import { createClient } from '../client.js';
import { defineCommand } from '../command.js';
import { networkSettings } from '../network.js';
import { stringFlag } from './_shared.js';

export default defineCommand({
  name: 'logout',
  summary: 'Forget the token for a registry (--revoke also revokes it on the server)',
  usage: 'patternhub logout [--registry URL] [--scope @scope] [--revoke]',
  options: {
    scope: {
      type: 'string',
      value: '@scope',
      description: "Log out of the registry that serves @scope's packages",
    },
    revoke: {
      type: 'boolean',
      description: 'Also revoke the token on the registry, so no copy of it works any more',
    },
  },
  examples: [
    'patternhub logout',
    'patternhub logout --revoke   # the token leaked, or this machine is not yours',
  ],
  notes:
    'A token is the only credential: one revoked cannot be had back, and a user whose only token came from an ' +
    'administrator would lock themself out. So logout forgets the token on this machine and leaves it valid; ' +
    '--revoke ends it on the server too.',
  async run(context) {
    const registry = context.config.registryFor(stringFlag(context, 'scope'));
    const token = context.config.file.tokens?.[registry];
    if (!token)
      return { text: `Not logged in to ${registry}`, data: { registry, loggedOut: false, revoked: false } };
    let revoked = false;
    if (context.flags.revoke === true) {
      try {
        await createClient(registry, token, networkSettings(context.env)).json(
          'DELETE',
          tokensPath('current'),
        );
        revoked = true;
      } catch (error) {
        // An already revoked or expired token is what --revoke wants anyway.
        if (!isRegistryError(error, 'UNAUTHENTICATED')) throw error;
      }
    }
    const file = structuredClone(context.config.file);
    delete file.tokens?.[registry];
    await context.config.save(file);
    return {
      text: `Logged out of ${registry}${revoked ? ' (token revoked)' : ' (the token stays valid; --revoke ends it)'}`,
      data: { registry, loggedOut: true, revoked },
    };
  },
});
