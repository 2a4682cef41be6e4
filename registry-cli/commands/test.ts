import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluatorForEngine } from '../../src/core/engine/evaluator.js';
import { ERROR_CODES } from '../../src/core/errors.js';
import type { PackageFiles } from '../../src/core/package-files.js';
import {
  isTestFile,
  loadPatternTests,
  runPatternTests,
  type TestCaseResult,
} from '../../src/core/pattern-tests/index.js';
import { defineCommand } from '../command.js';
import { painter } from '../output.js';
import { readPackageFolder } from '../package-folder.js';
import { formatErrors, formatPath } from '../run/trace.js';
import { renderIssues } from './validate.js';

/** `tests/*.yaml` files of the folder that the package's file selection leaves out. */
function unpackedTests(dir: string, packed: PackageFiles): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  const testsDir = join(dir, 'tests');
  if (!existsSync(testsDir)) return found;
  for (const entry of readdirSync(testsDir, { withFileTypes: true })) {
    const path = `tests/${entry.name}`;
    if (entry.isFile() && isTestFile(path) && !packed.has(path))
      found.set(path, new Uint8Array(readFileSync(join(testsDir, entry.name))));
  }
  return found;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function renderCase(result: TestCaseResult, color: boolean): string {
  const paint = painter(color);
  const title = `${result.file}${result.description ? paint('gray', ` (${result.description})`) : ''}`;
  if (result.passed) return `${paint('green', '✔')} ${title}`;
  const lines = [`${paint('red', '✖')} ${title}`];
  for (const f of result.failures) {
    lines.push(`    ${paint('red', f.expectation)}: expected ${show(f.expected)}, got ${show(f.actual)}`);
  }
  lines.push(`    path: ${formatPath(result.path, color)}`);
  lines.push(...formatErrors(result.errors, color, '    '));
  return lines.join('\n');
}

export default defineCommand({
  name: 'test',
  summary: "Run a pattern package's tests (tests/*.yaml) with mocked actions",
  usage: 'patternhub test [DIR] [--json]',
  async run(context) {
    const folder = readPackageFolder(context.args[0] ?? context.cwd);
    // Tests run from the folder even when `files:` leaves them out of the tarball; then the registry
    // cannot run them at publish, which is worth saying.
    const unpacked = unpackedTests(folder.dir, folder.files);
    const files = new Map(folder.files);
    for (const [path, bytes] of unpacked) files.set(path, bytes);
    const loaded = loadPatternTests(files);
    if (loaded.issues.length > 0) {
      return {
        text: `${renderIssues(loaded.issues, context.out.color)}\n✖ the test files are invalid`,
        data: { ok: false, issues: loaded.issues },
        exitCode: ERROR_CODES.INVALID_PACKAGE.exit,
      };
    }
    const report = await runPatternTests(loaded.cases, { evaluator: evaluatorForEngine, now: Date.now });
    const paint = painter(context.out.color);
    const summary =
      report.cases.length === 0
        ? 'no test cases (add tests/*.yaml)'
        : report.failed === 0
          ? `${paint('green', '✔')} ${report.passed} passed`
          : `${paint('red', '✖')} ${report.failed} failed, ${report.passed} passed`;
    const note =
      unpacked.size > 0
        ? paint(
            'yellow',
            `note: ${[...unpacked.keys()].join(', ')} ${unpacked.size === 1 ? 'is' : 'are'} not packed (see files: in patternhub.yaml); the registry will not run ${unpacked.size === 1 ? 'it' : 'them'} at publish`,
          )
        : '';
    return {
      text: [...report.cases.map((c) => renderCase(c, context.out.color)), summary, note]
        .filter(Boolean)
        .join('\n'),
      data: { ok: report.failed === 0, ...report },
      exitCode: report.failed === 0 ? 0 : ERROR_CODES.PATTERN_TESTS_FAILED.exit,
    };
  },
});
