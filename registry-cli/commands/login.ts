import { WHOAMI_PATH } from '../../src/core/api-paths.js';
import type { WhoamiResponse } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { createClient } from '../client.js';
import { defineCommand } from '../command.js';
import { networkSettings } from '../network.js';
import { stringFlag } from './_shared.js';

export default defineCommand({
  name: 'login',
  summary: 'Store a token for a registry',
  usage:
    'patternhub login [--registry URL] [--scope @scope] --token TOKEN   (or the token on standard input)',
  options: { token: { type: 'string' }, scope: { type: 'string' } },
  async run(context) {
    const scope = stringFlag(context, 'scope');
    if (scope !== undefined && !/^@[a-z0-9][a-z0-9-]{0,63}$/.test(scope)) {
      throw new RegistryError('USAGE', '--scope takes @scope');
    }
    const registry = context.config.registryFor(scope);
    let token = stringFlag(context, 'token') ?? context.env.PATTERNHUB_TOKEN;
    if (!token && context.prompt) token = await context.prompt(`Token for ${registry}: `);
    // `echo "$TOKEN" | patternhub login`: keeps the secret out of the process list and shell history.
    if (!token && context.readInput) token = (await context.readInput()).trim().split(/\r?\n/)[0];
    if (!token) {
      throw new RegistryError('USAGE', 'No token given', {
        hint: 'Pass --token, set PATTERNHUB_TOKEN, or run on a terminal to be asked.',
      });
    }
    // Check the token before storing it: a typo should fail here, not at the next publish.
    const who = await createClient(registry, token, networkSettings(context.env)).json<WhoamiResponse>(
      'GET',
      WHOAMI_PATH,
    );
    const file = structuredClone(context.config.file);
    file.tokens = { ...file.tokens, [registry]: token };
    if (scope && stringFlag(context, 'registry')) file.scopes = { ...file.scopes, [scope]: registry };
    await context.config.save(file);
    return {
      text: `Logged in to ${registry} as ${who.username} (token "${who.token.name}": ${who.token.scopes.join(', ')})`,
      data: { registry, username: who.username, scopes: who.token.scopes },
    };
  },
});
