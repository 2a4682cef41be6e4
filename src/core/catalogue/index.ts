/**
 * What StackStorm itself provides to every workflow: its runners (with the parameters each adds to
 * every action of that runner) and the `core` pack's actions. Recorded from StackStorm's metadata by
 * `scripts/orquesta/record-catalogue.ts` into `stackstorm.json`; this module only reads it.
 */
import type { ParameterSpec } from '../types.js';
import catalogue from './stackstorm.json';

interface RunnerFacts {
  aliases: string[];
  enabled: boolean;
  parameters: Record<string, ParameterSpec>;
}

interface ActionFacts {
  runnerType: string;
  enabled: boolean;
  parameters: Record<string, ParameterSpec>;
}

const RUNNERS = catalogue.runners as Record<string, RunnerFacts>;
const ACTIONS = catalogue.actions as Record<string, ActionFacts>;

/** Older runner names StackStorm still accepts in action metadata. */
const LEGACY_RUNNER_NAMES: Readonly<Record<string, string>> = {
  'run-local': 'local-shell-cmd',
  'run-local-script': 'local-shell-script',
  'run-remote': 'remote-shell-cmd',
  'run-remote-script': 'remote-shell-script',
  'run-python': 'python-script',
  'http-runner': 'http-request',
};

const BY_ALIAS = new Map<string, string>();
for (const [name, runner] of Object.entries(RUNNERS)) {
  BY_ALIAS.set(name, name);
  for (const alias of runner.aliases) BY_ALIAS.set(alias, name);
}
for (const [alias, name] of Object.entries(LEGACY_RUNNER_NAMES)) BY_ALIAS.set(alias, name);

/** The canonical name of a StackStorm runner (aliases resolved), or undefined for a runner it does not ship. */
export function canonicalRunner(runnerType: string): string | undefined {
  return BY_ALIAS.get(runnerType);
}

/** The parameters a runner adds to every action of that runner (empty for an unknown runner). */
export function runnerParameterSpecs(runnerType: string): Readonly<Record<string, ParameterSpec>> {
  const name = canonicalRunner(runnerType);
  return name === undefined ? {} : RUNNERS[name]!.parameters;
}

/**
 * The parameters an action of the runner takes, as StackStorm merges them: the runner's, each
 * overridden field by field by the action's own spec of the same name, plus the action's others.
 */
export function effectiveParameters(
  runnerType: string,
  own: Readonly<Record<string, ParameterSpec>>,
): Record<string, ParameterSpec> {
  const merged: Record<string, ParameterSpec> = {};
  for (const [name, spec] of Object.entries(runnerParameterSpecs(runnerType))) merged[name] = { ...spec };
  for (const [name, spec] of Object.entries(own)) merged[name] = { ...merged[name], ...spec };
  return merged;
}

/** A `core.*` action of StackStorm's core pack, with its runner, or undefined when there is none. */
export function coreAction(
  ref: string,
): { ref: string; runnerType: string; parameters: Record<string, ParameterSpec> } | undefined {
  const action = Object.hasOwn(ACTIONS, ref) ? ACTIONS[ref]! : undefined;
  if (!action?.enabled) return undefined;
  return { ref, runnerType: action.runnerType, parameters: action.parameters };
}

/** Every `core.*` action, sorted. */
export function coreActionNames(): string[] {
  return Object.keys(ACTIONS).sort();
}
