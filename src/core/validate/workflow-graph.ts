import { pointerTo } from '../json-pointer.js';
import type { IssueList } from './issues.js';
import { ENGINE_COMMANDS, TaskGraph } from './task-graph.js';
import { isRecord } from './values.js';

export { ENGINE_COMMANDS } from './task-graph.js';

/** A pathological graph (exponentially many fork paths) stops the join analysis here. */
const MAX_JOIN_STEPS = 200_000;

/** The task graph of a workflow definition, or undefined when `tasks` is not a mapping. */
export function taskGraphOf(definition: unknown, definitionPointer: string): TaskGraph | undefined {
  const tasks = isRecord(definition) ? definition.tasks : undefined;
  return isRecord(tasks) ? new TaskGraph(tasks, pointerTo(definitionPointer, 'tasks')) : undefined;
}

/** Tasks that transitions reach from the start tasks; names no task has are reported on the way. */
function walkFromStarts(graph: TaskGraph, file: string, issues: IssueList): Set<string> {
  const reached = new Set<string>(graph.starts());
  const queue = [...reached];
  for (let index = 0; index < queue.length; index++) {
    for (const target of graph.next(queue[index]!)) {
      if (graph.has(target.name)) {
        if (!ENGINE_COMMANDS.has(target.name) && !reached.has(target.name)) {
          reached.add(target.name);
          queue.push(target.name);
        }
      } else {
        issues.add('UNKNOWN_TASK', file, target.pointer, `"${target.name}" is not a task of this workflow`);
      }
    }
  }
  return reached;
}

/**
 * Orquesta's rule for joins after nested forks: walking from the start tasks, each task records the
 * split tasks (tasks several transitions lead to, outside a cycle) on the paths to it; a join is
 * unsatisfiable when its inbound tasks come from different sets of splits, because the engine cannot
 * tell at which level the branches meet.
 */
function unsatisfiableJoins(graph: TaskGraph): string[] {
  interface Staged {
    join: boolean;
    splits: Set<string>;
    prev: Set<string>;
  }
  const staging = new Map<string, Staged>();
  const trackSplits = new Map<string, Set<string>>();
  const queue: [string | undefined, string, string[]][] = graph.starts().map((name) => [undefined, name, []]);
  for (let index = 0; index < queue.length; index++) {
    if (index > MAX_JOIN_STEPS) return [];
    const [prev, name, splits] = queue[index]!;
    if (!graph.isTask(name)) continue;
    if (graph.isSplit(name) && !graph.inCycle(name)) splits.push(name);
    let staged = staging.get(name);
    if (!staged) {
      staged = { join: graph.isJoin(name), splits: new Set(), prev: new Set() };
      staging.set(name, staged);
    }
    for (const split of splits) staged.splits.add(split);
    if (prev !== undefined) staged.prev.add(prev);
    for (const { name: next } of graph.next(name)) {
      if (staging.has(next) && graph.inCycle(next)) continue;
      const id = `${name}\u0000${next}`;
      const existing = trackSplits.get(id);
      if (existing && existing.size > 0) {
        if (!splits.every((split) => existing.has(split))) {
          queue.push([name, next, [...splits]]);
          for (const split of splits) existing.add(split);
        }
      } else {
        queue.push([name, next, [...splits]]);
        trackSplits.set(id, new Set(splits));
      }
    }
  }
  const sameSet = (a: Set<string>, b: Set<string>): boolean =>
    a.size === b.size && [...a].every((x) => b.has(x));
  const unsatisfiable: string[] = [];
  for (const [name, staged] of staging) {
    if (!staged.join) continue;
    if ([...staged.prev].some((prev) => !sameSet(staged.splits, staging.get(prev)!.splits)))
      unsatisfiable.push(name);
  }
  return unsatisfiable;
}

/**
 * Checks the task graph with Orquesta's rules: there is a start task; every `do` reached from a start
 * task names a task or an engine command; no join follows nested forks it cannot tell apart; a
 * with-items task has an action. Stricter than Orquesta, as warnings: tasks no start task reaches
 * (they never run), and a `join` count above the task's inbound tasks (the join never runs).
 */
export function checkWorkflowGraph(file: string, graph: TaskGraph, issues: IssueList): void {
  if (graph.names.length === 0) return; // The schema requires at least one task.
  const starts = graph.starts();
  if (starts.length === 0) {
    issues.add(
      'NO_START_TASK',
      file,
      graph.pointer,
      'every task is named by some transition, so the workflow has no task to start with: add a task that leads into the loop',
    );
  }
  const reached = walkFromStarts(graph, file, issues);
  for (const name of unsatisfiableJoins(graph)) {
    issues.add(
      'JOIN_AFTER_NESTED_FORKS',
      file,
      graph.taskPointer(name),
      `the join task "${name}" follows nested forks from tasks several transitions lead to, so the engine cannot tell at which level it joins`,
    );
  }
  for (const name of graph.names) {
    const task = graph.task(name);
    if (ENGINE_COMMANDS.has(name)) {
      issues.add(
        'RESERVED_TASK_NAME',
        file,
        graph.taskPointer(name),
        `"${name}" is an engine command, not a task name`,
      );
    }
    if (starts.length > 0 && !reached.has(name)) {
      issues.add(
        'UNREACHABLE_TASK',
        file,
        graph.taskPointer(name),
        `task "${name}" cannot be reached from a start task`,
      );
    }
    if (task.with !== undefined && !task.action) {
      issues.add(
        'WITH_ITEMS_WITHOUT_ACTION',
        file,
        graph.taskPointer(name),
        `task "${name}" has \`with\` but no action`,
      );
    }
    const inbound = new Set(graph.prev(name)).size;
    if (typeof task.join === 'number' && task.join > inbound) {
      issues.add(
        'JOIN_UNSATISFIABLE',
        file,
        pointerTo(graph.taskPointer(name), 'join'),
        `task "${name}" waits for ${task.join} inbound tasks but only ${inbound} lead to it, so it never runs`,
      );
    }
  }
}
