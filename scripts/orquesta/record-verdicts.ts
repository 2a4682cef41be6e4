/**
 * Records the real Orquesta inspector's verdict on every workflow of the differential corpus into
 * tests/fixtures/orquesta-corpus/verdicts.json, which `tests/unit/orquesta-corpus.test.ts` compares
 * our validation against. Run by hand when the corpus changes (it needs the oracle, not npm test):
 *   npx tsx scripts/orquesta/record-verdicts.ts [path/to/orquesta-inspect]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../tests/fixtures/orquesta-corpus/', import.meta.url));
const inspector = process.argv[2] ?? '/work/shared/oracles/orquesta-inspect';

interface OracleError {
  message?: string;
  spec_path?: string | null;
  type?: string | null;
}
interface OracleLine {
  file: string;
  ok: boolean;
  errors: Record<string, (OracleError | string)[]>;
}

/** One recorded verdict: whether Orquesta accepts the workflow, and each error's kind, path and message. */
export interface RecordedVerdict {
  ok: boolean;
  errors: { kind: string; path: string | null; message: string }[];
}

const files: string[] = [];
for (const rule of readdirSync(root, { withFileTypes: true })) {
  if (!rule.isDirectory()) continue;
  for (const file of readdirSync(join(root, rule.name)))
    if (file.endsWith('.yaml')) files.push(join(root, rule.name, file));
}
files.sort();

const run = spawnSync(inspector, files, { encoding: 'utf8', maxBuffer: 1 << 28 });
if (run.error) throw run.error;
const verdicts: Record<string, RecordedVerdict> = {};
for (const line of run.stdout.split('\n')) {
  if (!line.trim()) continue;
  const parsed = JSON.parse(line) as OracleLine;
  const errors: RecordedVerdict['errors'] = [];
  for (const [kind, list] of Object.entries(parsed.errors)) {
    for (const error of list) {
      if (typeof error === 'string') errors.push({ kind, path: null, message: error });
      else errors.push({ kind, path: error.spec_path ?? null, message: error.message ?? '' });
    }
  }
  verdicts[relative(root, parsed.file)] = { ok: parsed.ok, errors };
}
if (Object.keys(verdicts).length !== files.length) {
  throw new Error(
    `the inspector answered for ${Object.keys(verdicts).length} of ${files.length} files:\n${run.stderr}`,
  );
}
writeFileSync(join(root, 'verdicts.json'), `${JSON.stringify(verdicts, null, 1)}\n`);
const rejected = Object.values(verdicts).filter((verdict) => !verdict.ok).length;
console.log(`${files.length} verdicts recorded (${files.length - rejected} valid, ${rejected} invalid)`);
