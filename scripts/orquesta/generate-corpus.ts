/**
 * Writes the Orquesta differential corpus (`corpus-cases.ts`) as Patternhub workflow files under
 * tests/fixtures/orquesta-corpus/<rule>/<name>.yaml, replacing what is there. Run by hand when the
 * cases change, then `npx tsx scripts/orquesta/record-verdicts.ts` to record the inspector's verdicts.
 *   usage: npx tsx scripts/orquesta/generate-corpus.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_CASES } from './corpus-cases.js';

const root = fileURLToPath(new URL('../../tests/fixtures/orquesta-corpus/', import.meta.url));
const seen = new Set<string>();
for (const rule of new Set(CORPUS_CASES.map((c) => c.rule)))
  rmSync(join(root, rule), { recursive: true, force: true });
for (const { rule, name, body } of CORPUS_CASES) {
  const stem = `${rule}-${name}`;
  if (seen.has(stem)) throw new Error(`two cases are named ${stem}`);
  seen.add(stem);
  const indented = body
    .trimEnd()
    .split('\n')
    .map((line) => (line.length > 0 ? `  ${line}` : line))
    .join('\n');
  mkdirSync(join(root, rule), { recursive: true });
  writeFileSync(join(root, rule, `${stem}.yaml`), `name: ${stem}\nworkflow:\n${indented}\n`);
}
console.log(`${CORPUS_CASES.length} workflows written under ${root}`);
