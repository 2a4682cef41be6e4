/**
 * The differential test: our validation's verdict on every workflow of the Orquesta corpus agrees with
 * the verdict StackStorm's own inspector gave (recorded by scripts/orquesta/record-verdicts.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS_DIR, ourVerdict, recordedVerdicts } from './orquesta-corpus.js';

const verdicts = recordedVerdicts();
const cases = Object.keys(verdicts).sort();

describe('Orquesta corpus', () => {
  it('has a recorded verdict for every workflow, and at least 300 of them', () => {
    const files = readdirSync(CORPUS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((dir) => readdirSync(join(CORPUS_DIR, dir.name)).map((file) => `${dir.name}/${file}`))
      .filter((file) => file.endsWith('.yaml'))
      .sort();
    assert.deepEqual(cases, files);
    assert.ok(cases.length >= 300, `${cases.length} cases`);
    assert.ok(cases.filter((file) => verdicts[file]!.ok).length >= 100, 'valid cases');
    assert.ok(cases.filter((file) => !verdicts[file]!.ok).length >= 100, 'invalid cases');
  });

  it('agrees with the inspector on every workflow, valid or invalid', () => {
    const disagreements: string[] = [];
    for (const file of cases) {
      const recorded = verdicts[file]!;
      const ours = ourVerdict(file);
      if (ours.ok !== recorded.ok) {
        const theirs = recorded.errors.map((error) => `${error.kind} ${error.path}: ${error.message}`);
        const mine = ours.errors.map((issue) => `${issue.code} ${issue.pointer}: ${issue.message}`);
        disagreements.push(
          `${file}: Orquesta ${recorded.ok ? 'accepts' : `refuses (${theirs.join('; ')})`}, we ${ours.ok ? 'accept' : `refuse (${mine.join('; ')})`}`,
        );
      }
    }
    assert.deepEqual(disagreements, [], `${cases.length - disagreements.length}/${cases.length} agree`);
  });

  it('reports the kind of error the inspector reports (schema, semantics, expressions, context)', () => {
    const mismatches: string[] = [];
    for (const file of cases) {
      const recorded = verdicts[file]!;
      if (recorded.ok) continue;
      const theirs = new Set(recorded.errors.map((error) => error.kind));
      const ours = ourVerdict(file).kinds;
      // Where the inspector crashes on a malformed definition, any of our errors is the right answer.
      if (theirs.has('exception')) continue;
      const same = theirs.size === ours.size && [...theirs].every((kind) => ours.has(kind));
      if (!same) mismatches.push(`${file}: Orquesta ${[...theirs].join(',')}, we ${[...ours].join(',')}`);
    }
    assert.deepEqual(mismatches, []);
  });

  it('locates every error: a file and a JSON pointer, and an offset inside an expression', () => {
    for (const file of cases) {
      for (const issue of ourVerdict(file).errors) {
        assert.match(issue.file, /^workflows\/.+\.yaml$/);
        assert.match(issue.pointer, /^\/workflow(\/|$)/, `${file} ${issue.code}`);
        if (
          ['EXPRESSION_SYNTAX', 'MIXED_EXPRESSIONS', 'UNKNOWN_VARIABLE', 'PRIVATE_VARIABLE'].includes(
            issue.code,
          )
        ) {
          assert.equal(typeof issue.offset, 'number', `${file} ${issue.code}`);
        }
      }
    }
  });
});
