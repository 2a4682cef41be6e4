/**
 * Path-sensitive variable analysis with Orquesta's rules (orquesta `specs/base.py` and
 * `specs/native/v1/models.py`, `inspect_context`): a name may be read only after something assigned
 * it on the way there.
 * - `input` items, then `vars` items, then `output` items are evaluated in order: each may read the
 *   ones before it, never a later one or itself;
 * - tasks are walked from the start tasks; a task sees the names of the path that reached it
 *   (inputs, vars, and what earlier transitions on that path published). A task reached by several
 *   paths is checked on each, so a name published on one branch only, or only on the failure path, is
 *   "referenced before assignment" on the other. A join task sees what its inbound branches published;
 * - in a task: `delay`, `with`, `action`, `input`, then each transition's `when`, `publish` (each
 *   item may read the earlier ones) and `do`. `retry` is not checked;
 * - `output` sees every name any task published;
 * - a name starting `__` is private and may never be read.
 */

import { pointerTo } from '../json-pointer.js';
import { contextReadsIn, stringsUnder } from './expressions.js';
import { parseInlineParams } from './inline-params.js';
import type { IssueList } from './issues.js';
import { ENGINE_COMMANDS, type TaskGraph, transitionsOf } from './task-graph.js';
import { isRecord } from './values.js';

/** Names StackStorm puts in every workflow's context besides the inputs: `ctx().st2`, `ctx().parent`. */
export const ENGINE_CONTEXT_NAMES: readonly string[] = ['st2', 'parent'];

/** A task revisited with ever new contexts (exponentially many paths) stops the walk here. */
const MAX_VISITS = 100_000;

type Context = ReadonlySet<string>;

