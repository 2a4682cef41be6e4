/**
 * The StackStorm metadata that says how an action or a workflow runs: its runner, entry point and
 * whether it is enabled. Actions and workflows (which keep it from an import) compare it the same way.
 */
import { canonicalRunner } from '../catalogue/index.js';
import { type Recorder, sentence } from './recorder.js';
import { sameValue, show } from './values.js';

/** The keys compared here. */
export const RUNNER_METADATA_KEYS: readonly string[] = ['runner_type', 'entry_point', 'enabled'];

function runnerOf(value: unknown): unknown {
  return typeof value === 'string' ? (canonicalRunner(value) ?? value) : value;
}

/** Compares runner, entry point and `enabled`. A runner alias (`run-python` for `python-script`) is no change. */
export function compareRunnerMetadata(
  rec: Recorder,
  from: Record<string, unknown>,
  to: Record<string, unknown>,
): void {
  if (!sameValue(runnerOf(from.runner_type), runnerOf(to.runner_type))) {
    rec.record(
      'action.runner-changed',
      `${sentence(rec.label)} now runs with ${show(to.runner_type)} instead of ${show(from.runner_type)}: callers that pass the old runner's own parameters (hosts, cwd, env…) may break`,
      { path: 'runner_type', before: from.runner_type, after: to.runner_type },
    );
  }
  if (!sameValue(from.entry_point, to.entry_point)) {
    rec.record(
      'action.entry-point-changed',
      `Entry point of ${rec.label} changed from ${show(from.entry_point)} to ${show(to.entry_point)}`,
      { path: 'entry_point', before: from.entry_point, after: to.entry_point },
    );
  }
  // StackStorm runs an action unless it says `enabled: false`.
  const wasEnabled = from.enabled !== false;
  const isEnabled = to.enabled !== false;
  if (wasEnabled && !isEnabled) {
    rec.record('action.disabled', `${sentence(rec.label)} was disabled: calls to it will be refused`, {
      path: 'enabled',
      before: from.enabled,
      after: to.enabled,
    });
  } else if (!wasEnabled && isEnabled) {
    rec.record('action.enabled', `${sentence(rec.label)} was enabled`, {
      path: 'enabled',
      before: from.enabled,
      after: to.enabled,
    });
  }
}
