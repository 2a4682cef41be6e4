import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../core/errors.js';

/** The lock file in a PGlite data folder: it holds the pid of the process that has the folder open. */
export const DATA_DIR_LOCK = 'patternhub.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data folder for this process, or throws DATA_DIR_LOCKED when another live process has
 * it: PGlite is one process's database, and two writers (two servers, or `migrate` beside a server)
 * lose each other's commits. A lock left by a dead process (a crash, `kill -9`) is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dir: string): () => void {
  const path = join(dir, DATA_DIR_LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        // Only our own lock: never a successor's.
        if (readPid(path) === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(path);
      if (holder !== undefined && holder !== process.pid && alive(holder)) {
        throw new RegistryError('DATA_DIR_LOCKED', `The data folder ${dir} is in use by process ${holder}`, {
          details: { dir, pid: holder },
          hint: `Stop that server first (a PGlite data folder has one user at a time). If no patternhub runs, delete ${path}.`,
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new RegistryError('DATA_DIR_LOCKED', `Could not lock the data folder ${dir}`, { details: { dir } });
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
