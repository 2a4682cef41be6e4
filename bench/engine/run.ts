/**
 * The engine beside Orquesta's own conductor: both run every case of the agreement corpus
 * (tests/fixtures/engine-corpus) with mocked actions, in the same run on the same machine; prints
 * milliseconds per case for each and the ratio. Orquesta runs in /usr/bin/python3 through
 * scripts/orquesta-record.py --bench (its Python start-up is outside the timed loop).
 *   npx tsx bench/engine/run.ts [--rounds N] [--json]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { evaluatorForEngine, runWorkflow } from '../../src/core/engine/index.js';
import { loadPatternTests, mockOutcome } from '../../src/core/pattern-tests/index.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '20' }, json: { type: 'boolean' } },
});
const rounds = Number(values.rounds);
const root = new URL('../../', import.meta.url).pathname;
const corpus = join(root, 'tests', 'fixtures', 'engine-corpus');

const files = new Map<string, Uint8Array>();
for (const sub of ['workflows', 'tests']) {
  for (const name of readdirSync(join(corpus, sub)))
    files.set(`${sub}/${name}`, readFileSync(join(corpus, sub, name)));
}
const { cases } = loadPatternTests(files);

async function ours(): Promise<number> {
  const start = performance.now();
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      await runWorkflow(c.definition, {
        evaluator: evaluatorForEngine({ st2kv: c.st2kv }),
        inputs: c.input,
        execute: async (request) => mockOutcome(c.actions, request),
      });
    }
  }
  return (performance.now() - start) / (rounds * cases.length);
}

function orquesta(): number {
  const run = spawnSync(
    '/usr/bin/python3',
    [join(root, 'scripts', 'orquesta-record.py'), '--bench', String(rounds)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`orquesta bench failed: ${run.stderr}`);
  return (JSON.parse(run.stdout.trim().split('\n').pop()!) as { msPerCase: number }).msPerCase;
}

await ours(); // warm-up: JIT and the expression caches
const oursMs = await ours();
const theirsMs = orquesta();
const result = {
  cases: cases.length,
  rounds,
  oursMsPerCase: oursMs,
  orquestaMsPerCase: theirsMs,
  speedup: theirsMs / oursMs,
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`corpus: ${cases.length} cases × ${rounds} rounds`);
  console.log(`patternhub engine  ${oursMs.toFixed(2)} ms/case`);
  console.log(`orquesta conductor ${theirsMs.toFixed(2)} ms/case`);
  console.log(`ratio (orquesta / ours) ${result.speedup.toFixed(1)}×`);
}
