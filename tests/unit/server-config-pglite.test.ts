/** PGlite's PostgreSQL settings: small memory by default, `PATTERNHUB_PGLITE_SETTINGS` over them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { DEFAULT_PGLITE_SETTINGS, openDatabase } from '../../src/db/open-database.js';
import { parseServerConfig } from '../../src/main/config.js';

const parse = (value?: string) =>
  parseServerConfig({ env: value === undefined ? {} : { PATTERNHUB_PGLITE_SETTINGS: value }, cwd: '/' })
    .pgliteSettings;

describe('PATTERNHUB_PGLITE_SETTINGS', () => {
  it('defaults to the small settings', () => {
    assert.deepEqual(parse(), DEFAULT_PGLITE_SETTINGS);
    assert.equal(parse().shared_buffers, '16MB');
  });

  it('sets names over the defaults, separated by spaces or commas', () => {
    const settings = parse('shared_buffers=64MB, work_mem=8MB  effective_cache_size=1GB');
    assert.equal(settings.shared_buffers, '64MB');
    assert.equal(settings.work_mem, '8MB');
    assert.equal(settings.effective_cache_size, '1GB');
    assert.equal(settings.maintenance_work_mem, DEFAULT_PGLITE_SETTINGS.maintenance_work_mem);
  });

  it('refuses what is not name=value, every bad pair reported', () => {
    for (const bad of ['shared_buffers', 'shared_buffers=', '=16MB', 'shared_buffers=16MB;drop', 'a=b c']) {
      assert.throws(
        () => parse(bad),
        (error) => isRegistryError(error, 'CONFIG_INVALID'),
        bad,
      );
    }
    assert.throws(
      () => parse('x y'),
      (error) =>
        isRegistryError(error, 'CONFIG_INVALID') &&
        (error.details as { problems: string[] }).problems.length === 2,
    );
  });
});

describe('PGlite opens with the settings', () => {
  it('the defaults, then a value given', async () => {
    for (const [settings, expected] of [
      [undefined, '16MB'],
      [{ ...DEFAULT_PGLITE_SETTINGS, shared_buffers: '32MB' }, '32MB'],
    ] as const) {
      const database = await openDatabase(settings ? { pgliteSettings: settings } : {});
      try {
        const rows = await database.pglite!.query<{ shared_buffers: string }>('show shared_buffers');
        assert.equal(rows.rows[0]!.shared_buffers, expected);
      } finally {
        await database.close();
      }
    }
  });
});
