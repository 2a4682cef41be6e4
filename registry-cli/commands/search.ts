import { searchPath } from '../../src/core/api-paths.js';
import { RegistryError } from '../../src/core/errors.js';
import type { SearchResponse } from '../../src/core/types.js';
import { defineCommand } from '../command.js';
import { painter, table } from '../output.js';
import { clientFor, stringFlag } from './_shared.js';

const USAGE =
  'patternhub search <words…> [--kind pattern|action] [--scope S] [--keyword K] [--license L]\n' +
  '       [--uses @scope/package.action] [--include-deprecated] [--page N] [--per-page N]\n' +
  '  Words may carry filters too: `disk full kind:pattern`, `uses @community/linux.check_disk`.';

/** Without a known terminal width (output piped, COLUMNS unset), descriptions are not cut. */
const TERMINAL_FALLBACK_WIDTH = 120;
const MIN_DESCRIPTION = 20;

function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return `${text.slice(0, Math.max(1, width - 1)).trimEnd()}…`;
}

/** Downloads as people read them: 950, 12.3k, 4.1M. */
function formatCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 1_000_000) return `${(count / 1000).toFixed(count < 10_000 ? 1 : 0)}k`;
  return `${(count / 1_000_000).toFixed(1)}M`;
}

export default defineCommand({
  name: 'search',
  summary: 'Search the registry for patterns and actions',
  usage: USAGE,
  options: {
    kind: { type: 'string' },
    scope: { type: 'string' },
    keyword: { type: 'string' },
    license: { type: 'string' },
    uses: { type: 'string' },
    'include-deprecated': { type: 'boolean' },
    page: { type: 'string' },
    'per-page': { type: 'string' },
  },
  async run(context) {
    const q = context.args.join(' ').trim();
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const name of ['kind', 'scope', 'keyword', 'license', 'uses', 'page'] as const) {
      const value = stringFlag(context, name);
      if (value !== undefined) params.set(name, value);
    }
    const perPage = stringFlag(context, 'per-page');
    if (perPage !== undefined) params.set('perPage', perPage);
    if (context.flags['include-deprecated'] === true) params.set('deprecated', 'include');
    if (params.size === 0) {
      throw new RegistryError('USAGE', 'Give words to search for, or a filter', { hint: `Usage: ${USAGE}` });
    }
    // A scope may live on its own registry (config maps scopes to registries).
    const scope = stringFlag(context, 'scope')?.replace(/^@/, '');
    const client = clientFor(context, scope);
    const answer = await client.json<SearchResponse>('GET', searchPath(params));

    const paint = painter(context.out.color);
    const notes: string[] = [];
    if (answer.query.corrections.length > 0) {
      const fixed = answer.query.corrections
        .map((entry) => `${entry.from} → ${entry.to.join(' or ')}`)
        .join(', ');
      notes.push(paint('gray', `Also searched for: ${fixed}`));
    }
    if (answer.query.relaxed)
      notes.push(paint('gray', 'No package matches every word; showing those that match some.'));
    if (answer.results.length === 0) {
      const text = [
        ...notes,
        answer.total > 0 ? `No results on page ${answer.page}.` : 'No packages found.',
      ].join('\n');
      return { text, data: answer };
    }

    const rows = answer.results.map((result) => [
      result.name,
      result.version,
      result.kind,
      formatCount(result.downloads),
      result.publishedAt.slice(0, 10),
      result.deprecated ? `${paint('yellow', 'DEPRECATED')} ${result.description}` : result.description,
    ]);
    // The description takes what the other columns leave of the terminal's width.
    const columns = Number(context.env.COLUMNS) || (context.out.isTTY ? TERMINAL_FALLBACK_WIDTH : 0);
    if (columns > 0) {
      const headers = ['NAME', 'VERSION', 'KIND', 'DOWNLOADS', 'UPDATED'];
      const fixed = headers.reduce(
        (sum, header, column) => sum + Math.max(header.length, ...rows.map((row) => row[column]!.length)) + 2,
        0,
      );
      const width = Math.max(MIN_DESCRIPTION, columns - fixed);
      for (const [index, row] of rows.entries()) {
        const result = answer.results[index]!;
        const prefix = result.deprecated ? 'DEPRECATED ' : '';
        const cut = truncate(prefix + result.description, width);
        row[5] = result.deprecated
          ? `${paint('yellow', 'DEPRECATED')}${cut.slice('DEPRECATED'.length)}`
          : cut;
      }
    }
    const first = (answer.page - 1) * answer.perPage + 1;
    const last = first + answer.results.length - 1;
    const of = `${answer.total}${answer.totalExact ? '' : '+'}`;
    const footer = paint(
      'gray',
      `${first}-${last} of ${of}${last < answer.total ? `; next: --page ${answer.page + 1}` : ''}`,
    );
    const text = [
      ...notes,
      table(['NAME', 'VERSION', 'KIND', 'DOWNLOADS', 'UPDATED', 'DESCRIPTION'], rows),
      footer,
    ].join('\n');
    return { text, data: answer };
  },
});
