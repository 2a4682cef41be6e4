/**
 * Records Orquesta's verdict on every workflow Patternhub exports in the tests, so the tests (which
 * have no Python) can check exported workflows against StackStorm's own inspector through recorded
 * results. Run by hand after a change to import or export:
 *
 *   npx tsx scripts/stackstorm/record-inspections.ts [ORQUESTA_INSPECT]
 *
 * It imports then exports the test packs, the samples and every napalm release of the history test,
 * runs `orquesta-inspect` (../shared/oracles) on each definition, as imported and as exported, and writes
 * tests/fixtures/stackstorm-oracle/orquesta-verdicts.json: sha256 of the file → verdict.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesFromRecord, textOf } from '../../src/core/package-files.js';
import { exportPack, importPack, parsePackYaml } from '../../src/core/stackstorm/index.js';
import { napalmReleases } from '../../tests/helpers/napalm-history.js';
import { orquestaDefinitions } from '../../tests/helpers/stackstorm-oracle.js';
import {
  actionsOnlyPack,
  readTree,
  richPack,
  SAMPLE_PACKS,
  SAMPLES_DIR,
  workflowsOnlyPack,
} from '../../tests/helpers/stackstorm-packs.js';

const inspect = process.argv[2] ?? '/work/shared/oracles/orquesta-inspect';
const out = join(
  import.meta.dirname,
  '..',
  '..',
  'tests',
  'fixtures',
  'stackstorm-oracle',
  'orquesta-verdicts.json',
);

const packs: Array<[string, Map<string, Uint8Array>]> = [
  ['rich', filesFromRecord(richPack())],
  ['actions-only', filesFromRecord(actionsOnlyPack())],
  ['workflows-only', filesFromRecord(workflowsOnlyPack())],
  ...SAMPLE_PACKS.map(
    (name) => [name, readTree(join(SAMPLES_DIR, name))] as [string, Map<string, Uint8Array>],
  ),
  ...napalmReleases().map(
    (release) =>
      [`napalm ${release.tag}`, filesFromRecord(release.files)] as [string, Map<string, Uint8Array>],
  ),
];

const work = mkdtempSync(join(tmpdir(), 'ph-inspect-'));
const sources = new Map<string, string>();
const texts = new Map<string, string>();
for (const [label, files] of packs) {
  // The pack's own definitions too: an exported workflow must fare no worse than the one imported.
  for (const path of orquestaDefinitions(files, parsePackYaml)) {
    const text = textOf(files.get(path)!);
    const hash = createHash('sha256').update(text).digest('hex');
    if (!sources.has(hash)) sources.set(hash, `${label} (as imported): ${path}`);
    texts.set(hash, text);
  }
  const exported = exportPack(importPack(files, { scope: 'acme' }).packages.map((pkg) => pkg.files));
  for (const path of orquestaDefinitions(exported.files, parsePackYaml)) {
    const text = textOf(exported.files.get(path)!);
    const hash = createHash('sha256').update(text).digest('hex');
    if (!sources.has(hash)) sources.set(hash, `${label}: ${path}`);
    texts.set(hash, text);
  }
}
// Packages written for Patternhub (no pack behind them), exported as they are.
for (const fixture of ['valid-pattern']) {
  const files = readTree(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'packages', fixture));
  const exported = exportPack([files]);
  for (const path of orquestaDefinitions(exported.files, parsePackYaml)) {
    const text = textOf(exported.files.get(path)!);
    const hash = createHash('sha256').update(text).digest('hex');
    if (!sources.has(hash)) sources.set(hash, `fixture ${fixture}: ${path}`);
    texts.set(hash, text);
  }
}
const verdicts: Record<string, { ok: boolean; errors: unknown; source: string }> = {};
const hashes = [...texts.keys()].sort();
const paths = hashes.map((hash) => {
  const path = join(work, `${hash}.yaml`);
  writeFileSync(path, texts.get(hash)!);
  return path;
});
let output = '';
try {
  output = execFileSync(inspect, paths, { encoding: 'utf8' });
} catch (error) {
  output = String((error as { stdout?: string }).stdout ?? ''); // exit 1 when a file fails: still recorded
}
for (const line of output.split('\n').filter(Boolean)) {
  const verdict = JSON.parse(line) as { file: string; ok: boolean; errors: unknown };
  const hash = verdict.file.slice(work.length + 1, -'.yaml'.length);
  verdicts[hash] = { ok: verdict.ok, errors: verdict.errors, source: sources.get(hash)! };
}
rmSync(work, { recursive: true, force: true });
writeFileSync(out, `${JSON.stringify(verdicts, null, 2)}\n`);
const failed = Object.values(verdicts).filter((verdict) => !verdict.ok);
console.log(`recorded ${Object.keys(verdicts).length} verdicts (${failed.length} failing) into ${out}`);
for (const verdict of failed) console.log(`  FAIL ${verdict.source}: ${JSON.stringify(verdict.errors)}`);
