import { tokensPath } from '../../src/core/api-paths.js';
import type { TokenCreatedResponse, TokenView } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { table } from '../output.js';
import { clientFor, requireArg, stringFlag } from './_shared.js';

const USAGE =
  'patternhub token create --name NAME [--scopes read,publish,admin] [--restrict @scope[/name]] [--expires-days N]\n' +
  '       patternhub token list\n' +
  '       patternhub token revoke ID';

export default defineCommand({
  name: 'token',
  summary: 'Create, list and revoke API tokens',
  usage: USAGE,
  options: {
    name: { type: 'string' },
    scopes: { type: 'string' },
    restrict: { type: 'string' },
    'expires-days': { type: 'string' },
  },
  async run(context) {
    const client = clientFor(context);
    const action = requireArg(context, 0, 'an action (create, list, revoke)', USAGE);
    if (action === 'create') {
      const name = stringFlag(context, 'name');
      if (!name) throw new RegistryError('USAGE', 'token create needs --name', { hint: `Usage: ${USAGE}` });
      const expires = stringFlag(context, 'expires-days');
      // Number('soon') is NaN, which JSON sends as null: a token meant to expire never would.
      if (expires !== undefined && !/^\d+$/.test(expires)) {
        throw new RegistryError('USAGE', '--expires-days takes a whole number of days', {
          hint: `Usage: ${USAGE}`,
        });
      }
      const created = await client.json<TokenCreatedResponse>('POST', tokensPath(), {
        name,
        scopes: (stringFlag(context, 'scopes') ?? 'read,publish').split(',').map((scope) => scope.trim()),
        restriction: stringFlag(context, 'restrict') ?? null,
        expiresInDays: expires === undefined ? null : Number(expires),
      });
      return {
        text: `Created token "${created.name}" [${created.scopes.join(', ')}]${created.restriction ? ` for ${created.restriction}` : ''}.\nIt is shown only now:\n\n  ${created.token}\n`,
        data: created,
      };
    }
    if (action === 'list') {
      const { tokens } = await client.json<{ tokens: TokenView[] }>('GET', tokensPath());
      return {
        text: table(
          ['ID', 'NAME', 'PREFIX', 'SCOPES', 'RESTRICTION', 'LAST USED'],
          tokens.map((token) => [
            token.id,
            token.name,
            `${token.prefix}…`,
            token.scopes.join(','),
            token.restriction ?? '-',
            token.lastUsedAt?.slice(0, 16) ?? 'never',
          ]),
        ),
        data: tokens,
      };
    }
    if (action === 'revoke') {
      const id = requireArg(context, 1, 'the token id', USAGE);
      await client.json('DELETE', tokensPath(id));
      return { text: `Revoked ${id}`, data: { revoked: id } };
    }
    throw new RegistryError('USAGE', `Unknown token action "${action}"`, { hint: `Usage: ${USAGE}` });
  },
});
