import { defineCommand } from '../command.js';
import { painter, table } from '../output.js';
import { listRecords, readRecord } from '../run/records.js';
import { excerpt, formatErrors, formatPath } from '../run/trace.js';
import { requireArg } from './_shared.js';

const USAGE = 'patternhub runs list | runs show ID [--json]';

export default defineCommand({
  name: 'runs',
  summary: 'List the runs kept in this project, or show one run record',
  usage: USAGE,
  async run(context) {
    const sub = requireArg(context, 0, 'list or show', USAGE);
    if (sub === 'list') {
      const records = listRecords(context.cwd);
      return {
        text:
          records.length === 0
            ? 'no runs yet'
            : table(
                ['ID', 'WORKFLOW', 'STATUS', 'STARTED'],
                records.map((r) => [r.id, r.workflow, r.status, r.startedAt]),
              ),
        data: records.map((r) => ({
          id: r.id,
          workflow: r.workflow,
          status: r.status,
          startedAt: r.startedAt,
          dryRun: r.dryRun,
        })),
      };
    }
    if (sub !== 'show') return { text: `Usage: ${USAGE}`, exitCode: 2 };
    const record = readRecord(context.cwd, requireArg(context, 1, 'the run id', USAGE));
    const paint = painter(context.out.color);
    const lines = [
      `${paint('bold', record.id)}  ${record.workflow}${record.package.version ? `@${record.package.version}` : ''}${record.dryRun ? ' (dry run)' : ''}`,
      `status: ${record.status}   started ${record.startedAt}   finished ${record.finishedAt}`,
      `inputs: ${JSON.stringify(record.inputs)}`,
      record.mocked.length > 0 ? `mocked: ${record.mocked.join(', ')}` : '',
      `path: ${formatPath(record.path, context.out.color)}`,
    ].filter(Boolean);
    const details = [
      table(
        ['TASK', 'STATUS', 'STARTED', 'MS', 'RESULT'],
        record.tasks.map((t) => [
          `${t.task}${t.itemId === undefined ? '' : `[${t.itemId}]`}`,
          t.status,
          t.startedAt,
          String(t.durationMs),
          excerpt(t.result, 80),
        ]),
      ),
      ...formatErrors(record.errors, context.out.color),
      record.output ? `output: ${JSON.stringify(record.output)}` : '',
    ].filter(Boolean);
    return { text: `${lines.join('\n')}\n\n${details.join('\n')}`, data: record };
  },
});
