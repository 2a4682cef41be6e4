/**
 * What Patternhub knows of StackStorm's runners: their parameters come from the catalogue recorded
 * from StackStorm (`src/core/catalogue`); which of them run a file named by `entry_point` is known
 * from how each runner works.
 */
import { canonicalRunner } from '../catalogue/index.js';

/** Runners whose actions execute a file of the pack, named by `entry_point`. */
const RUNS_A_FILE: ReadonlySet<string> = new Set([
  'local-shell-script',
  'remote-shell-script',
  'python-script',
  'orquesta',
  'action-chain',
  'winrm-ps-script',
]);

/** Whether the runner is one StackStorm ships (custom runners exist; their parameters are unknown). */
export function isKnownRunner(runnerType: string): boolean {
  return canonicalRunner(runnerType) !== undefined;
}

/** Whether actions of the runner run a file named by `entry_point`. */
export function runnerNeedsEntryPoint(runnerType: string): boolean {
  const name = canonicalRunner(runnerType);
  return name !== undefined && RUNS_A_FILE.has(name);
}
