import type { Executor } from '../db/database.js';

/**
 * Where tarballs live, content-addressed by the hex of their sha512. `put` is idempotent: the
 * same key always holds the same bytes. It takes the publish transaction so a store inside the
 * database commits or rolls back with the version row.
 */
export interface BlobStore {
  readonly kind: 'postgres' | 'filesystem';
  put(key: string, data: Uint8Array, executor: Executor): Promise<void>;
  /**
   * Reads a blob. Inside a transaction pass it as `executor`: asking the pool for a second
   * connection while the transaction holds row locks deadlocks once the pool is full of publishes.
   */
  get(key: string, executor?: Executor): Promise<Uint8Array | undefined>;
}

const KEY = /^[0-9a-f]{128}$/;

export function assertBlobKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a blob key: ${key.slice(0, 16)}…`);
}
