/**
 * What `patternhub run` runs: finds the workflow (`@scope/pkg.workflow`, in the package folder
 * itself or installed under `.patternhub/packages/`), decides for every task how its action runs on
 * this machine, and names, before anything runs, each task that would need StackStorm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActionOutcome, ActionRequest, ExecuteAction } from '../../src/core/engine/index.js';
import { readWorkflowSpec } from '../../src/core/engine/index.js';
import { RegistryError } from '../../src/core/errors.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import { type ActionMock, mockOutcome } from '../../src/core/pattern-tests/index.js';
import { isRecord } from '../../src/core/validate/values.js';
import { parseYaml } from '../../src/core/yaml.js';
import { httpRequest, pause, runScript, scriptArguments, shellCommand } from './executors.js';

const EXPRESSION = /<%|\{\{/;

export interface RunTarget {
  ref: string;
  packageName: string;
  workflow: string;
  /** The package's folder. */
  dir: string;
  version: string | undefined;
  definition: unknown;
  /** The workflow's declared parameters (for secrets). */
  parameters: Record<string, { secret?: unknown }>;
}

function readYamlFile(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'), path);
}

function packageDir(projectDir: string, name: string): string | undefined {
  const own = join(projectDir, MANIFEST_FILE);
  if (existsSync(own)) {
    const manifest = readYamlFile(own);
    if (isRecord(manifest) && manifest.name === name) return projectDir;
  }
  const installed = join(projectDir, '.patternhub', 'packages', ...name.split('/'));
  return existsSync(join(installed, MANIFEST_FILE)) ? installed : undefined;
}

