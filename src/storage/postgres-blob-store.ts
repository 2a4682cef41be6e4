import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../db/database.js';
import { blobs } from '../db/schema/index.js';
import { assertBlobKey, type BlobStore } from './blob-store.js';

/** Tarballs in the `blobs` table: the default, so a registry is one database to back up. */
export function createPostgresBlobStore(db: Db): BlobStore {
  return {
    kind: 'postgres',
    async put(key, data, executor: Executor) {
      assertBlobKey(key);
      await executor.insert(blobs).values({ key, data, size: data.byteLength }).onConflictDoNothing();
    },
    async get(key, executor: Executor = db) {
      assertBlobKey(key);
      const [row] = await executor
        .select({ data: blobs.data })
        .from(blobs)
        .where(eq(blobs.key, key))
        .limit(1);
      return row ? new Uint8Array(row.data) : undefined;
    },
  };
}
