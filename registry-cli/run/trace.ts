/** How runs and test paths read on a terminal. */
import type { PathEntry, RunEvent, WorkflowError } from '../../src/core/engine/index.js';
import { painter } from '../output.js';

/** `diagnose ✔ → clean_logs ✖ → report ✔` (route shown when a task ran on a branch route). */
export function formatPath(path: PathEntry[], color: boolean): string {
  const paint = painter(color);
  if (path.length === 0) return '(no task ran)';
  return path
    .map((p) => {
      const mark =
        p.status === 'succeeded'
          ? paint('green', '✔')
          : p.status === 'failed'
            ? paint('red', '✖')
            : paint('yellow', p.status);
      return `${p.task}${p.route > 0 ? paint('gray', `@r${p.route}`) : ''} ${mark}`;
    })
    .join(' → ');
}

/** A one-line excerpt of a value, at most `max` characters. */
export function excerpt(value: unknown, max = 120): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One trace line per task start and end. */
export function traceLine(event: RunEvent, color: boolean): string {
  const paint = painter(color);
  const r = event.request;
  const name = `${r.task}${r.itemId === undefined ? '' : `[${r.itemId}]`}`;
  if (event.kind === 'start') {
    return `${paint('cyan', '▶')} ${name} ${paint('gray', String(r.action))} ${excerpt(r.input)}`;
  }
  const ok = event.outcome.status === 'succeeded';
  const ms = Math.round(event.at - event.startedAt);
  return `${ok ? paint('green', '✔') : paint('red', '✖')} ${name} ${event.outcome.status} ${paint('gray', `${ms} ms`)} ${excerpt(event.outcome.result)}`;
}

/**
 * The workflow errors worth a line (a failed action is already on the path): the message, the task,
 * and the expression with its offset when the message does not already quote it.
 */
export function formatErrors(errors: WorkflowError[], color: boolean, indent = ''): string[] {
  const paint = painter(color);
  return errors
    .filter((e) => e.expression !== undefined || !e.message.startsWith('Execution failed'))
    .map((e) => {
      const where =
        e.expression === undefined
          ? ''
          : e.message.includes(e.expression)
            ? ` (offset ${e.position})`
            : ` in ${e.expression} (offset ${e.position})`;
      return `${indent}${paint('yellow', 'error')}${e.task_id ? ` (${e.task_id})` : ''}: ${e.message}${where}`;
    });
}
