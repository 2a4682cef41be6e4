/**
 * Expression costs, printed (never asserted): parsing and analysing every string value of a
 * workflow (what validation pays per workflow), and evaluating expressions (what a run pays).
 *   npx tsx bench/expressions/run.ts [--rounds N]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import {
  contextReads,
  evaluate,
  functionCalls,
  orquestaFunctions,
  parseValue,
} from '../../src/core/expressions/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = join(ROOT, 'tests/fixtures');
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 200;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds per call of `run`, the median of `rounds` timed batches. */
function time(run: () => void, batch: number): number {
  for (let i = 0; i < batch; i += 1) run();
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const start = performance.now();
    for (let i = 0; i < batch; i += 1) run();
    samples.push((performance.now() - start) / batch);
  }
  return median(samples);
}

const workflows = readdirSync(join(FIXTURES, 'packages'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.includes('workflows/') && file.endsWith('.yaml'))
  .map((file) => {
    let doc: { workflow?: unknown } | null = null;
    try {
      doc = parse(readFileSync(join(FIXTURES, 'packages', file), 'utf8')) as { workflow?: unknown };
    } catch {
      // fixtures of invalid YAML have no strings to time
    }
    return { file, values: strings(doc?.workflow ?? doc) };
  })
  .filter((workflow) => workflow.values.length > 0);

const largest = workflows.reduce((a, b) => (b.values.length > a.values.length ? b : a));
const analyse = (values: string[]) => () => {
  for (const value of values) {
    const parsed = parseValue(value);
    contextReads(parsed);
    functionCalls(parsed);
  }
};
const perWorkflow = median(workflows.map((workflow) => time(analyse(workflow.values), 5)));
const perLargest = time(analyse(largest.values), 5);

const corpus = readFileSync(join(FIXTURES, 'expressions/corpus.txt'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => (line.startsWith('json:') ? (JSON.parse(line.slice(5)) as string) : line));
const parsePerValue = time(analyse(corpus), 1) / corpus.length;

const context = JSON.parse(readFileSync(join(FIXTURES, 'expressions/context.json'), 'utf8'));
const scope = {
  functions: orquestaFunctions({
    vars: context,
    currentTask: context.__current_task,
    currentItem: context.__current_item,
  }),
};
const evaluable = corpus.filter((text) => parseValue(text).errors.length === 0);
const evaluatePerValue =
  time(() => {
    for (const text of evaluable) {
      try {
        evaluate(text, scope);
      } catch {
        // evaluation errors are part of the corpus
      }
    }
  }, 1) / evaluable.length;

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
console.log(`workflows: ${workflows.length} fixture workflows, ${rounds} rounds`);
console.log(`parse + analyse, per workflow (median):        ${us(perWorkflow)}`);
console.log(`parse + analyse, largest (${largest.values.length} strings):       ${us(perLargest)}`);
console.log(`parse + analyse, per corpus value (${corpus.length}):   ${us(parsePerValue)}`);
console.log(`evaluate, per corpus value (${evaluable.length}, cached parse): ${us(evaluatePerValue)}`);
