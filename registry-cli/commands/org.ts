import { orgAuditPath, orgMemberPath, orgPath } from '../../src/core/api-paths.js';
import type { AuditPage, OrgMember, OrgView } from '../../src/core/api-types.js';
import { RegistryError } from '../../src/core/errors.js';
import { defineCommand } from '../command.js';
import { table } from '../output.js';
import { clientFor, requireArg, stringFlag } from './_shared.js';

const USAGE =
  'patternhub org create NAME [--description TEXT]\n' +
  '       patternhub org info NAME\n' +
  '       patternhub org set NAME USERNAME owner|publisher|reader\n' +
  '       patternhub org rm NAME USERNAME\n' +
  '       patternhub org audit NAME [--limit N] [--before ID]';

const orgName = (raw: string) => raw.replace(/^@/, '');

export default defineCommand({
  name: 'org',
  summary: 'Create organisations, manage members, read the audit log',
  usage: USAGE,
  options: { description: { type: 'string' }, limit: { type: 'string' }, before: { type: 'string' } },
  async run(context) {
    const action = requireArg(context, 0, 'an action (create, info, set, rm, audit)', USAGE);
    const name = orgName(requireArg(context, 1, 'the organisation', USAGE));
    const client = clientFor(context, name);
    switch (action) {
      case 'create': {
        const org = await client.json<OrgView>('POST', orgPath(), {
          name,
          description: stringFlag(context, 'description') ?? null,
        });
        return { text: `Created @${org.name}; you are its owner.`, data: org };
      }
      case 'info': {
        const org = await client.json<OrgView>('GET', orgPath(name));
        const members = org.members
          ? `\n\n${table(
              ['MEMBER', 'ROLE'],
              org.members.map((member) => [member.username, member.role]),
            )}`
          : '';
        return {
          text: `@${org.name}${org.personal ? ' (personal scope)' : ''}${org.description ? `: ${org.description}` : ''}${members}`,
          data: org,
        };
      }
      case 'set': {
        const username = requireArg(context, 2, 'the username', USAGE);
        const role = requireArg(context, 3, 'the role', USAGE);
        const member = await client.json<OrgMember>('PUT', orgMemberPath(name, username), { role });
        return { text: `${member.username} is now ${member.role} of @${name}`, data: member };
      }
      case 'rm': {
        const username = requireArg(context, 2, 'the username', USAGE);
        await client.json('DELETE', orgMemberPath(name, username));
        return { text: `Removed ${username} from @${name}`, data: { removed: username } };
      }
      case 'audit': {
        const query = new URLSearchParams();
        const limit = stringFlag(context, 'limit');
        const before = stringFlag(context, 'before');
        if (limit) query.set('limit', limit);
        if (before) query.set('before', before);
        const page = await client.json<AuditPage>('GET', orgAuditPath(name, query));
        const rows = page.entries.map((entry) => [
          String(entry.id),
          entry.at.slice(0, 19).replace('T', ' '),
          entry.actor ?? '-',
          entry.action,
          entry.target ?? '',
        ]);
        return {
          text:
            table(['ID', 'WHEN (UTC)', 'WHO', 'ACTION', 'TARGET'], rows) +
            (page.next ? `\n(more: --before ${page.next})` : ''),
          data: page,
        };
      }
      default:
        throw new RegistryError('USAGE', `Unknown org action "${action}"`, { hint: `Usage: ${USAGE}` });
    }
  },
});
