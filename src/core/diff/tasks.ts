/**
 * Compares the task graphs of two versions of a workflow (Orquesta native v1): tasks by name, then
 * each task's action, input, transitions, published variables and options.
 */
import type { Recorder } from './recorder.js';
import {
  canonical,
  compareText,
  type Dict,
  isRecord,
  keysOf,
  listNames,
  recordOr,
  sameValue,
  show,
} from './values.js';

/** The packages whose own members a task may call: `@scope/name` of each side. */
export interface SelfNames {
  before: string;
  after: string;
}

/** Task keys with a kind of their own; the rest (`join`, `with`, `retry`, `delay`…) are options. */
const OWN_KEYS = new Set(['action', 'input', 'next']);

/**
 * An `action:` value with the package's own name taken out, so `@acme/x.sub` and `@community/x.sub`
 * compare equal when comparing two organisations' variants of one package: each calls its own member.
 */
function actionKey(action: unknown, self: string): string {
  if (typeof action === 'string' && self !== '' && action.startsWith(`${self}.`)) {
    return `<self>${action.slice(self.length)}`;
  }
  return canonical(action);
}

/** `do:` as a sorted list of names: a task name, a comma-separated list, or a list. */
function targetsOf(value: unknown): string[] {
  let names: string[];
  if (typeof value === 'string') names = value.split(',');
  else if (Array.isArray(value))
    names = value.map((item) => (typeof item === 'string' ? item : canonical(item)));
  else if (value === undefined || value === null) names = [];
  else names = [canonical(value)];
  return names
    .map((name) => name.trim())
    .filter((name) => name !== '')
    .sort(compareText);
}

/** `publish:` as name/expression pairs: a list of one-key maps, a mapping, or one legacy string. */
function publishedOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) {
    return value.flatMap((item): [string, unknown][] =>
      isRecord(item) ? Object.entries(item) : [[canonical(item), undefined]],
    );
  }
  if (isRecord(value)) return Object.entries(value);
  if (value === undefined || value === null) return [];
  return [['', value]];
}

interface Transition {
  /** Condition and targets (and any unexpected key): the edge in the graph. */
  edge: string;
  targets: string[];
  published: [string, unknown][];
}

function transitionsOf(next: unknown): Transition[] {
  const items = Array.isArray(next) ? next : next === undefined || next === null ? [] : [next];
  return items.map((item) => {
    const { when, do: target, publish, ...rest } = recordOr(item);
    const targets = targetsOf(target);
    return { edge: canonical({ when, targets, rest }), targets, published: publishedOf(publish) };
  });
}

/** Orquesta follows every transition whose condition holds, so their order does not matter. */
function sortedKeys(values: string[]): string[] {
  return [...values].sort(compareText);
}

/** Every expression each name is published with, across the task's transitions. */
function publishedNames(transitions: Transition[]): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const transition of transitions) {
    for (const [name, expression] of transition.published) {
      names.set(name, [...(names.get(name) ?? []), canonical(expression)]);
    }
  }
  for (const [name, expressions] of names) names.set(name, sortedKeys(expressions));
  return names;
}

