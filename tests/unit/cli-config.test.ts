import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCliConfig } from '../../registry-cli/config.js';
import { isRegistryError } from '../../src/core/errors.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('patternhub-cli-config');

async function load(text: string) {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return loadCliConfig({ PATTERNHUB_CONFIG: file }, {});
}

describe('the CLI config file (schema/cli-config.schema.json)', () => {
  it('reads registries, scopes and tokens', async () => {
    const config = await load(
      'registry: https://patterns.example.org\nscopes:\n  "@acme": https://acme.example\ntokens:\n  https://acme.example: ph_x\n',
    );
    assert.equal(config.registryFor('acme'), 'https://acme.example');
    assert.equal(config.tokenFor('https://acme.example'), 'ph_x');
  });

  it('reports every bad field together, each with its pointer', async () => {
    await assert.rejects(
      load('registry: 42\nscopes:\n  team: https://x.example\ntokens:\n  https://x.example: ""\n'),
      (error) => {
        assert.ok(isRegistryError(error, 'CONFIG_INVALID'));
        const issues = (error.details as { issues: Array<{ pointer: string }> }).issues;
        assert.deepEqual(issues.map((issue) => issue.pointer).sort(), [
          '/registry',
          '/scopes',
          '/tokens/https:~1~1x.example',
        ]);
        return true;
      },
    );
  });

  it('takes an empty scopes: or tokens: as none, and names a scalar there as the wrong shape', async () => {
    const config = await load('registry: https://patterns.example.org\nscopes:\ntokens:\n');
    assert.equal(config.registryFor('acme'), 'https://patterns.example.org');
    assert.equal(config.tokenFor('https://patterns.example.org'), undefined);
    await assert.rejects(load('scopes: "@acme"\n'), (error) => {
      assert.ok(isRegistryError(error, 'CONFIG_INVALID'));
      assert.match(error.message, /\/scopes must be an object/);
      return true;
    });
  });

  it('edit() checks the result against the same schema and writes nothing when it does not fit', async () => {
    const file = join(dir, 'edited.yaml');
    writeFileSync(file, '# mine\nregistry: https://patterns.example.org\n');
    const config = await loadCliConfig({ PATTERNHUB_CONFIG: file }, {});
    await assert.rejects(
      config.edit((doc) => doc.setIn(['scopes', 'acme'], 'https://x.example')),
      (error) => isRegistryError(error, 'CONFIG_INVALID'),
    );
    assert.equal(readFileSync(file, 'utf8'), '# mine\nregistry: https://patterns.example.org\n');
    await config.edit((doc) => doc.setIn(['scopes', '@acme'], 'https://x.example'));
    assert.match(readFileSync(file, 'utf8'), /^# mine\n[\s\S]*"?@acme"?: https:\/\/x\.example/);
  });

  it('refuses a document that is not a map', async () => {
    await assert.rejects(load('- a\n'), (error) => isRegistryError(error, 'CONFIG_INVALID'));
  });
});
