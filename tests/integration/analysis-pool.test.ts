/**
 * The analysis pool on its own (real worker threads, no server): a full queue refuses with
 * SERVER_BUSY while the re-check a publish makes under its lock still goes ahead; errors thrown in
 * the worker come back with their code; a diff sends both sides' files back whole; closing refuses
 * what waits and stops the workers (else this file would never end).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegistryError } from '../../src/core/errors.js';
import { DEFAULT_LIMITS } from '../../src/core/limits.js';
import { textOf } from '../../src/core/package-files.js';
import { createAnalysisPool } from '../../src/services/analysis-pool.js';
import { buildTarball } from '../helpers/packages.js';

const limits = { ...DEFAULT_LIMITS };
const small = buildTarball({
  name: '@pool/small',
  version: '1.0.0',
  dependencies: { '@pool/dep': '^1.0.0' },
});

describe('analysis pool', () => {
  it('refuses past its queue with SERVER_BUSY; an urgent task goes ahead of and past it', async () => {
    const pool = createAnalysisPool({ workers: 1, queue: 1, timeoutMs: 600_000, heapMb: 256, idleMs: 0 });
    try {
      // The worker starts on first use, so the first task waits in the queue and fills it.
      const first = pool.run({ kind: 'declared', tarball: small, limits });
      await assert.rejects(pool.run({ kind: 'declared', tarball: small, limits }), (error) => {
        assert.ok(isRegistryError(error, 'SERVER_BUSY'), String(error));
        assert.ok(error.retryAfter && error.retryAfter > 0);
        return true;
      });
      const urgent = pool.run({ kind: 'declared', tarball: small, limits }, { urgent: true });
      assert.deepEqual(await urgent, { '@pool/dep': '^1.0.0' });
      assert.deepEqual(await first, { '@pool/dep': '^1.0.0' });
    } finally {
      await pool.close();
    }
  });

  it('rebuilds the errors a task throws with their code; other tasks go on', async () => {
    const pool = createAnalysisPool({ workers: 1, queue: 10, timeoutMs: 600_000, heapMb: 256, idleMs: 0 });
    try {
      await assert.rejects(
        pool.run({ kind: 'declared', tarball: new Uint8Array([1, 2, 3]), limits }),
        (error) => isRegistryError(error, 'TARBALL_INVALID'),
      );
      assert.deepEqual(await pool.run({ kind: 'declared', tarball: small, limits }), {
        '@pool/dep': '^1.0.0',
      });
    } finally {
      await pool.close();
    }
  });

  it('diffs two tarballs and can send their files back', async () => {
    const pool = createAnalysisPool({ workers: 1, queue: 10, timeoutMs: 600_000, heapMb: 256, idleMs: 0 });
    try {
      const to = buildTarball({ name: '@pool/small', version: '1.1.0', parameters: { extra: false } });
      const answer = await pool.run({ kind: 'diff', from: small, to, limits, compare: true, files: true });
      assert.equal(answer.diff?.requiredBump, 'minor');
      const [before, after] = answer.sides!;
      assert.match(textOf(before.get('patternhub.yaml')!), /version: 1\.0\.0/);
      assert.match(textOf(after.get('patternhub.yaml')!), /version: 1\.1\.0/);
      // The caller's bytes were copied, not handed over.
      assert.ok(small.byteLength > 0);
    } finally {
      await pool.close();
    }
  });

  it('stops a worker idle for idleMs (never with 0) and starts one again for the next task', async () => {
    const settings = { workers: 1, queue: 10, timeoutMs: 600_000, heapMb: 256 };
    const reaped = createAnalysisPool({ ...settings, idleMs: 100 });
    const kept = createAnalysisPool({ ...settings, idleMs: 0 });
    try {
      assert.deepEqual(reaped.stats(), { workers: 0, queued: 0 }, 'workers start on first use');
      const expected = { '@pool/dep': '^1.0.0' };
      assert.deepEqual(await kept.run({ kind: 'declared', tarball: small, limits }), expected);
      assert.deepEqual(await reaped.run({ kind: 'declared', tarball: small, limits }), expected);
      assert.equal(reaped.stats().workers, 1);
      // The idle timer is what is tested: wait (bounded) for its effect.
      const deadline = Date.now() + 30_000;
      while (reaped.stats().workers > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(reaped.stats().workers, 0, 'the idle worker was stopped');
      assert.equal(kept.stats().workers, 1, 'idleMs 0: the worker idle as long is kept');
      assert.deepEqual(await reaped.run({ kind: 'declared', tarball: small, limits }), expected);
      assert.equal(reaped.stats().workers, 1);
    } finally {
      await reaped.close();
      await kept.close();
    }
  });

  it('refuses what still waits when it closes', async () => {
    const pool = createAnalysisPool({ workers: 1, queue: 10, timeoutMs: 600_000, heapMb: 256, idleMs: 0 });
    const waiting = assert.rejects(pool.run({ kind: 'declared', tarball: small, limits }), /shutting down/);
    await pool.close();
    await waiting;
    await assert.rejects(pool.run({ kind: 'declared', tarball: small, limits }), /closed/);
  });
});