function compareTransitions(rec: Recorder, task: string, before: unknown, after: unknown): void {
  const from = transitionsOf(before);
  const to = transitionsOf(after);
  const details = { path: task, before, after };
  const edgesChanged = !sameValue(sortedKeys(from.map((t) => t.edge)), sortedKeys(to.map((t) => t.edge)));
  if (edgesChanged) {
    const targetsBefore = new Set(from.flatMap((t) => t.targets));
    const targetsAfter = new Set(to.flatMap((t) => t.targets));
    const gained = [...targetsAfter].filter((name) => !targetsBefore.has(name)).sort(compareText);
    const lost = [...targetsBefore].filter((name) => !targetsAfter.has(name)).sort(compareText);
    const parts: string[] = [];
    if (gained.length > 0) parts.push(`now also goes to ${listNames(gained)}`);
    if (lost.length > 0) parts.push(`no longer goes to ${listNames(lost)}`);
    if (parts.length === 0) parts.push('its conditions changed');
    rec.record(
      'task.transitions-changed',
      `Transitions of task \`${task}\` of ${rec.label} changed: ${parts.join('; ')}`,
      details,
    );
  }
  const fullBefore = sortedKeys(from.map((t) => canonical([t.edge, t.published])));
  const fullAfter = sortedKeys(to.map((t) => canonical([t.edge, t.published])));
  const publishedBefore = publishedNames(from);
  const publishedAfter = publishedNames(to);
  const namesChanged = !sameValue(
    Object.fromEntries(publishedBefore.entries()),
    Object.fromEntries(publishedAfter.entries()),
  );
  // With the same edges, a publish moved between transitions is a change too; with other edges, the
  // transitions sentence already covers that, so only a different set of published names counts.
  if (namesChanged || (!edgesChanged && !sameValue(fullBefore, fullAfter))) {
    const names = [...new Set([...publishedBefore.keys(), ...publishedAfter.keys()])].sort(compareText);
    const added = names.filter((name) => !publishedBefore.has(name));
    const removed = names.filter((name) => !publishedAfter.has(name));
    const changed = names.filter(
      (name) =>
        publishedBefore.has(name) &&
        publishedAfter.has(name) &&
        !sameValue(publishedBefore.get(name), publishedAfter.get(name)),
    );
    const parts: string[] = [];
    if (added.length > 0) parts.push(`now publishes ${listNames(added)}`);
    if (removed.length > 0) parts.push(`no longer publishes ${listNames(removed)}`);
    if (changed.length > 0) parts.push(`publishes ${listNames(changed)} differently`);
    if (parts.length === 0) parts.push('publishes on other transitions');
    rec.record('task.publish-changed', `Task \`${task}\` of ${rec.label} ${parts.join('; ')}`, details);
  }
}

function compareInput(rec: Recorder, task: string, before: unknown, after: unknown): void {
  if (sameValue(before, after)) return;
  let what = `${show(before)} → ${show(after)}`;
  if (isRecord(before) && isRecord(after)) {
    const keys = keysOf(before, after).filter((key) => !sameValue(before[key], after[key]));
    what = keys
      .map((key) =>
        !Object.hasOwn(before, key)
          ? `\`${key}\` added`
          : !Object.hasOwn(after, key)
            ? `\`${key}\` removed`
            : `\`${key}\` changed`,
      )
      .join(', ');
  }
  rec.record('task.input-changed', `Input of task \`${task}\` of ${rec.label} changed: ${what}`, {
    path: task,
    before,
    after,
  });
}

function compareTask(rec: Recorder, task: string, before: Dict, after: Dict, self: SelfNames): void {
  if (actionKey(before.action, self.before) !== actionKey(after.action, self.after)) {
    rec.record(
      'task.action-changed',
      `Task \`${task}\` of ${rec.label} now calls ${show(after.action)} instead of ${show(before.action)}`,
      { path: task, before: before.action, after: after.action },
    );
  }
  compareInput(rec, task, before.input, after.input);
  compareTransitions(rec, task, before.next, after.next);
  for (const key of keysOf(before, after)) {
    if (OWN_KEYS.has(key) || sameValue(before[key], after[key])) continue;
    rec.record(
      'task.options-changed',
      `\`${key}\` of task \`${task}\` of ${rec.label} changed: ${show(before[key])} → ${show(after[key])}`,
      { path: task, before: { [key]: before[key] }, after: { [key]: after[key] } },
    );
  }
}

/** Compares the `tasks` mappings of two versions of an Orquesta workflow. */
export function compareTasks(rec: Recorder, before: unknown, after: unknown, self: SelfNames): void {
  const from = recordOr(before);
  const to = recordOr(after);
  for (const task of keysOf(from, to)) {
    const inBefore = Object.hasOwn(from, task);
    const inAfter = Object.hasOwn(to, task);
    if (!inBefore) {
      const action = recordOr(to[task]).action;
      const calls = action === undefined ? '' : ` (calls ${show(action)})`;
      rec.record('task.added', `Task \`${task}\` was added to ${rec.label}${calls}`, {
        path: task,
        after: to[task],
      });
    } else if (!inAfter) {
      rec.record('task.removed', `Task \`${task}\` was removed from ${rec.label}`, {
        path: task,
        before: from[task],
      });
    } else {
      compareTask(rec, task, recordOr(from[task]), recordOr(to[task]), self);
    }
  }
}
