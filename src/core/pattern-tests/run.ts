/**
 * Runs pattern test cases through the engine with their mocked action results and checks each
 * expectation. A failure names the expectation that broke, what was expected and what happened, and
 * the report carries the path taken.
 */
import type { EvaluatorFactory } from '../engine/expressions.js';
import {
  type ActionOutcome,
  type ActionRequest,
  type PathEntry,
  type RunResult,
  runWorkflow,
} from '../engine/run.js';
import { RegistryError } from '../errors.js';
import type { ActionMock, OutcomeSpec, PatternTestCase } from './load.js';

/** Bounds for one case: the registry runs untrusted tests. */
export interface TestLimits {
  /** Most actions a case may run. */
  maxActions: number;
  /** Wall-clock budget per case in milliseconds (needs `now`). */
  timeoutMs: number;
  /** Most test cases a package may hold. */
  maxCases: number;
  /** Wall-clock budget for all cases together in milliseconds (needs `now`). */
  totalTimeoutMs: number;
}

export const DEFAULT_TEST_LIMITS: TestLimits = {
  maxActions: 2_000,
  timeoutMs: 5_000,
  maxCases: 200,
  totalTimeoutMs: 30_000,
};

export interface ExpectationFailure {
  /** Which expectation broke: `status`, `tasks`, `task_status.<task>`, `output.<key>`, `context.<key>`, or `run`. */
  expectation: string;
  expected: unknown;
  actual: unknown;
}

export interface TestCaseResult {
  file: string;
  name: string;
  description?: string;
  workflow: string;
  passed: boolean;
  status: string;
  /** The tasks as the engine entered them, with their final status. */
  path: PathEntry[];
  failures: ExpectationFailure[];
  /** Workflow errors (expression errors with their expression and position). */
  errors: RunResult['errors'];
}

export interface TestReport {
  passed: number;
  failed: number;
  cases: TestCaseResult[];
}

/** The mocked outcome for one run of a task (or of one item), as the test-case schema describes. */
export function mockOutcome(actions: Record<string, ActionMock>, request: ActionRequest): ActionOutcome {
  let spec: ActionMock | OutcomeSpec[] | undefined = actions[request.task];
  if (spec === undefined) return { status: 'succeeded', result: null };
  if (!Array.isArray(spec) && 'items' in spec && request.itemId !== undefined) {
    spec = spec.items[request.itemId] ?? {};
  }
  let one: OutcomeSpec;
  if (Array.isArray(spec)) one = spec[Math.min(request.attempt, spec.length - 1)] ?? {};
  else one = 'items' in spec ? {} : spec;
  return { status: one.status ?? 'succeeded', result: one.result ?? null };
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equal(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b as object, k) && equal((a as never)[k], (b as never)[k]))
  );
}

/** Whether the path's task names match the expected list, where an inner list is an unordered set. */
function tasksMatch(expected: (string | string[])[], actual: string[]): boolean {
  let i = 0;
  for (const entry of expected) {
    if (typeof entry === 'string') {
      if (actual[i] !== entry) return false;
      i++;
      continue;
    }
    const slice = actual.slice(i, i + entry.length);
    if (!equal([...slice].sort(), [...entry].sort())) return false;
    i += entry.length;
  }
  return i === actual.length;
}

/** What a failure shows as `actual` for a key the output or context does not have. */
export const ABSENT = '(absent)';

