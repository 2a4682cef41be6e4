import { WHOAMI_PATH } from '../../src/core/api-paths.js';
import type { WhoamiResponse } from '../../src/core/api-types.js';
import { defineCommand } from '../command.js';
import { clientFor } from './_shared.js';

export default defineCommand({
  name: 'whoami',
  summary: 'Show who the stored token belongs to',
  usage: 'patternhub whoami [--registry URL]',
  async run(context) {
    const client = clientFor(context);
    const who = await client.json<WhoamiResponse>('GET', WHOAMI_PATH);
    const orgs = who.orgs.map((org) => `@${org.name} (${org.role})`).join(', ');
    return {
      text: [
        `${who.username}${who.admin ? ' (registry admin)' : ''} on ${client.registry}`,
        `token: ${who.token.name} [${who.token.scopes.join(', ')}]${who.token.restriction ? ` restricted to ${who.token.restriction}` : ''}`,
        `orgs: ${orgs || 'none'}`,
      ].join('\n'),
      data: { registry: client.registry, ...who },
    };
  },
});