/** Finds `@scope/pkg.workflow`. */
export function findWorkflow(projectDir: string, ref: string): RunTarget {
  const m = /^(@[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*)\.([^./\s]+)$/.exec(ref);
  if (!m)
    throw new RegistryError('USAGE', `"${ref}" is not @scope/package.workflow`, {
      hint: 'e.g. patternhub run @acme/disk-full.disk-full --input host=web1',
    });
  const [, packageName, workflow] = m as unknown as [string, string, string];
  const dir = packageDir(projectDir, packageName);
  if (!dir)
    throw new RegistryError(
      'NOT_INSTALLED',
      `${packageName} is neither this folder's package nor installed`,
      { hint: `Run \`patternhub install ${packageName}\`.` },
    );
  for (const ext of ['yaml', 'yml']) {
    const file = join(dir, 'workflows', `${workflow}.${ext}`);
    if (!existsSync(file)) continue;
    const doc = readYamlFile(file);
    if (!isRecord(doc) || !isRecord(doc.workflow))
      throw new RegistryError('INVALID_PACKAGE', `${file} has no workflow: block`);
    const manifest = readYamlFile(join(dir, MANIFEST_FILE));
    return {
      ref,
      packageName,
      workflow,
      dir,
      version: isRecord(manifest) && typeof manifest.version === 'string' ? manifest.version : undefined,
      definition: doc.workflow,
      parameters: (isRecord(doc.parameters) ? doc.parameters : {}) as RunTarget['parameters'],
    };
  }
  throw new RegistryError('NOT_FOUND', `${packageName} has no workflow "${workflow}"`);
}

type Runner = (input: Record<string, unknown>, request: ActionRequest) => Promise<ActionOutcome>;

interface ActionMeta {
  runner_type?: unknown;
  entry_point?: unknown;
  parameters?: Record<string, { default?: unknown; position?: unknown; secret?: unknown }>;
}

export interface TaskPlan {
  task: string;
  action: string;
  /** How it runs: `mock`, a built-in, or the installed action's runner. */
  how: string;
  run?: Runner;
  /** Why it cannot run here, when it cannot. */
  blocked?: string;
  secrets: string[];
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

type Env = Record<string, string | undefined>;

function builtin(action: string, cwd: string, env: Env): Omit<TaskPlan, 'task' | 'action' | 'secrets'> {
  switch (action) {
    case 'core.noop':
      return { how: 'built-in', run: async () => ({ status: 'succeeded', result: null }) };
    case 'core.echo':
      return {
        how: 'built-in',
        run: async (input) => ({
          status: 'succeeded',
          result: {
            stdout: String(input.message ?? ''),
            stderr: '',
            return_code: 0,
            succeeded: true,
            failed: false,
          },
        }),
      };
    case 'core.local':
      return {
        how: 'local shell',
        run: (input) =>
          shellCommand(
            String(input.cmd ?? ''),
            typeof input.cwd === 'string' ? input.cwd : cwd,
            isRecord(input.env) ? { ...env, ...(input.env as Env) } : env,
            num(input.timeout, 60),
          ),
      };
    case 'core.http':
      return { how: 'http', run: (input) => httpRequest(input as never) };
    case 'core.pause':
      return { how: 'built-in', run: (input) => pause(num(input.max_pause, 0)) };
    default:
      return { how: 'stackstorm', blocked: `${action} runs only on StackStorm` };
  }
}

function installedAction(projectDir: string, action: string, env: Env): Omit<TaskPlan, 'task' | 'action'> {
  const m = /^(@[^/]+\/[^.]+)\.(.+)$/.exec(action);
  if (!m) return { how: 'unknown', blocked: `${action} is not an action this machine knows`, secrets: [] };
  const dir = packageDir(projectDir, m[1]!);
  if (!dir) return { how: 'unknown', blocked: `${m[1]} is not installed`, secrets: [] };
  const file = ['yaml', 'yml']
    .map((ext) => join(dir, 'actions', `${m[2]}.${ext}`))
    .find((f) => existsSync(f));
  if (!file) {
    if (['yaml', 'yml'].some((ext) => existsSync(join(dir, 'workflows', `${m[2]}.${ext}`)))) {
      return {
        how: 'sub-workflow',
        blocked: `${action} is a sub-workflow; local runs do not run sub-workflows yet (mock it)`,
        secrets: [],
      };
    }
    return { how: 'unknown', blocked: `${m[1]} has no action "${m[2]}"`, secrets: [] };
  }
  const meta = readYamlFile(file) as ActionMeta;
  const params = isRecord(meta.parameters) ? meta.parameters : {};
  const secrets = Object.entries(params)
    .filter(([, p]) => p?.secret === true)
    .map(([n]) => n);
  const defaults = Object.fromEntries(
    Object.entries(params)
      .filter(([, p]) => p && p.default !== undefined)
      .map(([n, p]) => [n, p.default]),
  );
  const withDefaults = (input: Record<string, unknown>) => ({ ...defaults, ...input });
  const runner = String(meta.runner_type);
  if (runner === 'local-shell-cmd') {
    return {
      how: runner,
      secrets,
      run: (input) => {
        const v = withDefaults(input);
        return shellCommand(String(v.cmd ?? ''), dir, env, num(v.timeout, 60));
      },
    };
  }
  if (runner === 'local-shell-script') {
    const script = join(dir, 'actions', String(meta.entry_point ?? ''));
    if (typeof meta.entry_point !== 'string' || !existsSync(script))
      return {
        how: runner,
        blocked: `${action}: entry point ${String(meta.entry_point)} is missing`,
        secrets,
      };
    return {
      how: runner,
      secrets,
      run: (input) => {
        const v = withDefaults(input);
        const timeout = num(v.timeout, 60);
        const { timeout: _t, ...rest } = v;
        return runScript(script, scriptArguments(params as never, rest), join(dir, 'actions'), env, timeout);
      },
    };
  }
  if (runner === 'http-request')
    return { how: runner, secrets, run: (input) => httpRequest(withDefaults(input) as never) };
  return { how: runner, blocked: `${action} uses the ${runner} runner, which needs StackStorm`, secrets };
}

/** Decides how every task of the workflow runs; mocked tasks use the mock file's results. */
export function planTasks(
  target: RunTarget,
  projectDir: string,
  mocks: Record<string, ActionMock>,
  env: Env,
): TaskPlan[] {
  const spec = readWorkflowSpec(target.definition);
  const plans: TaskPlan[] = [];
  for (const [task, t] of spec.tasks) {
    const action = typeof t.action === 'string' ? t.action : '';
    if (Object.hasOwn(mocks, task)) {
      plans.push({
        task,
        action,
        how: 'mock',
        secrets: [],
        run: async (_input, request) => mockOutcome(mocks, request),
      });
      continue;
    }
    if (!action) {
      plans.push({
        task,
        action,
        how: 'none',
        secrets: [],
        run: async () => ({ status: 'succeeded', result: null }),
      });
      continue;
    }
    if (EXPRESSION.test(action)) {
      plans.push({
        task,
        action,
        how: 'unknown',
        secrets: [],
        blocked: 'its action is an expression, known only at run time (mock it)',
      });
      continue;
    }
    if (action.startsWith('core.'))
      plans.push({ task, action, secrets: [], ...builtin(action, projectDir, env) });
    else plans.push({ task, action, ...installedAction(projectDir, action, env) });
  }
  return plans;
}

/** Refuses, naming every blocked task, before anything runs. */
export function assertRunnable(plans: TaskPlan[]): void {
  const blocked = plans.filter((p) => p.blocked);
  if (blocked.length === 0) return;
  throw new RegistryError(
    'RUN_NEEDS_STACKSTORM',
    `${blocked.length} task${blocked.length === 1 ? '' : 's'} cannot run on this machine: ${blocked.map((p) => `${p.task} (${p.blocked})`).join('; ')}`,
    {
      hint: 'Give their results in a file passed with --mock FILE (`actions:` as in tests/*.yaml), or run the pattern on StackStorm.',
      details: { tasks: blocked.map((p) => ({ task: p.task, action: p.action, reason: p.blocked })) },
    },
  );
}

/** The engine's action callback over the plan. */
export function executorFor(plans: TaskPlan[]): ExecuteAction {
  const byTask = new Map(plans.map((p) => [p.task, p]));
  return async (request) => {
    const plan = byTask.get(request.task);
    if (!plan?.run) return { status: 'failed', result: { error: `task ${request.task} has no runner` } };
    const input = isRecord(request.input) ? request.input : {};
    return plan.run(input, request);
  };
}
