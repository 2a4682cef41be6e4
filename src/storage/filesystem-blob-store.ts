import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertBlobKey, type BlobStore } from './blob-store.js';

/** Leftovers younger than this may belong to a publish still running (here or in another server). */
const SWEEP_AGE_MS = 60 * 60 * 1000;

export interface FilesystemBlobStore extends BlobStore {
  /**
   * Removes what a crash leaves behind: temporary files, and blobs no version references (a
   * publish that failed or died after writing its blob), both only when older than an hour.
   * Returns how many files it removed.
   */
  sweep(isReferenced: (keys: string[]) => Promise<Set<string>>, now?: number): Promise<number>;
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Tarballs as files under `root/ab/cd/<key>`. Written before the publish transaction commits: a
 * failed publish may leave an orphan blob (swept later), never a version without its blob. The write
 * goes to a temporary name, is flushed to disk, and is renamed into place (the folder flushed too), so
 * a reader never sees half a file and a power cut after the commit cannot lose it.
 */
export function createFilesystemBlobStore(root: string): FilesystemBlobStore {
  const pathOf = (key: string) => join(root, key.slice(0, 2), key.slice(2, 4), key);
  return {
    kind: 'filesystem',
    async put(key, data) {
      assertBlobKey(key);
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await syncPath(dirname(path));
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
    async sweep(isReferenced, now = Date.now()) {
      let removed = 0;
      const old = async (path: string) => now - (await stat(path)).mtimeMs > SWEEP_AGE_MS;
      const list = async (path: string) => readdir(path).catch(() => [] as string[]);
      for (const first of await list(root)) {
        if (!/^[0-9a-f]{2}$/.test(first)) continue;
        for (const second of await list(join(root, first))) {
          const folder = join(root, first, second);
          const names = await list(folder);
          const blobs = names.filter((name) => /^[0-9a-f]{128}$/.test(name));
          const referenced = blobs.length > 0 ? await isReferenced(blobs) : new Set<string>();
          for (const name of names) {
            const path = join(folder, name);
            const leftover = name.endsWith('.tmp') || (blobs.includes(name) && !referenced.has(name));
            if (leftover && (await old(path))) {
              await rm(path, { force: true });
              removed++;
            }
          }
        }
      }
      return removed;
    },
  };
}
