import type { RegistryError } from '../src/core/errors.js';
import { painter } from './output.js';

/** The one place that turns an error into what a person (or a script, with --json) reads. */
export function renderError(error: RegistryError, options: { json: boolean; color: boolean }): string {
  if (options.json) {
    return JSON.stringify(
      { error: { code: error.code, message: error.message, hint: error.hint, details: error.details } },
      null,
      2,
    );
  }
  const paint = painter(options.color);
  const lines = [`${paint('red', 'error')} ${paint('bold', error.code)}: ${error.message}`];
  const issues = (
    error.details as {
      issues?: Array<{ severity: string; code: string; file: string; pointer: string; message: string }>;
    }
  )?.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues) {
      lines.push(
        `  ${issue.severity === 'error' ? paint('red', '✖') : paint('yellow', '!')} ${issue.file}${issue.pointer ? `#${issue.pointer}` : ''} ${paint('gray', issue.code)} ${issue.message}`,
      );
    }
  }
  const changes = (error.details as { changes?: Array<{ weight: string; message: string }> })?.changes;
  if (Array.isArray(changes)) {
    for (const change of changes)
      lines.push(`  ${paint('yellow', change.weight.toUpperCase())} ${change.message}`);
  }
  if (error.hint) lines.push(`${paint('cyan', 'hint')} ${error.hint}`);
  return lines.join('\n');
}
