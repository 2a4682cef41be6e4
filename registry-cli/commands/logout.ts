import { tokensPath } from '../../src/core/api-paths.js';
import { isRegistryError } from '../../src/core/errors.js';
import { createClient } from '../client.js';
import { defineCommand } from '../command.js';
import { networkSettings } from '../network.js';
import { stringFlag } from './_shared.js';

export default defineCommand({
  name: 'logout',
  summary: 'Revoke and forget the token for a registry',
  usage: 'patternhub logout [--registry URL] [--scope @scope] [--keep-token]',
  options: { scope: { type: 'string' }, 'keep-token': { type: 'boolean' } },
  async run(context) {
    const registry = context.config.registryFor(stringFlag(context, 'scope'));
    const token = context.config.file.tokens?.[registry];
    if (!token) return { text: `Not logged in to ${registry}`, data: { registry, loggedOut: false } };
    let revoked = false;
    if (!context.flags['keep-token']) {
      try {
        await createClient(registry, token, networkSettings(context.env)).json(
          'DELETE',
          tokensPath('current'),
        );
        revoked = true;
      } catch (error) {
        // An already revoked or expired token is what logout wants anyway.
        if (!isRegistryError(error, 'UNAUTHENTICATED')) throw error;
      }
    }
    const file = structuredClone(context.config.file);
    delete file.tokens?.[registry];
    await context.config.save(file);
    return {
      text: `Logged out of ${registry}${revoked ? ' (token revoked)' : ''}`,
      data: { registry, loggedOut: true, revoked },
    };
  },
});
