/** The human summary of an install, shared by `install`, `uninstall` and `update`. */
import { type Paint, painter } from '../output.js';
import type { InstallReport } from './install.js';
import type { InstallState } from './state.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Past this many changed packages, only the project's own dependencies are listed one per line. */
const MAX_LISTED = 20;

/** One line per change (or per direct dependency, in a large install), then warnings, then totals. */
export function renderInstallReport(report: InstallReport, color: boolean): string {
  const paint: Paint = painter(color);
  const lines: string[] = [];
  const changed = report.added.length + report.updated.length + report.removed.length;
  const listed = (name: string) => changed <= MAX_LISTED || Object.hasOwn(report.dependencies, name);
  for (const entry of report.added.filter((e) => listed(e.name))) {
    lines.push(`${paint('green', '+')} ${entry.name} ${paint('gray', entry.version)}`);
  }
  for (const entry of report.updated.filter((e) => listed(e.name))) {
    lines.push(`${paint('yellow', '~')} ${entry.name} ${paint('gray', `${entry.from} → ${entry.to}`)}`);
  }
  for (const entry of report.removed.filter((e) => listed(e.name))) {
    lines.push(`${paint('red', '-')} ${entry.name} ${paint('gray', entry.version)}`);
  }
  if (lines.length < changed) {
    lines.push(
      paint(
        'gray',
        `… and ${changed - lines.length} more changes among their dependencies (--json lists them)`,
      ),
    );
  }
  for (const warning of report.warnings) lines.push(`${paint('yellow', 'warning')} ${warning}`);
  const parts = [
    report.downloaded > 0 ? `${report.downloaded} downloaded` : '',
    report.fromCache > 0 ? `${report.fromCache} from cache` : '',
    report.unchanged > 0 ? `${report.unchanged} already in place` : '',
  ].filter(Boolean);
  const source = report.resolved ? '' : ', from the lockfile';
  lines.push(
    changed === 0 && report.downloaded + report.fromCache === 0
      ? `Up to date: ${plural(report.packages, 'package')}${source} (${seconds(report.durationMs)})`
      : `${plural(report.packages, 'package')} installed${parts.length ? ` (${parts.join(', ')})` : ''}${source} in ${seconds(report.durationMs)}`,
  );
  return lines.join('\n');
}

/** The report of an install that found the project up to date from its state file alone. */
export function reportFromState(state: InstallState, durationMs: number): InstallReport {
  return {
    packages: Object.keys(state.packages).length,
    dependencies: state.dependencies,
    added: [],
    removed: [],
    updated: [],
    downloaded: 0,
    fromCache: 0,
    unchanged: Object.keys(state.packages).length,
    resolved: false,
    metadataRequests: 0,
    lockfile: 'unchanged',
    manifest: 'unchanged',
    warnings: [],
    durationMs: Math.round(durationMs),
    timings: { resolveMs: Math.round(durationMs), fetchMs: 0, writeMs: 0 },
  };
}
