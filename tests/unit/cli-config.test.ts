import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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

  it('refuses a document that is not a map', async () => {
    await assert.rejects(load('- a\n'), (error) => isRegistryError(error, 'CONFIG_INVALID'));
  });
});