class ContextChecker {
  private readonly reported = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly issues: IssueList,
  ) {}

  /** Reports every read in `value` (strings, keys included) of a name not in `ctx`, or private. */
  checkReads(value: unknown, pointer: string, ctx: Context): void {
    stringsUnder(value, pointer, (text, at) => {
      for (const read of contextReadsIn(text)) {
        if (read.name.startsWith('__')) {
          this.report(
            'PRIVATE_VARIABLE',
            at,
            read.offset,
            `"${read.name}" starts with "__": it is private and cannot be read`,
          );
        }
        if (!ctx.has(read.name)) {
          this.report(
            'UNKNOWN_VARIABLE',
            at,
            read.offset,
            `variable "${read.name}" is referenced before assignment on some path to here`,
          );
        }
      }
    });
  }

  private report(
    code: 'UNKNOWN_VARIABLE' | 'PRIVATE_VARIABLE',
    pointer: string,
    offset: number,
    message: string,
  ): void {
    const key = `${code}\u0000${pointer}\u0000${offset}\u0000${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.issues.add(code, this.file, pointer, message, undefined, offset);
  }

  /**
   * A property value as Orquesta inspects it: a string holding inline `name=value` parameters is read
   * as those parameters alone; a list item by item (a name assigned by an item is visible to the next
   * when `assigns`); anything else as a whole. Returns the context after it.
   */
  checkProperty(value: unknown, pointer: string, ctx: Context, assigns: boolean): Context {
    if (!value) return ctx;
    if (typeof value === 'string') {
      const params = parseInlineParams(value);
      if (params.length > 0) {
        let rolling = ctx;
        for (const param of params) {
          this.checkReads(param.text, pointer, rolling);
          if (assigns) rolling = withNames(rolling, [param.name]);
        }
        return rolling;
      }
    }
    if (Array.isArray(value)) {
      let rolling = ctx;
      value.forEach((item, index) => {
        const at = pointerTo(pointer, index);
        this.checkReads(item, at, rolling);
        if (assigns) rolling = withNames(rolling, assignedBy(item));
      });
      return rolling;
    }
    this.checkReads(value, pointer, ctx);
    return assigns ? withNames(ctx, assignedBy(value)) : ctx;
  }
}

/** The names an `input`/`vars`/`output`/`publish` item assigns: a bare name, or a one-key map's key. */
function assignedBy(item: unknown): string[] {
  if (typeof item === 'string') return [item];
  if (isRecord(item)) {
    const keys = Object.keys(item);
    return keys.length === 1 ? keys : [];
  }
  return [];
}

function withNames(ctx: Context, names: readonly string[]): Context {
  if (names.every((name) => ctx.has(name))) return ctx;
  return new Set([...ctx, ...names]);
}

function sameNames(a: Context, b: Context): boolean {
  return a.size === b.size && [...a].every((name) => b.has(name));
}

/** A task's `with`, in its map form (`with: <% … %>` is short for `with: { items: <% … %> }`). */
function withItemsOf(task: Record<string, unknown>): Record<string, unknown> | undefined {
  if (typeof task.with === 'string') return { items: task.with };
  return isRecord(task.with) ? task.with : undefined;
}

/** Checks one task's own expressions in `ctx`; `input` is replaced by inline parameters when there are some. */
function checkTask(
  checker: ContextChecker,
  task: Record<string, unknown>,
  pointer: string,
  ctx: Context,
): void {
  checker.checkProperty(task.delay, pointerTo(pointer, 'delay'), ctx, false);
  const items = withItemsOf(task);
  if (items) {
    const at = pointerTo(pointer, 'with');
    const shorthand = typeof task.with === 'string';
    checker.checkProperty(items.items, shorthand ? at : pointerTo(at, 'items'), ctx, false);
    checker.checkProperty(items.concurrency, pointerTo(at, 'concurrency'), ctx, false);
  }
  const actionPointer = pointerTo(pointer, 'action');
  const inline = typeof task.action === 'string' ? parseInlineParams(task.action) : [];
  if (inline.length > 0) {
    for (const param of inline) checker.checkReads(param.text, actionPointer, ctx);
  } else {
    checker.checkProperty(task.action, actionPointer, ctx, false);
    checker.checkProperty(task.input, pointerTo(pointer, 'input'), ctx, false);
  }
}

/** Checks a transition in the context of its task; returns the context it hands on (with its publishes). */
function checkTransition(
  checker: ContextChecker,
  transition: unknown,
  pointer: string,
  ctx: Context,
): Context {
  if (!isRecord(transition)) return ctx;
  checker.checkProperty(transition.when, pointerTo(pointer, 'when'), ctx, false);
  let publish = transition.publish;
  if (typeof publish === 'string') {
    // An inline publish string assigns its parameters, in order.
    publish = parseInlineParams(publish).map((param) => ({ [param.name]: param.text }));
  }
  const after = checker.checkProperty(publish, pointerTo(pointer, 'publish'), ctx, true);
  checker.checkProperty(transition.do, pointerTo(pointer, 'do'), after, false);
  return after;
}

/**
 * Walks the tasks from the start tasks as Orquesta's inspector does and returns every name the walk
 * saw assigned (what `output` may read).
 */
function checkTasks(checker: ContextChecker, graph: TaskGraph, initial: Context): Context {
  let rolling: Set<string> = new Set(initial);
  const joinContexts = new Map<string, Set<string>>();
  const lastContext = new Map<string, Context>();
  const traversed = new Set<string>();
  const queue: [string, Context | undefined][] = graph.starts().map((name) => [name, initial]);
  for (let index = 0; index < queue.length && index < MAX_VISITS; index++) {
    const [name, given] = queue[index]!;
    traversed.add(name);
    const ctx: Context = given && given.size > 0 ? given : (joinContexts.get(name) ?? new Set());
    const task = graph.task(name);
    const pointer = graph.taskPointer(name);
    if (!ENGINE_COMMANDS.has(name)) checkTask(checker, task, pointer, ctx);
    for (const name of ctx) rolling.add(name);

    transitionsOf(task).forEach((transition, position) => {
      const at = pointerTo(pointer, 'next', position);
      const targets = graph.next(name).filter((target) => target.transition === position);
      for (const target of targets) {
        const branch = checkTransition(checker, transition, at, ctx);
        const next = target.name;
        if (!next || traversed.has(next) || !graph.has(next)) continue;
        if (!ENGINE_COMMANDS.has(next) && graph.hasJoin(next)) {
          const joined = joinContexts.get(next) ?? new Set<string>();
          for (const name of branch) joined.add(name);
          joinContexts.set(next, joined);
          queue.push([next, undefined]);
        } else {
          const last = lastContext.get(next);
          if (!last || !sameNames(last, branch)) {
            queue.push([next, branch]);
            lastContext.set(next, branch);
          }
        }
      }
    });
  }
  rolling = new Set(rolling);
  return rolling;
}

/**
 * Checks every context read of a workflow definition along its execution paths. `definitionPointer`
 * locates the definition in its file (`/workflow`).
 */
export function checkWorkflowContext(
  file: string,
  definition: Record<string, unknown>,
  definitionPointer: string,
  graph: TaskGraph | undefined,
  issues: IssueList,
): void {
  const checker = new ContextChecker(file, issues);
  let ctx: Context = new Set(ENGINE_CONTEXT_NAMES);
  ctx = checker.checkProperty(definition.input, pointerTo(definitionPointer, 'input'), ctx, true);
  ctx = checker.checkProperty(definition.vars, pointerTo(definitionPointer, 'vars'), ctx, true);
  if (graph) ctx = new Set([...ctx, ...checkTasks(checker, graph, ctx)]);
  checker.checkProperty(definition.output, pointerTo(definitionPointer, 'output'), ctx, true);
}
