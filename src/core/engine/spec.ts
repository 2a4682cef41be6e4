/**
 * A workflow definition (the `workflow:` block) normalised the way Orquesta's native v1 spec reads
 * it (orquesta/specs/native/v1/models.py): `do` defaults to `continue` and splits on commas, inline
 * `publish` strings and inline action parameters become maps, `with: <expr>` becomes `with.items`.
 */
import { parseInlineParams, splitInlineAction } from '../validate/inline-params.js';
import { isRecord, oneKeyEntry } from '../validate/values.js';

/** The engine commands a transition may name instead of a task. */
export const ENGINE_COMMANDS = ['continue', 'fail', 'noop', 'retry'] as const;

export function isEngineCommand(name: string): boolean {
  return (ENGINE_COMMANDS as readonly string[]).includes(name);
}

export interface TransitionSpec {
  when: string | undefined;
  /** `[name, value]` pairs in written order. */
  publish: [string, unknown][];
  do: string[];
}

export interface TaskSpec {
  name: string;
  action: unknown;
  input: unknown;
  next: TransitionSpec[];
  join: 'all' | number | undefined;
  with: { items: string; concurrency: unknown } | undefined;
  retry: { when: string | undefined; count: unknown; delay: unknown } | undefined;
  delay: unknown;
}

export interface WorkflowSpec {
  /** `[name, default]`; a bare name has no default (undefined). */
  input: [string, unknown][];
  vars: [string, unknown][];
  output: [string, unknown][];
  tasks: Map<string, TaskSpec>;
}

function pairs(list: unknown): [string, unknown][] {
  if (!Array.isArray(list)) return [];
  const out: [string, unknown][] = [];
  for (const entry of list) {
    if (typeof entry === 'string') out.push([entry, undefined]);
    else {
      const kv = oneKeyEntry(entry);
      if (kv) out.push(kv);
    }
  }
  return out;
}

/** An inline parameter's value as Orquesta's parse_inline_params turns it into data. */
function inlineValue(text: string): unknown {
  const quoted = /^".*"$|^'.*'$/s.test(text);
  let v = text.replace(/^["']/, '').replace(/["']$/, '');
  if (v !== '' && quoted && !(v.startsWith('{') && v.endsWith('}'))) return v;
  if (/^(true|false)$/i.test(v)) v = v.toLowerCase();
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function inlinePairs(text: string): [string, unknown][] {
  return parseInlineParams(text).map((p) => [p.name, inlineValue(p.text)]);
}

function transitionOf(raw: unknown): TransitionSpec {
  const t = isRecord(raw) ? raw : {};
  const publish = typeof t.publish === 'string' ? inlinePairs(t.publish) : pairs(t.publish);
  let targets: string[];
  if (typeof t.do === 'string' && t.do !== '') targets = t.do.split(',').map((s) => s.trim());
  else if (Array.isArray(t.do) && t.do.length > 0) targets = t.do.map(String);
  else targets = ['continue'];
  return { when: typeof t.when === 'string' ? t.when : undefined, publish, do: targets };
}

function taskOf(name: string, raw: unknown): TaskSpec {
  const t = isRecord(raw) ? raw : {};
  let action: unknown = t.action;
  let input: unknown = t.input;
  if (typeof action === 'string') {
    const split = splitInlineAction(action);
    if (split.params.length > 0) {
      action = split.ref;
      input = Object.fromEntries(split.params.map((p) => [p.name, inlineValue(p.text)]));
    }
  }
  const withRaw = typeof t.with === 'string' ? { items: t.with } : t.with;
  const retry = isRecord(t.retry)
    ? {
        when: typeof t.retry.when === 'string' ? t.retry.when : undefined,
        count: t.retry.count,
        delay: t.retry.delay,
      }
    : undefined;
  return {
    name,
    action,
    input,
    next: Array.isArray(t.next) ? t.next.map(transitionOf) : [],
    join: t.join === 'all' || typeof t.join === 'number' ? t.join : undefined,
    with:
      isRecord(withRaw) && typeof withRaw.items === 'string'
        ? { items: withRaw.items, concurrency: withRaw.concurrency }
        : undefined,
    retry,
    delay: t.delay,
  };
}

/** Reads a workflow definition (already schema-valid) into the engine's spec. */
export function readWorkflowSpec(definition: unknown): WorkflowSpec {
  const d = isRecord(definition) ? definition : {};
  const tasks = new Map<string, TaskSpec>();
  if (isRecord(d.tasks))
    for (const [name, raw] of Object.entries(d.tasks)) tasks.set(name, taskOf(name, raw));
  return { input: pairs(d.input), vars: pairs(d.vars), output: pairs(d.output), tasks };
}

/** The spec of a task, or of an engine command (an empty task), as Orquesta's get_task answers. */
export function taskSpecOf(spec: WorkflowSpec, name: string): TaskSpec {
  return spec.tasks.get(name) ?? taskOf(name, {});
}

/** `(next task, when, index of the transition)` for each `do` entry, sorted by name (stable). */
export function nextTasksOf(spec: WorkflowSpec, name: string): [string, string | undefined, number][] {
  const out: [string, string | undefined, number][] = [];
  taskSpecOf(spec, name).next.forEach((t, idx) => {
    for (const target of t.do) out.push([target, t.when, idx]);
  });
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** How many transition entries of the workflow's tasks lead to `name`. */
export function prevCount(spec: WorkflowSpec, name: string): number {
  let n = 0;
  for (const task of spec.tasks.keys())
    for (const [target] of nextTasksOf(spec, task)) if (target === name) n++;
  return n;
}

export function startTasks(spec: WorkflowSpec): string[] {
  return [...spec.tasks.keys()].filter((name) => prevCount(spec, name) === 0).sort();
}

export function isJoinTask(spec: WorkflowSpec, name: string): boolean {
  return spec.tasks.get(name)?.join !== undefined;
}

export function isSplitTask(spec: WorkflowSpec, name: string): boolean {
  return !isJoinTask(spec, name) && prevCount(spec, name) > 1;
}

/** Whether following transitions from `name` leads back to it. */
export function inCycle(spec: WorkflowSpec, name: string): boolean {
  const seen = new Set<string>();
  const queue = nextTasksOf(spec, name).map((t) => t[0]);
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (next === name) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const t of nextTasksOf(spec, next)) queue.push(t[0]);
  }
  return false;
}
