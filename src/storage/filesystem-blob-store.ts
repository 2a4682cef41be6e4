import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, type BlobStore } from './blob-store.js';

/**
 * Tarballs as files under `root/ab/cd/<key>`. Written before the publish transaction commits: a
 * failed publish may leave an orphan blob, never a version without its blob. The write goes to a
 * temporary name and is renamed into place, so a reader never sees half a file.
 */
export function createFilesystemBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => join(root, key.slice(0, 2), key.slice(2, 4), key);
  return {
    kind: 'filesystem',
    async put(key, data) {
      assertBlobKey(key);
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, data);
      await rename(temporary, path);
    },
    async get(key) {
      assertBlobKey(key);
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
