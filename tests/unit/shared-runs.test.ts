import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedRuns } from '../../src/core/shared-runs.js';

/** A run the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('sharedRuns', () => {
  it('concurrent calls with one key share one run; other keys run their own', async () => {
    const shared = sharedRuns<string, number>();
    const gate = deferred<number>();
    let started = 0;
    const run = () => {
      started++;
      return gate.promise;
    };
    const first = shared('a', run);
    const second = shared('a', run);
    const other = shared('b', async () => 7);
    assert.equal(started, 1);
    gate.resolve(42);
    assert.deepEqual(await Promise.all([first, second, other]), [42, 42, 7]);
  });

  it('forgets a key once its run settles, failed or not', async () => {
    const shared = sharedRuns<string, number>();
    const failing = deferred<number>();
    const failed = shared('a', () => failing.promise);
    failing.reject(new Error('upstream down'));
    await assert.rejects(failed, /upstream down/);
    assert.equal(await shared('a', async () => 1), 1);
    assert.equal(await shared('a', async () => 2), 2);
  });
});
