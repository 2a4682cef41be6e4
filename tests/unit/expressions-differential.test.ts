/**
 * Our parser and evaluator against StackStorm's Orquesta, case for case: every string value of
 * tests/fixtures/expressions/corpus.txt, with the result Orquesta's own `validate` and `evaluate` gave
 * for context.json (recorded by scripts/record-expressions.sh).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evaluateRaw } from '../../src/core/expressions/evaluate.js';
import {
  type EvaluationScope,
  ExpressionEvaluationError,
  orquestaFunctions,
  orquestaVariableReferences,
  parseValue,
} from '../../src/core/expressions/index.js';
import { JinjaUndefined, pyRepr, toPlain } from '../../src/core/expressions/py-values.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/expressions');

interface Recorded {
  text: string;
  /** The names Orquesta's `extract_vars` finds. */
  vars: string[];
  syntax?: { type: string | null; message: string }[];
  value?: unknown;
  repr?: string;
  unordered?: boolean;
  error?: { type: string; message: string };
}

const context = JSON.parse(readFileSync(join(FIXTURES, 'context.json'), 'utf8')) as Record<string, unknown>;
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'recorded.json'), 'utf8')) as Recorded[];
const generated = JSON.parse(readFileSync(join(FIXTURES, 'generated.json'), 'utf8')) as Recorded[];

/**
 * Where we differ from Orquesta on purpose, and why. Each must still differ (the test says so when
 * one starts to agree, so the list cannot rot).
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  '<% {1 => 2} %>': 'dictionaries are JavaScript objects: every key is a string (Python keeps the int 1)',
};

function scopeFor(data: Record<string, unknown>): EvaluationScope {
  const state = data.__state as { tasks: Record<string, number>; sequence: { status: string }[] };
  return {
    functions: orquestaFunctions({
      vars: data,
      currentTask: data.__current_task as { id: string; route: number; result: unknown },
      currentItem: data.__current_item,
      taskStatus: (id, route) => {
        const index = state.tasks[`${id}__r${route}`];
        return index === undefined ? 'null' : (state.sequence[index]?.status ?? 'null');
      },
    }),
  };
}

/** The Python exception class in Orquesta's message. */
function recordedKind(error: { type: string; message: string }): string {
  if (error.message.startsWith('Unable to resolve key')) return 'KeyError';
  if (error.message.startsWith('There are unresolved variables')) return 'UnresolvedVariables';
  const match = /^Unable to evaluate expression '[\s\S]*?'\. (\w+):/.exec(error.message);
  return match ? match[1]! : error.type;
}

function sortedList(value: unknown): unknown {
  return Array.isArray(value) ? [...value].map((item) => JSON.stringify(item)).sort() : value;
}

function check(record: Recorded, scope: EvaluationScope): string | null {
  const names = orquestaVariableReferences(record.text);
  if (JSON.stringify(names) !== JSON.stringify(record.vars)) {
    return `variable references ${JSON.stringify(names)}, Orquesta ${JSON.stringify(record.vars)}`;
  }
  const parsed = parseValue(record.text);
  if (record.syntax) {
    if (parsed.errors.length === 0) return `Orquesta refuses it (${record.syntax[0]!.message}); we accept it`;
    const ours = parsed.errors.map((error) => error.message);
    const theirs = record.syntax.map((error) => error.message);
    return JSON.stringify(ours) === JSON.stringify(theirs)
      ? null
      : `syntax messages differ: ${JSON.stringify(ours)}`;
  }
  if (parsed.errors.length > 0) return `Orquesta accepts it; we refuse it: ${parsed.errors[0]!.message}`;
  let raw: unknown;
  try {
    raw = evaluateRaw(parsed, scope);
  } catch (error) {
    if (!(error instanceof ExpressionEvaluationError)) return `crashed: ${(error as Error).stack}`;
    if (!record.error) return `Orquesta gives ${record.repr}; we fail: ${error.message}`;
    const expected = recordedKind(record.error);
    return error.kind === expected
      ? null
      : `error kind ${error.kind} (${error.message}), Orquesta: ${expected}`;
  }
  if (record.error) return `Orquesta fails (${record.error.message}); we give ${pyRepr(raw)}`;
  if (raw instanceof JinjaUndefined)
    return record.repr === 'Undefined' ? null : `we give Undefined, Orquesta ${record.repr}`;
  const plain = toPlain(raw);
  if (record.unordered) {
    return JSON.stringify(sortedList(plain)) === JSON.stringify(sortedList(record.value))
      ? null
      : `value ${JSON.stringify(plain)}, Orquesta ${JSON.stringify(record.value)}`;
  }
  try {
    assert.deepStrictEqual(plain, record.value);
  } catch {
    return `value ${JSON.stringify(plain)}, Orquesta ${JSON.stringify(record.value)}`;
  }
  const repr = pyRepr(raw);
  return repr === record.repr ? null : `repr ${repr}, Orquesta ${record.repr}`;
}

describe('expressions: agreement with Orquesta on the recorded corpus', () => {
  it('has a corpus worth the name', () => {
    assert.ok(recorded.length >= 200);
    assert.ok(recorded.some((record) => record.syntax) && recorded.some((record) => record.error));
  });

  for (const [name, records] of [
    ['corpus.txt', recorded],
    ['generated cases', generated],
  ] as const) {
    it(`gives Orquesta’s verdict, value or error kind on every case of ${name}`, () => {
      assert.ok(records.length >= 200);
      assertAgreement(records);
    });
  }
});

function assertAgreement(records: Recorded[]): void {
  const scope = scopeFor(context);
  const mismatches: string[] = [];
  for (const record of records) {
    const problem = check(record, scope);
    const known = KNOWN_DIFFERENCES[record.text];
    if (problem && !known) mismatches.push(`${JSON.stringify(record.text)}: ${problem}`);
    if (!problem && known)
      mismatches.push(`${JSON.stringify(record.text)}: now agrees; drop it from KNOWN_DIFFERENCES`);
  }
  assert.deepEqual(mismatches, []);
}
