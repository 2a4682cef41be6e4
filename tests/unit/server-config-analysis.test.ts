/** The analysis pool's settings: defaults, each set from the environment, bad values refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { parseServerConfig } from '../../src/main/config.js';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/services/analysis-pool.js';

const parse = (env: Record<string, string>) => parseServerConfig({ env, cwd: '/' }).analysis;

describe('PATTERNHUB_ANALYSIS_*', () => {
  it('defaults, an idle worker stopped after 10 s', () => {
    assert.deepEqual(parse({}), DEFAULT_ANALYSIS_SETTINGS);
    assert.equal(parse({}).idleMs, 10_000);
  });

  it('takes each setting, 0 keeping idle workers for good', () => {
    const settings = parse({
      PATTERNHUB_ANALYSIS_WORKERS: '2',
      PATTERNHUB_ANALYSIS_QUEUE: '7',
      PATTERNHUB_ANALYSIS_TIMEOUT: '5000',
      PATTERNHUB_ANALYSIS_HEAP_MB: '64',
      PATTERNHUB_ANALYSIS_IDLE: '0',
    });
    assert.deepEqual(settings, { workers: 2, queue: 7, timeoutMs: 5000, heapMb: 64, idleMs: 0 });
  });

  it('refuses what is not a whole number in range', () => {
    for (const [name, bad] of [
      ['PATTERNHUB_ANALYSIS_IDLE', '-1'],
      ['PATTERNHUB_ANALYSIS_IDLE', 'soon'],
      ['PATTERNHUB_ANALYSIS_WORKERS', '0'],
      ['PATTERNHUB_ANALYSIS_HEAP_MB', '1.5'],
    ] as const) {
      assert.throws(
        () => parse({ [name]: bad }),
        (error) => isRegistryError(error, 'CONFIG_INVALID'),
        `${name}=${bad}`,
      );
    }
  });
});
