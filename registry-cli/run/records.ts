/**
 * Execution records of `patternhub run`: one JSON file per run in the project's
 * `.patternhub/runs/<id>.json` (inputs, every task with timestamps, input and result, the path taken,
 * status, output, errors), written once the run ends, read back by `patternhub runs show`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PathEntry, RunResult } from '../../src/core/engine/index.js';
import { RegistryError } from '../../src/core/errors.js';

export interface RunRecord {
  id: string;
  workflow: string;
  package: { name: string; version: string | undefined };
  dryRun: boolean;
  mocked: string[];
  startedAt: string;
  finishedAt: string;
  inputs: Record<string, unknown>;
  status: string;
  output: Record<string, unknown> | null;
  errors: RunResult['errors'];
  path: PathEntry[];
  tasks: {
    task: string;
    route: number;
    itemId?: number;
    action: unknown;
    input: unknown;
    status: string;
    result: unknown;
    startedAt: string;
    finishedAt: string;
    durationMs: number;
  }[];
}

const ID = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

export function runsDir(projectDir: string): string {
  return join(projectDir, '.patternhub', 'runs');
}

export function newRunId(at: Date): string {
  return `${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** Writes the record atomically (a temporary file renamed into place). */
export function writeRecord(projectDir: string, record: RunRecord): string {
  const dir = runsDir(projectDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${record.id}.json`);
  const tmp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

export function readRecord(projectDir: string, id: string): RunRecord {
  if (!ID.test(id))
    throw new RegistryError('USAGE', `"${id}" is not a run id`, {
      hint: 'List them with `patternhub runs list`.',
    });
  const file = join(runsDir(projectDir), `${id}.json`);
  if (!existsSync(file)) throw new RegistryError('RUN_NOT_FOUND', `No run ${id} in ${runsDir(projectDir)}`);
  return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
}

export function listRecords(projectDir: string): RunRecord[] {
  const dir = runsDir(projectDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => ID.test(f.replace(/\.json$/, '')) && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunRecord);
}
