/**
 * Drives the conductor to the end: every ready task (every ready item of a with-items task) starts
 * in one batch, the batch's actions are executed (concurrently), and their results are applied in
 * batch order, so a run is deterministic whatever order the actions finish in. The same schedule is
 * what scripts/orquesta-record.py applies to Orquesta's own conductor.
 */
import { type ActionEvent, type NextTask, WorkflowConductor, type WorkflowError } from './conductor.js';
import type { ExpressionEvaluator } from './expressions.js';
import { readWorkflowSpec } from './spec.js';
import { COMPLETED, isIn, S, type Status } from './statuses.js';

/** One action the workflow asks for. */
export interface ActionRequest {
  task: string;
  route: number;
  action: unknown;
  input: unknown;
  /** The item's index for a with-items task. */
  itemId?: number;
  /** How many times this task (this item) has been asked for so far, from 0 (retries and loops). */
  attempt: number;
  /** Delay (seconds) the workflow asks for before this task. */
  delay?: number;
}

export interface ActionOutcome {
  status: 'succeeded' | 'failed';
  result?: unknown;
}

export type ExecuteAction = (request: ActionRequest) => Promise<ActionOutcome>;

/** A task (or item) as it ran. */
export interface TaskRun {
  task: string;
  route: number;
  itemId?: number;
  action: unknown;
  input: unknown;
  status: ActionOutcome['status'];
  result: unknown;
  startedAt: number;
  finishedAt: number;
}

export interface PathEntry {
  task: string;
  route: number;
  status: Status;
}

export interface RunResult {
  status: Status;
  output: Record<string, unknown> | null;
  errors: WorkflowError[];
  /** The task state sequence: each task as the conductor entered it, with its final status. */
  path: PathEntry[];
  routes: string[][];
  /** The workflow's terminal context (inputs, vars, published variables). */
  context: Record<string, unknown>;
  runs: TaskRun[];
}

export type RunEvent =
  | { kind: 'start'; request: ActionRequest; at: number }
  | { kind: 'end'; request: ActionRequest; outcome: ActionOutcome; at: number; startedAt: number };

export interface RunOptions {
  evaluator: ExpressionEvaluator;
  inputs?: Record<string, unknown>;
  /** The parent context (what StackStorm passes in, e.g. `st2`). */
  context?: Record<string, unknown>;
  execute: ExecuteAction;
  /** Clock in milliseconds (injected: core reads no clock). */
  now?: () => number;
  /** Most actions one run may execute before it stops with an error. */
  maxActions?: number;
  /** Wall-clock budget in milliseconds, checked between batches. */
  timeoutMs?: number;
  onEvent?: (event: RunEvent) => void;
  /** Awaited between batches, e.g. to let a server's event loop breathe during a long run. */
  yieldBetweenBatches?: () => Promise<void>;
}

export class RunLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunLimitError';
  }
}

interface Dispatch {
  task: NextTask;
  request: ActionRequest;
  /** A with-items task with no items: succeeds with no action. */
  empty: boolean;
}

