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
});
