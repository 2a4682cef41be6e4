import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluatorForEngine } from '../../src/core/engine/evaluator.js';
import { type ActionRequest, type RunEvent, runWorkflow } from '../../src/core/engine/index.js';
import { RegistryError } from '../../src/core/errors.js';
import type { ActionMock } from '../../src/core/pattern-tests/index.js';
import { isRecord } from '../../src/core/validate/values.js';
import { parseYaml } from '../../src/core/yaml.js';
import { defineCommand } from '../command.js';
import { painter } from '../output.js';
import { assertRunnable, executorFor, findWorkflow, planTasks, type TaskPlan } from '../run/plan.js';
import { newRunId, type RunRecord, writeRecord } from '../run/records.js';
import { formatErrors, formatPath, traceLine } from '../run/trace.js';
import { requireArg } from './_shared.js';

const USAGE = 'patternhub run @scope/pkg.workflow [--input k=v …] [--dry-run] [--mock FILE] [--json]';
const MASK = '********';

/** `k=v` pairs; a value that parses as JSON (number, boolean, list, map) is taken as such. */
function parseInputs(raw: string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const pair of raw) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new RegistryError('USAGE', `--input ${pair}: expected name=value`, { hint: `Usage: ${USAGE}` });
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // a plain string
    }
    inputs[pair.slice(0, at)] = value;
  }
  return inputs;
}

function readMocks(path: string | undefined): Record<string, ActionMock> {
  if (!path) return {};
  const doc = parseYaml(readFileSync(path, 'utf8'), path);
  const actions = isRecord(doc) && isRecord(doc.actions) ? doc.actions : undefined;
  if (!actions)
    throw new RegistryError(
      'USAGE',
      `${path}: expected an \`actions:\` map of task results, as in tests/*.yaml`,
    );
  return actions as Record<string, ActionMock>;
}

function masked(input: unknown, secrets: string[]): unknown {
  if (!isRecord(input) || secrets.length === 0) return input;
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, secrets.includes(k) ? MASK : v]));
}

export default defineCommand({
  name: 'run',
  summary: 'Run a pattern on this machine with a live trace; keep a record of the run',
  usage: USAGE,
  options: {
    input: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    mock: { type: 'string' },
  },
  async run(context) {
    const ref = requireArg(context, 0, 'the workflow (@scope/pkg.workflow)', USAGE);
    const rawInputs = context.flags.input;
    const inputs = parseInputs(
      Array.isArray(rawInputs) ? rawInputs : typeof rawInputs === 'string' ? [rawInputs] : [],
    );
    const dryRun = context.flags['dry-run'] === true;
    const mockFile =
      typeof context.flags.mock === 'string' ? resolve(context.cwd, context.flags.mock) : undefined;
    const mocks = readMocks(mockFile);
    const target = findWorkflow(context.cwd, ref);
    const plans = planTasks(target, context.cwd, mocks, context.env);
    if (!dryRun) assertRunnable(plans);
    const byTask = new Map<string, TaskPlan>(plans.map((p) => [p.task, p]));
    const secretsOf = (r: ActionRequest) => byTask.get(r.task)?.secrets ?? [];
    const trace = (line: string) => (context.json ? context.out.error(line) : context.out.write(line));
    const paint = painter(context.out.color);
    const started = new Date();
    trace(`${paint('bold', ref)}${dryRun ? paint('yellow', ' (dry run: nothing is executed)') : ''}`);
    const execute = dryRun
      ? executorFor(
          plans.map((p) =>
            p.how === 'mock'
              ? p
              : {
                  ...p,
                  blocked: undefined,
                  run: async () => ({ status: 'succeeded' as const, result: null }),
                },
          ),
        )
      : executorFor(plans);
    const result = await runWorkflow(target.definition, {
      evaluator: evaluatorForEngine(),
      inputs,
      execute,
      now: Date.now,
      onEvent: (event: RunEvent) => {
        const shown = {
          ...event,
          request: { ...event.request, input: masked(event.request.input, secretsOf(event.request)) },
        };
        trace(traceLine(shown as RunEvent, context.out.color));
      },
    });
    const finished = new Date();
    const workflowSecrets = Object.entries(target.parameters)
      .filter(([, p]) => isRecord(p) && p.secret === true)
      .map(([n]) => n);
    const record: RunRecord = {
      id: newRunId(started),
      workflow: ref,
      package: { name: target.packageName, version: target.version },
      dryRun,
      mocked: plans.filter((p) => p.how === 'mock').map((p) => p.task),
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      inputs: masked(inputs, workflowSecrets) as Record<string, unknown>,
      status: result.status,
      output: result.output,
      errors: result.errors,
      path: result.path,
      tasks: result.runs.map((r) => ({
        task: r.task,
        route: r.route,
        ...(r.itemId === undefined ? {} : { itemId: r.itemId }),
        action: r.action,
        input: masked(r.input, byTask.get(r.task)?.secrets ?? []),
        status: r.status,
        result: r.result,
        startedAt: new Date(r.startedAt).toISOString(),
        finishedAt: new Date(r.finishedAt).toISOString(),
        durationMs: r.finishedAt - r.startedAt,
      })),
    };
    const file = writeRecord(context.cwd, record);
    const ok = result.status === 'succeeded';
    const lines = [
      `path: ${formatPath(result.path, context.out.color)}`,
      ...formatErrors(result.errors, context.out.color),
      result.output ? `output: ${JSON.stringify(result.output)}` : '',
      `${ok ? paint('green', '✔ succeeded') : paint('red', `✖ ${result.status}`)} · record ${record.id} (${file})`,
    ].filter(Boolean);
    // A dry run is a preview: it succeeds when it ran to the end, whatever path it showed.
    return { text: lines.join('\n'), data: record, exitCode: ok || dryRun ? 0 : 1 };
  },
});
