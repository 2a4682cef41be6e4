/**
 * A workflow's tasks as Orquesta's TaskMappingSpec sees them (orquesta `specs/native/v1/models.py`):
 * each transition's `do` (a list, or a comma list whose names are trimmed; `continue` when empty),
 * previous tasks, start tasks (those no transition names, itself included), and cycles. The engine
 * commands `continue`, `fail`, `noop` and `retry` count as tasks without transitions.
 */
import { pointerTo } from '../json-pointer.js';
import { isRecord } from './values.js';

/** Engine commands a transition may name in `do` instead of a task (orquesta `events.ENGINE_EVENT_MAP`). */
export const ENGINE_COMMANDS: ReadonlySet<string> = new Set(['continue', 'fail', 'noop', 'retry']);

/** One name in a transition's `do`, with the transition's index and where the name is written. */
export interface NextTask {
  name: string;
  transition: number;
  pointer: string;
}

/** The names a transition's `do` lists, as Orquesta reads them. */
export function doNames(transition: unknown, pointer: string): NextTask[] {
  const doValue = isRecord(transition) ? transition.do : undefined;
  const at = pointerTo(pointer, 'do');
  if (
    doValue === undefined ||
    doValue === null ||
    doValue === '' ||
    (Array.isArray(doValue) && !doValue.length)
  ) {
    return [{ name: 'continue', transition: -1, pointer: at }];
  }
  if (typeof doValue === 'string') {
    return doValue.split(',').map((name) => ({ name: name.trim(), transition: -1, pointer: at }));
  }
  if (Array.isArray(doValue)) {
    return doValue.map((name, index) => ({
      name: String(name),
      transition: -1,
      pointer: pointerTo(at, index),
    }));
  }
  return [];
}

/** The `next` list of a task, or an empty list. */
export function transitionsOf(task: unknown): unknown[] {
  return isRecord(task) && Array.isArray(task.next) ? task.next : [];
}

export class TaskGraph {
  /** Task names in definition order. */
  readonly names: string[];
  private readonly tasks: Record<string, unknown>;
  private readonly nextCache = new Map<string, NextTask[]>();
  private readonly prevCache = new Map<string, string[]>();
  private readonly cycleCache = new Map<string, boolean>();

  constructor(
    tasks: Record<string, unknown>,
    readonly pointer: string,
  ) {
    this.tasks = tasks;
    this.names = Object.keys(tasks);
  }

  /** Whether the name is a task of the workflow (not an engine command). */
  isTask(name: string): boolean {
    return Object.hasOwn(this.tasks, name);
  }

  /** Whether a transition may name it: a task or an engine command. */
  has(name: string): boolean {
    return ENGINE_COMMANDS.has(name) || this.isTask(name);
  }

  /** The task's definition (an engine command has none). */
  task(name: string): Record<string, unknown> {
    if (ENGINE_COMMANDS.has(name) || !this.isTask(name)) return {};
    const task = this.tasks[name];
    return isRecord(task) ? task : {};
  }

  taskPointer(name: string): string {
    return pointerTo(this.pointer, name);
  }

  /** Every name the task's transitions lead to, sorted by name (Orquesta's `get_next_tasks`). */
  next(name: string): NextTask[] {
    let found = this.nextCache.get(name);
    if (!found) {
      found = [];
      const base = pointerTo(this.taskPointer(name), 'next');
      transitionsOf(this.task(name)).forEach((transition, index) => {
        for (const target of doNames(transition, pointerTo(base, index)))
          found!.push({ ...target, transition: index });
      });
      found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      this.nextCache.set(name, found);
    }
    return found;
  }

  /** The tasks whose transitions name this one, once per naming (Orquesta's `get_prev_tasks`). */
  prev(name: string): string[] {
    if (this.prevCache.size === 0) {
      for (const task of this.names) this.prevCache.set(task, []);
      for (const task of this.names) {
        for (const target of this.next(task)) {
          const list = this.prevCache.get(target.name);
          if (list) list.push(task);
          else this.prevCache.set(target.name, [task]);
        }
      }
    }
    return this.prevCache.get(name) ?? [];
  }

  /** Tasks no transition names, sorted by name. */
  starts(): string[] {
    return this.names.filter((name) => this.prev(name).length === 0).sort();
  }

  isJoin(name: string): boolean {
    const join = this.task(name).join;
    return join !== undefined && join !== null;
  }

  /** A join that waits (`join: 0` is no join to the context rules, as in Orquesta's `has_join`). */
  hasJoin(name: string): boolean {
    const join = this.task(name).join;
    return join !== undefined && join !== null && join !== 0 && join !== false && join !== '';
  }

  isSplit(name: string): boolean {
    return !this.isJoin(name) && this.prev(name).length > 1;
  }

  /** Whether some path of transitions leads from the task back to itself. */
  inCycle(name: string): boolean {
    let found = this.cycleCache.get(name);
    if (found === undefined) {
      found = false;
      const seen = new Set<string>();
      const queue = this.next(name).map((target) => target.name);
      for (let index = 0; index < queue.length; index++) {
        const current = queue[index]!;
        if (current === name) {
          found = true;
          break;
        }
        if (seen.has(current)) continue;
        seen.add(current);
        for (const target of this.next(current)) queue.push(target.name);
      }
      this.cycleCache.set(name, found);
    }
    return found;
  }
}
