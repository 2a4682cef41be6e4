/**
 * A port of Orquesta's WorkflowConductor (orquesta/conducting.py): staged tasks, the task state
 * sequence, contexts passed along transitions by index, routes for split tasks, joins, retries, engine
 * commands, remediation and the workflow's final status. Action execution is not here: a driver asks
 * `getNextTasks()` and reports each action's status with `updateTaskState()`.
 */
import { ExpressionEvaluationError } from '../expressions/index.js';
import type { EvalContext, ExpressionEvaluator } from './expressions.js';
import { composeGraph, type RetryPolicy, type Transition, type WorkflowGraph } from './graph.js';
import { nextTaskStatus, nextWorkflowStatus, TASK_CONDITIONAL_EVENTS } from './machines.js';
import { isEngineCommand, isSplitTask, type TaskSpec, taskSpecOf, type WorkflowSpec } from './spec.js';
import { ABENDED, ACTIVE, COMPLETED, isIn, RUNNING, S, STARTING, type Status } from './statuses.js';

type Ctx = Record<string, unknown>;

export interface TaskStateEntry {
  id: string;
  route: number;
  ctxs: { in: number[]; out?: Record<string, number> };
  prev: Record<string, number>;
  next: Record<string, boolean>;
  status?: Status;
  retry?: { when: string | undefined; count: unknown; delay: unknown; tally: number };
  term?: boolean;
}

export interface StagedTask {
  id: string;
  route: number;
  ctxs: { in: number[] };
  prev: Record<string, number>;
  ready: boolean;
  retry?: TaskStateEntry['retry'];
  items?: { status: Status }[];
  completed?: boolean;
  run_on_fail?: boolean;
}

export interface WorkflowError {
  type: 'error';
  message: string;
  task_id?: string;
  route?: number;
  task_transition_id?: string;
  result?: unknown;
  /** The expression that failed, when an expression failed, and its offset in the string value. */
  expression?: string;
  position?: number;
}

/** One action to run for a task: the rendered action and input (and the item for with-items). */
export interface ActionSpec {
  action: unknown;
  input: unknown;
  item_id?: number;
}

export interface NextTask {
  id: string;
  route: number;
  ctx: Ctx;
  spec: TaskSpec;
  actions: ActionSpec[];
  delay?: number;
  items_count?: number;
  concurrency?: number | null;
}

/** An action execution event: `itemId` for one item of a with-items task. */
export interface ActionEvent {
  status: Status;
  result?: unknown;
  itemId?: number;
  accumulatedResult?: unknown[];
}

interface EngineEvent {
  engine: 'continue' | 'fail' | 'noop' | 'retry';
}

type TaskEvent = ActionEvent | EngineEvent;

const ENGINE_EVENTS: Record<string, { name: string; status: Status }> = {
  continue: { name: 'task_continue_requested', status: S.succeeded },
  fail: { name: 'task_fail_requested', status: S.failed },
  noop: { name: 'task_noop_requested', status: S.succeeded },
  retry: { name: 'task_retry_requested', status: S.retrying },
};

const SATISFIED = 'satisfied';
const NOT_SATISFIED = 'not_satisfied';
const WIP = 'wip';

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Orquesta's merge_dicts: recursive, in place on `left`. */
function mergeDicts(left: Ctx, right: Ctx): Ctx {
  for (const [k, v] of Object.entries(right)) {
    const lv = left[k];
    if (!(k in left)) left[k] = v;
    else if (isDict(lv) && isDict(v)) mergeDicts(lv, v);
    else left[k] = v;
  }
  return left;
}

