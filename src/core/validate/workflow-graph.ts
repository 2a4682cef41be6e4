import { pointerTo } from '../json-pointer.js';
import type { IssueList } from './issues.js';
import type { WorkflowModel } from './model.js';

/** Engine commands a transition may name in `do` instead of a task (orquesta `events.ENGINE_EVENT_MAP`). */
export const ENGINE_COMMANDS: ReadonlySet<string> = new Set(['continue', 'fail', 'noop', 'retry']);

/**
 * Checks the task graph as Orquesta reads it: every `do` names a task (or an engine command); start
 * tasks are those no transition names; every task is reachable from a start task; a `join` count
 * does not exceed the task's inbound tasks.
 */
export function checkWorkflowGraph(workflow: WorkflowModel, issues: IssueList): void {
  const { file, tasks } = workflow;
  if (tasks.length === 0) return; // The schema requires at least one task.
  const names = new Set(tasks.map((task) => task.name));
  const inbound = new Map<string, Set<string>>(tasks.map((task) => [task.name, new Set<string>()]));
  const next = new Map<string, string[]>();

  for (const task of tasks) {
    const targets: string[] = [];
    for (const transition of task.transitions) {
      for (const target of transition.targets) {
        if (names.has(target.name)) {
          targets.push(target.name);
          inbound.get(target.name)!.add(task.name);
        } else if (!ENGINE_COMMANDS.has(target.name)) {
          issues.add('UNKNOWN_TASK', file, target.pointer, `"${target.name}" is not a task of this workflow`);
        }
      }
    }
    next.set(task.name, targets);
  }

  const starts = tasks.filter((task) => inbound.get(task.name)!.size === 0).map((task) => task.name);
  if (starts.length === 0) {
    issues.add(
      'NO_START_TASK',
      file,
      pointerTo(workflow.definitionPointer, 'tasks'),
      'every task is named by some transition, so the workflow has no task to start with',
    );
  }

  const reached = new Set<string>(starts);
  const queue = [...starts];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const target of next.get(name) ?? []) {
      if (!reached.has(target)) {
        reached.add(target);
        queue.push(target);
      }
    }
  }
  for (const task of tasks) {
    // With no start task everything is unreachable; NO_START_TASK already says so.
    if (starts.length > 0 && !reached.has(task.name)) {
      issues.add(
        'UNREACHABLE_TASK',
        file,
        task.pointer,
        `task "${task.name}" cannot be reached from a start task`,
      );
    }
    const join = task.join;
    if (join && typeof join.value === 'number' && join.value > inbound.get(task.name)!.size) {
      issues.add(
        'JOIN_UNSATISFIABLE',
        file,
        join.pointer,
        `task "${task.name}" waits for ${join.value} inbound tasks but only ${inbound.get(task.name)!.size} lead to it`,
      );
    }
  }
}
