/**
 * Runs a pattern package's tests at publish: bounded (actions and time per case, number of cases),
 * yielding to the event loop between engine steps, and refusing the version when a case fails.
 */
import { setImmediate } from 'node:timers/promises';
import { evaluatorForEngine } from '../core/engine/evaluator.js';
import { RegistryError } from '../core/errors.js';
import type { PackageFiles } from '../core/package-files.js';
import {
  loadPatternTests,
  runPatternTests,
  type TestLimits,
  type TestReport,
} from '../core/pattern-tests/index.js';

/** The report stored with the version, or null when the package has no tests. */
export async function runPublishTests(
  files: PackageFiles,
  limits: Partial<TestLimits> = {},
): Promise<TestReport | null> {
  const loaded = loadPatternTests(files);
  if (loaded.issues.length > 0) {
    const first = loaded.issues[0]!;
    throw new RegistryError(
      'INVALID_PACKAGE',
      `A test file is invalid; first: ${first.file}${first.pointer ? ` ${first.pointer}` : ''}: ${first.message}`,
      {
        details: { issues: loaded.issues },
      },
    );
  }
  if (loaded.cases.length === 0) return null;
  const report = await runPatternTests(loaded.cases, {
    evaluator: evaluatorForEngine,
    limits,
    now: () => performance.now(),
    yieldBetweenBatches: () => setImmediate(),
  });
  if (report.failed > 0) {
    const first = report.cases.find((c) => !c.passed)!;
    const broke = first.failures[0];
    throw new RegistryError(
      'PATTERN_TESTS_FAILED',
      `${report.failed} of ${report.cases.length} pattern test${report.cases.length === 1 ? '' : 's'} failed; first: ${first.file}${broke ? `: ${broke.expectation} expected ${JSON.stringify(broke.expected)}, got ${JSON.stringify(broke.actual)}` : ''}`,
      { hint: 'Run `patternhub test` in the package folder.', details: { tests: report } },
    );
  }
  return report;
}