function isDict(v: unknown): v is Ctx {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorText(e: unknown): { message: string; expression?: string; position?: number } {
  if (e instanceof ExpressionEvaluationError) {
    return { message: `${e.kind}: ${e.message}`, expression: e.expression, position: e.offset };
  }
  const name = e instanceof Error ? e.name : 'Error';
  return { message: `${name}: ${e instanceof Error ? e.message : String(e)}` };
}

export class WorkflowState {
  status: Status = S.unset;
  contexts: Ctx[] = [];
  routes: string[][] = [];
  sequence: TaskStateEntry[] = [];
  staged: StagedTask[] = [];
  tasks: Record<string, number> = {};

  getStagedTasks(filtered = true): StagedTask[] {
    return filtered ? this.staged.filter((s) => s.ready && !s.completed) : this.staged;
  }

  get hasStagedTasks(): boolean {
    return this.getStagedTasks().length > 0;
  }

  get hasActiveTasks(): boolean {
    return this.lastOccurrences().some((t) => isIn(t.status, ACTIVE));
  }

  lastOccurrences(): TaskStateEntry[] {
    const last = new Set(Object.values(this.tasks));
    return this.sequence.filter((_, i) => last.has(i));
  }

  addStagedTask(
    id: string,
    route: number,
    ctxs: number[] | undefined,
    prev: Record<string, number> | undefined,
    ready: boolean,
    retry?: TaskStateEntry['retry'],
  ): StagedTask {
    const entry: StagedTask = {
      id,
      ctxs: { in: ctxs && ctxs.length > 0 ? ctxs : [0] },
      route,
      prev: prev ?? {},
      ready,
    };
    if (retry) entry.retry = retry;
    this.staged.push(entry);
    return entry;
  }

  getStagedTask(id: string, route: number): StagedTask | undefined {
    return this.staged.find((s) => s.id === id && s.route === route);
  }

  removeStagedTask(id: string, route: number): void {
    const staged = this.getStagedTask(id, route);
    if (staged && !(staged.items ?? []).some((i) => isIn(i.status, ACTIVE))) {
      this.staged.splice(this.staged.indexOf(staged), 1);
    }
  }

  terminalTasks(): TaskStateEntry[] {
    return this.sequence.filter((t) => t.term);
  }
}

export interface ConductorOptions {
  evaluator: ExpressionEvaluator;
  inputs?: Ctx;
  /** The parent context StackStorm hands a workflow (e.g. `st2`), under inputs and vars. */
  context?: Ctx;
}

export class WorkflowConductor {
  readonly graph: WorkflowGraph;
  readonly errors: WorkflowError[] = [];
  readonly log: WorkflowError[] = [];
  private outputs: Ctx | undefined;
  private state: WorkflowState | undefined;
  private readonly evaluator: ExpressionEvaluator;
  private readonly inputs: Ctx;
  private readonly parentContext: Ctx;

  constructor(
    readonly spec: WorkflowSpec,
    options: ConductorOptions,
  ) {
    this.graph = composeGraph(spec);
    this.evaluator = options.evaluator;
    this.inputs = options.inputs ?? {};
    this.parentContext = options.context ?? {};
  }

  private evaluate(value: unknown, ctx: EvalContext): unknown {
    return this.evaluator.evaluate(value, ctx);
  }

  get workflowState(): WorkflowState {
    if (!this.state) {
      this.state = new WorkflowState();
      let initCtx: Ctx = copy(this.parentContext);
      const errors: unknown[] = [];
      const rolling: Ctx = copy(initCtx);
      for (const [name, dflt] of this.spec.input) {
        const value = Object.hasOwn(this.inputs, name) ? this.inputs[name] : (dflt ?? null);
        try {
          rolling[name] = this.evaluate(copy(value), rolling);
        } catch (e) {
          errors.push(e);
        }
      }
      initCtx = mergeDicts(initCtx, rolling);
      initCtx = mergeDicts(initCtx, this.renderInOrder(this.spec.vars, initCtx, errors));
      if (errors.length > 0) {
        for (const e of errors) this.logError(e);
        this.requestWorkflowStatus(S.failed);
      }
      if (!isIn(this.state.status, ABENDED)) {
        this.state.contexts.push(initCtx);
        this.state.routes.push([]);
        for (const root of this.graph.roots()) this.state.addStagedTask(root, 0, [0], undefined, true);
      }
    }
    return this.state;
  }

  getWorkflowStatus(): Status {
    return this.workflowState.status;
  }

  getWorkflowOutput(): Ctx | undefined {
    return this.outputs ? copy(this.outputs) : undefined;
  }

  logEntry(entry: Omit<WorkflowError, 'type'>, type: 'error' | 'info' = 'error'): void {
    const log = type === 'error' ? this.errors : this.log;
    const full = {
      type: 'error' as const,
      ...Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined && v !== null)),
    } as WorkflowError;
    if (log.some((x) => JSON.stringify(x) === JSON.stringify(full))) return;
    log.push(full);
  }

  logError(e: unknown, taskId?: string, route?: number, transitionId?: string): void {
    const { message, expression, position } = errorText(e);
    this.logEntry({
      message,
      task_id: taskId,
      route,
      task_transition_id: transitionId,
      expression,
      position,
    });
  }

  requestWorkflowStatus(status: Status): void {
    const state = this.workflowState;
    const current = state.status;
    // Workflow events reach active tasks, but none of the statuses requested here changes a task.
    const next = nextWorkflowStatus(current, `workflow_${status}`);
    if (next !== undefined) state.status = next;
    if (status !== current && state.status === current) {
      throw new Error(`Unable to change workflow status from "${current}" to "${status}".`);
    }
  }

  getTaskContext(idxs: number[]): Ctx {
    let ctx: Ctx = {};
    for (const idx of idxs) ctx = mergeDicts(ctx, this.workflowState.contexts[idx]!);
    return ctx;
  }

  private stateView(): Ctx {
    const s = this.workflowState;
    return {
      // A snapshot: the functions read statuses as they were when the context was made.
      routes: s.routes.map((r) => [...r]),
      sequence: s.sequence.map((t) => ({ id: t.id, route: t.route, status: t.status })),
      tasks: { ...s.tasks },
    };
  }

  private withState(ctx: Ctx): Ctx {
    return mergeDicts(ctx, { __state: this.stateView() });
  }

  getTaskInitialContext(id: string, route: number): Ctx {
    const staged = this.workflowState.getStagedTask(id, route);
    if (staged) return this.getTaskContext(staged.ctxs.in);
    const entry = this.getTaskStateEntry(id, route);
    if (entry) return this.getTaskContext(entry.ctxs.in);
    throw new Error(`Unable to determine context for task "${id}".`);
  }

  getWorkflowTerminalContext(): Ctx {
    const terms = this.workflowState.terminalTasks();
    if (terms.length === 0) return {};
    let ctx = this.getTaskContext(terms[0]!.ctxs.in);
    for (const t of terms.slice(1)) {
      const idxs = [...t.ctxs.in];
      const zero = idxs.indexOf(0);
      if (zero !== -1) idxs.splice(zero, 1);
      ctx = mergeDicts(ctx, this.getTaskContext(idxs));
    }
    return ctx;
  }

  /**
   * Evaluates `[name, value]` pairs in order, each seeing the ones before it (Orquesta's render_vars
   * and render_output); errors are collected, the failed names left out.
   */
  private renderInOrder(pairs: [string, unknown][], inCtx: Ctx, errors: unknown[]): Ctx {
    const rolling = copy(inCtx);
    const rendered: Ctx = {};
    for (const [name, value] of pairs) {
      try {
        const v = this.evaluate(copy(value ?? null), rolling);
        rolling[name] = v;
        rendered[name] = v;
      } catch (e) {
        errors.push(e);
      }
    }
    return rendered;
  }

  renderWorkflowOutput(): void {
    const status = this.getWorkflowStatus();
    if (!isIn(status, COMPLETED) || this.outputs) return;
    const errors: unknown[] = [];
    const outputs = this.renderInOrder(
      this.spec.output,
      this.withState(this.getWorkflowTerminalContext()),
      errors,
    );
    if (Object.keys(outputs).length > 0) this.outputs = outputs;
    if (errors.length > 0) {
      for (const e of errors) this.logError(e);
      if (![S.expired, S.abandoned, S.canceled].includes(status as never))
        this.requestWorkflowStatus(S.failed);
    }
  }

  private inboundCriteriaStatus(id: string, route: number): string {
    const inbound = this.graph.prevTransitions(id);
    const evaluation = new Map<string, boolean | null>();
    for (const t of inbound) evaluation.set(t.from, null);
    const barrier = this.graph.barrier(id) ?? 1;
    const requirement = barrier === '*' ? evaluation.size : barrier;
    for (const t of inbound) {
      const prev = this.getTaskStateEntry(t.from, route);
      if (!prev) continue;
      const tid = `${t.to}__t${t.key}`;
      const satisfied = Object.hasOwn(prev.next, tid) && prev.next[tid] === true;
      if (!evaluation.get(t.from)) evaluation.set(t.from, satisfied);
    }
    const values = [...evaluation.values()];
    if (values.filter((v) => v === true).length >= requirement) return SATISFIED;
    if (values.includes(null) && (this.workflowState.hasActiveTasks || this.workflowState.hasStagedTasks))
      return WIP;
    return NOT_SATISFIED;
  }

  private getTask(id: string, route: number): NextTask {
    let taskCtx: Ctx;
    try {
      taskCtx = this.getTaskInitialContext(id, route);
    } catch {
      taskCtx = copy(this.workflowState.contexts[0]!);
    }
    taskCtx = copy(taskCtx);
    taskCtx.__current_task = { id, route };
    taskCtx = this.withState(taskCtx);
    const spec = taskSpecOf(this.spec, id);
    const actions: ActionSpec[] = [];
    const task: NextTask = { id, route, ctx: taskCtx, spec, actions };
    if (!spec.with) {
      actions.push({
        action: this.evaluate(spec.action ?? null, taskCtx),
        input: this.evaluate(copy(spec.input ?? {}), taskCtx),
      });
    } else {
      const text = spec.with.items;
      const at = text.indexOf(' in ');
      const itemsExpr = at === -1 ? text.trim() : text.slice(at + 4).trim();
      const items = this.evaluate(itemsExpr, taskCtx);
      if (!Array.isArray(items)) throw new TypeError(`The value of "${itemsExpr}" is not type of list.`);
      const keys = at === -1 ? undefined : text.slice(0, at).replace(/ /g, '').split(',');
      items.forEach((raw, idx) => {
        let item: unknown = raw;
        if (keys && Array.isArray(raw))
          item = Object.fromEntries(keys.map((k, i) => [k, raw[i]]).filter((_, i) => i < raw.length));
        else if (keys && keys.length === 1) item = { [keys[0]!]: raw };
        const itemCtx = { ...copy(taskCtx), __current_item: item };
        actions.push({
          action: this.evaluate(spec.action ?? null, itemCtx),
          input: this.evaluate(copy(spec.input ?? {}), itemCtx),
          item_id: idx,
        });
      });
    }
    if (spec.delay !== undefined && spec.delay !== null) {
      const delay = typeof spec.delay === 'string' ? this.evaluate(spec.delay, taskCtx) : spec.delay;
      if (!Number.isInteger(delay)) throw new TypeError('The value of task delay is not type of integer.');
      task.delay = delay as number;
    }
    if (spec.with) {
      task.items_count = actions.length;
      const c = spec.with.concurrency;
      task.concurrency = (c === undefined || c === null ? null : this.evaluate(c, taskCtx)) as number | null;
    }
    return task;
  }

  private evaluateTaskActions(task: NextTask): NextTask {
    if (!task.spec.with) return task;
    const staged = this.workflowState.getStagedTask(task.id, task.route)!;
    if (!staged.items || staged.items.length === 0) {
      staged.items = Array.from({ length: task.items_count ?? 0 }, () => ({ status: S.unset }));
    }
    const all = task.actions.map((a, i) => [a, staged.items![i]!] as const);
    const notRun = all.filter(([, i]) => i.status === S.unset);
    const active = all.filter(([, i]) => isIn(i.status, ACTIVE));
    if (task.concurrency !== null && task.concurrency !== undefined) {
      if (task.concurrency <= 0) task.concurrency = 1;
      const availability = task.concurrency - active.length;
      task.actions = availability > 0 ? notRun.slice(0, availability).map(([a]) => a) : [];
    } else {
      task.actions = notRun.map(([a]) => a);
    }
    return task;
  }

  private hasNext(id: string, route: number, evalJoinReady = true): boolean {
    const entry = this.getTaskStateEntry(id, route);
    if (!entry || !isIn(entry.status, COMPLETED)) return false;
    for (const t of this.graph.nextTransitions(id)) {
      if (t.to === 'continue') continue;
      if (!entry.next[`${t.to}__t${t.key}`]) continue;
      if (this.graph.hasBarrier(t.to)) {
        if (!evalJoinReady) return true;
        if (this.inboundCriteriaStatus(t.to, route) === NOT_SATISFIED) continue;
      }
      return true;
    }
    return false;
  }

  /** The tasks to run now, sorted by id then route; empty once the workflow stops running. */
  getNextTasks(): NextTask[] {
    const staged = this.workflowState.getStagedTasks();
    let remediation: StagedTask[] = [];
    const next: NextTask[] = [];
    if (this.getWorkflowStatus() === S.failed) remediation = staged.filter((s) => s.run_on_fail === true);
    if (!isIn(this.getWorkflowStatus(), RUNNING) && remediation.length === 0) return next;
    let failed = false;
    for (const s of remediation.length > 0 ? remediation : staged) {
      try {
        const task = this.evaluateTaskActions(this.getTask(s.id, s.route));
        if (s.retry) task.delay = (s.retry.delay as number | undefined) || 0;
        if (task.actions.length > 0) next.push(task);
        else if (task.items_count === 0) next.push(task);
      } catch (e) {
        failed = true;
        this.logError(e, s.id, s.route);
      }
    }
    if (failed) {
      this.requestWorkflowStatus(S.failed);
      return [];
    }
    return next.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.route - b.route));
  }

  getTaskStateEntry(id: string, route: number): TaskStateEntry | undefined {
    const idx = this.workflowState.tasks[`${id}__r${route}`];
    return idx === undefined ? undefined : this.workflowState.sequence[idx];
  }

  private makeTaskContext(entry: TaskStateEntry, result: unknown): Ctx {
    const ctx = copy(this.getTaskContext(entry.ctxs.in));
    ctx.__current_task = { id: entry.id, route: entry.route, result };
    return this.withState(ctx);
  }

  private setupRetry(entry: TaskStateEntry, inIdxs: number[]): void {
    const policy = this.graph.retry(entry.id) as RetryPolicy;
    entry.retry = { ...copy(policy), tally: 0 };
    const inCtx = this.getTaskContext(inIdxs);
    if (typeof entry.retry.delay === 'string') {
      const v = this.evaluate(entry.retry.delay, inCtx);
      if (!Number.isInteger(v)) throw new Error(`The retry delay for task "${entry.id}" is not an integer.`);
      entry.retry.delay = v;
    }
    if (typeof entry.retry.count === 'string') {
      const v = this.evaluate(entry.retry.count, inCtx);
      if (!Number.isInteger(v)) throw new Error(`The retry count for task "${entry.id}" is not an integer.`);
      entry.retry.count = v;
    }
  }

  private addTaskState(
    id: string,
    route: number,
    inIdxs: number[] | undefined,
    prev: Record<string, number> | undefined,
  ): TaskStateEntry {
    const entry: TaskStateEntry = {
      id,
      route,
      ctxs: { in: inIdxs && inIdxs.length > 0 ? inIdxs : [0] },
      prev: prev ?? {},
      next: {},
    };
    if (this.graph.retry(id)) this.setupRetry(entry, entry.ctxs.in);
    this.workflowState.sequence.push(entry);
    this.workflowState.tasks[`${id}__r${route}`] = this.workflowState.sequence.length - 1;
    return entry;
  }

  private taskEventName(event: TaskEvent, entry: TaskStateEntry): string {
    if ('engine' in event) return ENGINE_EVENTS[event.engine]!.name;
    const base = `action_${event.status}`;
    if (event.itemId === undefined) return base;
    const requirements: Status[] = [
      S.resuming,
      S.pending,
      S.paused,
      S.succeeded,
      S.failed,
      S.expired,
      S.abandoned,
      S.canceled,
    ];
    if (!requirements.includes(event.status)) return base;
    const staged = this.workflowState.getStagedTask(entry.id, entry.route)!;
    const items = copy(staged.items!);
    items.splice(event.itemId, 1);
    const st = items.map((i) => i.status ?? S.unset);
    const active = st.some((s) => isIn(s, ACTIVE));
    const incomplete = st.some((s) => !isIn(s, COMPLETED));
    let name = base + (active ? '_task_active' : '_task_dormant');
    if (!active && st.some((s) => s === S.pending || s === S.paused)) return `${name}_items_paused`;
    if (!active && st.some((s) => s === S.canceled)) return `${name}_items_canceled`;
    if (!active && st.some((s) => isIn(s, ABENDED))) return `${name}_items_failed`;
    name += incomplete ? '_items_incomplete' : '_items_completed';
    return name;
  }

  private eventStatus(event: TaskEvent): Status {
    return 'engine' in event ? ENGINE_EVENTS[event.engine]!.status : event.status;
  }

  /** Applies an action (or engine) event to a task, then follows its transitions when it completes. */
  updateTaskState(id: string, route: number, event: TaskEvent): TaskStateEntry {
    const engineQueue: [string, number][] = [];
    const state = this.workflowState;
    if (!this.graph.hasTask(id)) throw new Error(`Task "${id}" is not found.`);
    let staged = state.getStagedTask(id, route);
    let entry = this.getTaskStateEntry(id, route);
    const spec = taskSpecOf(this.spec, id);
    if (!staged && !entry) throw new Error(`Task "${id}" has no state entry.`);
    const status = this.eventStatus(event);
    if (!entry || isEngineCommand(id))
      entry = this.addTaskState(id, staged!.route, staged!.ctxs.in, staged!.prev);
    let taskStateIdx = state.tasks[`${id}__r${route}`]!;
    if (isIn(entry.status, COMPLETED) && isIn(status, STARTING)) {
      entry = this.addTaskState(id, staged!.route, staged!.ctxs.in, staged!.prev);
      taskStateIdx = state.tasks[`${id}__r${route}`]!;
    }
    if (staged && !staged.items) state.removeStagedTask(id, route);
    if (staged && !('engine' in event) && event.itemId !== undefined)
      staged.items![event.itemId] = { status: event.status };
    if (status === S.failed) {
      this.logEntry({
        message: 'Execution failed. See result for details.',
        task_id: id,
        result: 'engine' in event ? undefined : event.result,
      });
    }
    const oldStatus = entry.status ?? S.unset;
    const newStatusMaybe = nextTaskStatus(oldStatus, this.taskEventName(event, entry));
    if (newStatusMaybe !== undefined) entry.status = newStatusMaybe;
    const newStatus = entry.status ?? S.unset;

    if (newStatus === S.retrying) {
      entry.retry!.tally += 1;
      state.removeStagedTask(id, route);
      state.addStagedTask(id, route, entry.ctxs.in, entry.prev, true, entry.retry);
    }

    let currentCtx: Ctx | undefined;
    if (isIn(newStatus, COMPLETED)) {
      if (!(spec.with && isIn(newStatus, ABENDED))) state.removeStagedTask(id, route);
      else {
        staged = state.getStagedTask(id, route);
        if (staged) staged.completed = true;
      }
      let result: unknown;
      if (!spec.with) result = 'engine' in event ? undefined : event.result;
      else if ('engine' in event) result = [];
      else result = event.itemId !== undefined ? (event.accumulatedResult ?? []) : (event.result ?? []);
      currentCtx = this.makeTaskContext(entry, result ?? null);
      if (isIn(this.getWorkflowStatus(), ACTIVE) && this.evaluateTaskRetry(entry, currentCtx)) {
        return this.updateTaskState(id, route, { engine: 'retry' });
      }
    }

    if (isIn(newStatus, COMPLETED) && newStatus !== oldStatus && currentCtx) {
      let hasManualFail = false;
      const stagedNext: StagedTask[] = [];
      const transitions = this.graph.nextTransitions(id);
      if (transitions.length === 0) entry.term = true;
      for (const t of transitions) {
        const tid = `${t.to}__t${t.key}`;
        try {
          entry.next[tid] = t.criteria.map((c) => this.evaluate(c, currentCtx)).every((v) => truthy(v));
        } catch (e) {
          this.logError(e, id, route, tid);
          this.requestWorkflowStatus(S.failed);
          continue;
        }
        if (!entry.next[tid]) continue;
        const { newCtx, errors } = this.finalizeContext(spec, t, copy(currentCtx));
        if (errors.length > 0) {
          for (const e of errors) this.logError(e, id, route, tid);
          this.requestWorkflowStatus(S.failed);
          continue;
        }
        const outIdxs = [...entry.ctxs.in];
        if (Object.keys(newCtx).length > 0) {
          state.contexts.push(newCtx);
          const newIdx = state.contexts.length - 1;
          outIdxs.push(newIdx);
          entry.ctxs.out = { [tid]: newIdx };
        }
        const nextRoute = this.evaluateRoute(t, route);
        let next = state.getStagedTask(t.to, nextRoute);
        const backref = `${id}__t${t.key}`;
        if (next) {
          const zero = outIdxs.indexOf(0);
          if (zero !== -1) outIdxs.splice(zero, 1);
          else throw new Error('list.remove(x): x not in list');
          next.ctxs.in.push(...outIdxs);
          next.prev[backref] = taskStateIdx;
          delete next.items;
          delete next.completed;
        } else {
          next = state.addStagedTask(t.to, nextRoute, outIdxs, { [backref]: taskStateIdx }, false);
        }
        next.ready = this.inboundCriteriaStatus(t.to, route) === SATISFIED;
        if (isEngineCommand(t.to)) {
          engineQueue.push([next.id, next.route]);
          if (!hasManualFail) hasManualFail = t.to === 'fail';
        } else if (next.ready) {
          stagedNext.push(next);
        }
      }
      if (hasManualFail) for (const s of stagedNext) s.run_on_fail = true;
    }

    this.processTaskEvent(id, route, entry.status ?? S.unset);
    for (const [nextId, nextRoute] of engineQueue) {
      this.updateTaskState(nextId, nextRoute, { engine: nextId as EngineEvent['engine'] });
    }
    if (isIn(this.getWorkflowStatus(), COMPLETED)) entry.term = true;
    return entry;
  }

  private finalizeContext(spec: TaskSpec, t: Transition, inCtx: Ctx): { newCtx: Ctx; errors: unknown[] } {
    const rolling = copy(inCtx);
    const newCtx: Ctx = {};
    const errors: unknown[] = [];
    const transition = spec.next[t.ref];
    if (transition?.do.includes(t.to)) {
      for (const [name, value] of transition.publish) {
        try {
          const v = this.evaluate(copy(value), rolling);
          rolling[name] = v;
          newCtx[name] = v;
        } catch (e) {
          if (e instanceof ExpressionEvaluationError) errors.push(e);
          else throw e;
        }
      }
    }
    return { newCtx, errors };
  }

  private evaluateRoute(t: Transition, prevRoute: number): number {
    if (!isSplitTask(this.spec, t.to) || this.graph.inCycle(t.to)) return prevRoute;
    const state = this.workflowState;
    const prevTid = `${t.from}__t${t.key}`;
    const old = state.routes[prevRoute]!;
    const updated = [...old];
    if (!old.includes(prevTid)) updated.push(prevTid);
    if (updated.length === old.length) return prevRoute;
    state.routes.push(updated);
    return state.routes.length - 1;
  }

  private evaluateTaskRetry(entry: TaskStateEntry, ctx: Ctx): boolean {
    if (!entry.retry) return false;
    if (entry.retry.tally >= (entry.retry.count as number)) return false;
    if (isIn(entry.status, ABENDED) && entry.retry.when === undefined) return true;
    return truthy(this.evaluate(entry.retry.when ?? null, ctx));
  }

  /** The workflow state machine's reaction to a task's new status (WorkflowStateMachine.process_task_event). */
  private processTaskEvent(id: string, route: number, status: Status): void {
    const state = this.workflowState;
    let name = `task_${status}`;
    const hasBarrierNext = this.hasNext(id, route, false);
    const hasNextTasks = this.hasNext(id, route);
    if (isIn(status, ABENDED) && (hasNextTasks || hasBarrierNext)) name = 'task_remediated';
    if (TASK_CONDITIONAL_EVENTS.includes(name))
      name += state.hasActiveTasks ? '_workflow_active' : '_workflow_dormant';
    if (name.startsWith('task_succeeded') || name.startsWith('task_remediated')) {
      const seq = state.lastOccurrences();
      if (seq.some((t) => t.status === S.canceling || t.status === S.canceled)) name += '_canceled';
      else if (seq.some((t) => t.status === S.pausing || t.status === S.paused || t.status === S.pending))
        name += '_paused';
      else if (state.hasStagedTasks || hasNextTasks) name += '_incomplete';
      else name += '_completed';
    }
    const next = nextWorkflowStatus(state.status, name);
    if (next === undefined) return;
    if (next !== state.status) state.status = next;
    if (isIn(state.status, COMPLETED)) {
      const unreachable = state
        .getStagedTasks(false)
        .filter(
          (s) =>
            this.graph.hasBarrier(s.id) &&
            !s.ready &&
            this.inboundCriteriaStatus(s.id, s.route) === NOT_SATISFIED,
        );
      if (unreachable.length > 0) {
        state.status = S.failed;
        for (const s of unreachable) {
          this.logEntry({
            message: `UnreachableJoinError: The join task|route "${s.id}|${s.route}" is partially satisfied but unreachable.`,
            task_id: s.id,
            route: s.route,
          });
        }
      }
    }
  }
}

/** Python truthiness, which Orquesta applies to `when` results. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}