/** Runs a workflow definition (the `workflow:` block) to completion. */
export async function runWorkflow(definition: unknown, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => 0);
  const started = now();
  const maxActions = options.maxActions ?? 10_000;
  const conductor = new WorkflowConductor(readWorkflowSpec(definition), {
    evaluator: options.evaluator,
    inputs: options.inputs ?? {},
    ...(options.context ? { context: options.context } : {}),
  });
  const runs: TaskRun[] = [];
  const attempts = new Map<string, number>();
  const accumulated = new Map<string, unknown[]>();
  let executed = 0;
  if (conductor.getWorkflowStatus() === S.unset) conductor.requestWorkflowStatus(S.running);

  for (;;) {
    const next = conductor.getNextTasks();
    if (next.length === 0) break;
    if (options.yieldBetweenBatches) await options.yieldBetweenBatches();
    if (options.timeoutMs !== undefined && now() - started > options.timeoutMs) {
      throw new RunLimitError(`The run took longer than ${options.timeoutMs} ms.`);
    }
    const batch: Dispatch[] = [];
    for (const task of next) {
      if (task.spec.with && task.items_count === 0) {
        conductor.updateTaskState(task.id, task.route, { status: S.running });
        batch.push({ task, request: request(task, undefined, attempts), empty: true });
        continue;
      }
      for (const action of task.actions) {
        if (action.item_id === 0) accumulated.delete(`${task.id}__r${task.route}`);
        conductor.updateTaskState(task.id, task.route, { status: S.running, itemId: action.item_id });
        batch.push({ task, request: request(task, action.item_id, attempts), empty: false });
      }
    }
    executed += batch.filter((d) => !d.empty).length;
    if (executed > maxActions) throw new RunLimitError(`The run asked for more than ${maxActions} actions.`);
    const outcomes = await Promise.all(
      batch.map(async (d): Promise<[ActionOutcome, number, number]> => {
        if (d.empty) return [{ status: 'succeeded', result: null }, now(), now()];
        const at = now();
        options.onEvent?.({ kind: 'start', request: d.request, at });
        const outcome = await options.execute(d.request);
        const end = now();
        options.onEvent?.({ kind: 'end', request: d.request, outcome, at: end, startedAt: at });
        return [outcome, at, end];
      }),
    );
    batch.forEach((d, i) => {
      const [outcome, startedAt, finishedAt] = outcomes[i]!;
      const { task, request: req } = d;
      if (!d.empty) {
        runs.push({
          task: task.id,
          route: task.route,
          ...(req.itemId === undefined ? {} : { itemId: req.itemId }),
          action: req.action,
          input: req.input,
          status: outcome.status,
          result: outcome.result ?? null,
          startedAt,
          finishedAt,
        });
      }
      let event: ActionEvent;
      if (d.empty) event = { status: S.succeeded, result: null };
      else if (req.itemId === undefined) event = { status: outcome.status, result: outcome.result ?? null };
      else {
        const key = `${task.id}__r${task.route}`;
        const acc = accumulated.get(key) ?? [];
        while (acc.length <= req.itemId) acc.push(null);
        acc[req.itemId] = outcome.result ?? null;
        accumulated.set(key, acc);
        event = {
          status: outcome.status,
          result: outcome.result ?? null,
          itemId: req.itemId,
          accumulatedResult: [...acc],
        };
      }
      conductor.updateTaskState(task.id, task.route, event);
    });
  }
  if (isIn(conductor.getWorkflowStatus(), COMPLETED)) conductor.renderWorkflowOutput();
  const state = conductor.workflowState;
  let context: Record<string, unknown> = {};
  if (isIn(state.status, COMPLETED)) {
    context = Object.fromEntries(
      Object.entries(structuredClone(conductor.getWorkflowTerminalContext())).filter(
        ([k]) => !k.startsWith('__'),
      ),
    );
  }
  return {
    status: state.status,
    output: conductor.getWorkflowOutput() ?? null,
    errors: structuredClone(conductor.errors),
    path: state.sequence.map((t) => ({ task: t.id, route: t.route, status: t.status ?? S.unset })),
    routes: structuredClone(state.routes),
    context,
    runs,
  };
}

function request(task: NextTask, itemId: number | undefined, attempts: Map<string, number>): ActionRequest {
  const key = itemId === undefined ? task.id : `${task.id}[${itemId}]`;
  const attempt = attempts.get(key) ?? 0;
  attempts.set(key, attempt + 1);
  const action = itemId === undefined ? task.actions[0] : task.actions.find((a) => a.item_id === itemId);
  return {
    task: task.id,
    route: task.route,
    action: action?.action ?? null,
    input: action?.input ?? {},
    ...(itemId === undefined ? {} : { itemId }),
    attempt,
    ...(task.delay === undefined ? {} : { delay: task.delay }),
  };
}
