/**
 * Task `action:` references across the border: StackStorm's `pack.action` and Patternhub's
 * `@scope/package.action`. Only the reference changes; inline parameters after it are kept as written.
 */
import { isRecord } from '../validate/values.js';

/** Splits `napalm.get_log hostname=x` into the reference and the rest (leading space included). */
function splitRef(action: string): { ref: string; rest: string } {
  const space = action.search(/\s/);
  return space === -1
    ? { ref: action, rest: '' }
    : { ref: action.slice(0, space), rest: action.slice(space) };
}

/**
 * Whether an `action:` is computed at run time (`<% ctx().action %>`): nothing to rewrite. Inline
 * parameters may hold expressions (`core.local cmd=<% ctx().c %>`); only the reference counts.
 */
export function isDynamicRef(action: string): boolean {
  return /<%|\{\{|\{%/.test(splitRef(action.trim()).ref);
}

/**
 * Rewrites every task's `action:` in an Orquesta definition (a copy is returned). `rewrite` gets the
 * bare reference and returns its replacement, or undefined to keep it.
 */
export function rewriteTaskActions(
  definition: unknown,
  rewrite: (ref: string) => string | undefined,
): unknown {
  if (!isRecord(definition) || !isRecord(definition.tasks)) return definition;
  const tasks: Record<string, unknown> = {};
  for (const [name, task] of Object.entries(definition.tasks)) {
    if (!isRecord(task) || typeof task.action !== 'string' || isDynamicRef(task.action)) {
      tasks[name] = task;
      continue;
    }
    const { ref, rest } = splitRef(task.action);
    const replaced = rewrite(ref);
    tasks[name] = replaced === undefined ? task : { ...task, action: `${replaced}${rest}` };
  }
  return { ...definition, tasks };
}

/** A StackStorm reference split at its first dot: `st2.kv.get` is pack `st2`, action `kv.get`. */
export function splitPackRef(ref: string): { pack: string; action: string } | undefined {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1) return undefined;
  return { pack: ref.slice(0, dot), action: ref.slice(dot + 1) };
}
