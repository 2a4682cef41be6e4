import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { parseYaml } from '../../src/core/yaml.js';

describe('parseYaml', () => {
  it('parses Orquesta expressions as plain strings', () => {
    const doc = parseYaml('input: { hosts: <% ctx().host %> }\n', 'w.yaml') as { input: { hosts: string } };
    assert.equal(doc.input.hosts, '<% ctx().host %>');
  });

  it('refuses a billion-laughs document with INVALID_YAML', () => {
    const lines = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const prev = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    assert.throws(
      () => parseYaml(lines.join('\n'), 'bomb.yaml'),
      (error) => isRegistryError(error, 'INVALID_YAML'),
    );
  });

  it('refuses duplicate keys and reports the line', () => {
    assert.throws(
      () => parseYaml('a: 1\na: 2\n', 'dup.yaml'),
      (error) => isRegistryError(error, 'INVALID_YAML') && (error.details as { line: number }).line === 2,
    );
  });

  const refusedQuickly = (text: string) => {
    assert.throws(
      () => parseYaml(text, 'bomb.yaml'),
      (error) => isRegistryError(error, 'INVALID_YAML'),
    );
  };

  it('finds a duplicate among 15,000 keys (linear, not quadratic) and refuses over-large documents', () => {
    const keys = Array.from({ length: 15_000 }, (_, i) => `k${i}: ${i}`);
    assert.equal(Object.keys(parseYaml(keys.join('\n'), 'many.yaml') as object).length, 15_000);
    refusedQuickly([...keys, 'k7: again'].join('\n'));
    refusedQuickly(`a: "${'x'.repeat(600 * 1024)}"`);
  });

  it('bounds depth, value count and expanded text', () => {
    refusedQuickly(`a: ${'['.repeat(200)}${']'.repeat(200)}`);
    refusedQuickly(`a: ${'{a: '.repeat(100)}1${'}'.repeat(100)}`);
    let nested = 'a: 1\n';
    for (let depth = 1; depth <= 70; depth++) nested = `${'  '.repeat(0)}k:\n${nested.replace(/^/gm, '  ')}`;
    refusedQuickly(nested);
    // A 9 KB string used 99 times by aliases expands to about 900 KB: under the alias limit, over the text one.
    const big = `s: &s "${'x'.repeat(9000)}"\nl: [${Array(99).fill('*s').join(', ')}]\n`;
    assert.throws(
      () => parseYaml(big, 'strings.yaml', { maxExpandedChars: 500_000 }),
      (error) => isRegistryError(error, 'INVALID_YAML') && /characters/.test(error.message),
    );
    assert.throws(
      () =>
        parseYaml(
          'a: 1\n'.repeat(1) + Array.from({ length: 2000 }, (_, i) => `k${i}: [1, 2, 3]`).join('\n'),
          'n.yaml',
          { maxNodes: 1000 },
        ),
      (error) => isRegistryError(error, 'INVALID_YAML') && /values/.test(error.message),
    );
  });

  it('refuses explicit tags outside the core schema, and self-referencing aliases', () => {
    refusedQuickly('a: !!python/object/apply:os.system ["rm -rf /"]\n');
    refusedQuickly('a: !!js/function "function () {}"\n');
    refusedQuickly('a: !custom 1\n');
    refusedQuickly('a: &a [*a]\n');
    // Core tags are plain YAML and stay allowed.
    assert.deepEqual(parseYaml('a: !!str 1\n', 't.yaml'), { a: '1' });
  });
});
