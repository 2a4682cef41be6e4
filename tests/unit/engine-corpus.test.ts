/**
 * The engine agrees with Orquesta's own conductor: every case of tests/fixtures/engine-corpus runs
 * through our engine and must give what scripts/orquesta-record.py recorded from Orquesta (task
 * sequence with routes and statuses, routes, workflow status, output, errors, terminal context).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluatorForEngine } from '../../src/core/engine/evaluator.js';
import { runWorkflow } from '../../src/core/engine/index.js';
import { checkExpectations, loadPatternTests, mockOutcome } from '../../src/core/pattern-tests/index.js';

const CORPUS = new URL('../fixtures/engine-corpus/', import.meta.url).pathname;

function corpusFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const sub of ['workflows', 'tests']) {
    for (const name of readdirSync(join(CORPUS, sub)))
      files.set(`${sub}/${name}`, readFileSync(join(CORPUS, sub, name)));
  }
  return files;
}

const record = JSON.parse(readFileSync(join(CORPUS, 'orquesta-record.json'), 'utf8')) as Record<
  string,
  unknown
>;
const { cases, issues } = loadPatternTests(corpusFiles());

describe('engine corpus: ours matches Orquesta', () => {
  it('has a recording for every case and a case for every recording', () => {
    assert.deepEqual(issues, []);
    assert.deepEqual(cases.map((c) => c.name).sort(), Object.keys(record).sort());
    assert.ok(cases.length >= 30);
  });

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const run = await runWorkflow(testCase.definition, {
        evaluator: evaluatorForEngine({ st2kv: testCase.st2kv }),
        inputs: testCase.input,
        execute: async (request) => mockOutcome(testCase.actions, request),
      });
      const ours = {
        status: run.status,
        output: run.output,
        errors: run.errors.map((e) => ({
          type: e.type,
          ...(e.task_id === undefined ? {} : { task_id: e.task_id }),
          ...(e.route === undefined ? {} : { route: e.route }),
          ...(e.task_transition_id === undefined ? {} : { task_transition_id: e.task_transition_id }),
        })),
        path: run.path,
        routes: run.routes,
        context: run.context,
      };
      assert.deepEqual(ours, record[testCase.name]);
      assert.deepEqual(checkExpectations(testCase, run), [], "the case's own expectations hold");
    });
  }
});