/** Checks a finished run against the case's expectations. */
export function checkExpectations(testCase: PatternTestCase, run: RunResult): ExpectationFailure[] {
  const failures: ExpectationFailure[] = [];
  const e = testCase.expect;
  if (e.status !== undefined && e.status !== run.status)
    failures.push({ expectation: 'status', expected: e.status, actual: run.status });
  const names = run.path.map((p) => p.task);
  if (e.tasks !== undefined && !tasksMatch(e.tasks, names))
    failures.push({ expectation: 'tasks', expected: e.tasks, actual: names });
  for (const [task, status] of Object.entries(e.task_status ?? {})) {
    const last = [...run.path].reverse().find((p) => p.task === task);
    if (last?.status !== status)
      failures.push({
        expectation: `task_status.${task}`,
        expected: status,
        actual: last?.status ?? 'not run',
      });
  }
  const keys = (
    where: 'output' | 'context',
    expected: Record<string, unknown> | undefined,
    got: Record<string, unknown> | null,
  ) => {
    for (const [key, value] of Object.entries(expected ?? {})) {
      const present = got !== null && Object.hasOwn(got, key);
      if (!present || !equal(got[key], value)) {
        failures.push({
          expectation: `${where}.${key}`,
          expected: value,
          actual: present ? got[key] : ABSENT,
        });
      }
    }
  };
  keys('output', e.output, run.output);
  keys('context', e.context, run.context);
  return failures;
}

export interface RunTestsOptions {
  /** Makes the evaluator for a case (each case brings its own `st2kv` values). */
  evaluator: EvaluatorFactory;
  limits?: Partial<TestLimits>;
  now?: () => number;
  /** Awaited between engine batches (a server passes one that yields to its event loop). */
  yieldBetweenBatches?: () => Promise<void>;
}

/** Runs one case with its mocked actions. */
export async function runTestCase(
  testCase: PatternTestCase,
  options: RunTestsOptions,
): Promise<TestCaseResult> {
  const limits = { ...DEFAULT_TEST_LIMITS, ...options.limits };
  const base = {
    file: testCase.file,
    name: testCase.name,
    ...(testCase.description ? { description: testCase.description } : {}),
    workflow: testCase.workflow,
  };
  let run: RunResult;
  try {
    run = await runWorkflow(testCase.definition, {
      evaluator: options.evaluator({ st2kv: testCase.st2kv }),
      inputs: testCase.input,
      ...(testCase.st2 ? { context: { st2: testCase.st2 } } : {}),
      execute: async (request) => mockOutcome(testCase.actions, request),
      maxActions: limits.maxActions,
      timeoutMs: options.now ? limits.timeoutMs : undefined,
      ...(options.now ? { now: options.now } : {}),
      ...(options.yieldBetweenBatches ? { yieldBetweenBatches: options.yieldBetweenBatches } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      passed: false,
      status: 'error',
      path: [],
      errors: [],
      failures: [{ expectation: 'run', expected: 'the workflow runs to the end', actual: message }],
    };
  }
  const failures = checkExpectations(testCase, run);
  return {
    ...base,
    passed: failures.length === 0,
    status: run.status,
    path: run.path,
    failures,
    errors: run.errors,
  };
}

/** Runs every case, one after another. */
export async function runPatternTests(
  cases: PatternTestCase[],
  options: RunTestsOptions,
): Promise<TestReport> {
  const maxCases = options.limits?.maxCases ?? DEFAULT_TEST_LIMITS.maxCases;
  if (cases.length > maxCases) {
    throw new RegistryError(
      'INVALID_PACKAGE',
      `The package has ${cases.length} test cases; at most ${maxCases} are run`,
    );
  }
  const results: TestCaseResult[] = [];
  const budget = options.limits?.totalTimeoutMs ?? DEFAULT_TEST_LIMITS.totalTimeoutMs;
  const started = options.now?.();
  for (const c of cases) {
    if (started !== undefined && options.now!() - started > budget) {
      results.push({
        file: c.file,
        name: c.name,
        ...(c.description ? { description: c.description } : {}),
        workflow: c.workflow,
        passed: false,
        status: 'error',
        path: [],
        errors: [],
        failures: [
          {
            expectation: 'run',
            expected: `all cases within ${budget} ms`,
            actual: 'not run: the time budget was spent',
          },
        ],
      });
      continue;
    }
    results.push(await runTestCase(c, options));
  }
  const passed = results.filter((r) => r.passed).length;
  return { passed, failed: results.length - passed, cases: results };
}
