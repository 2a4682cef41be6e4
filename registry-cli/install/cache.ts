/**
 * The content-addressed download cache shared by every project of a user (`~/.cache/patternhub`).
 *
 * ```
 * <cache>/tarballs/<ab>/<sha512 hex>       one tarball, named by its integrity
 * <cache>/metadata/<registry key>/@scope/name.json   the last package metadata seen (for --offline)
 * ```
 * Tarballs are immutable, so a name is never rewritten once it holds the right bytes. Every entry is
 * written to a temporary file in its own folder and renamed into place: a reader sees a whole file
 * or none, even with two installs running at once. Reads re-hash the bytes, since a cache on disk can
 * be damaged or edited, and the integrity is the only thing an install trusts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LOCKFILE_VERSION, type Lockfile, verifyParsedLockfile } from '../../src/core/lockfile.js';
import { computeIntegrity, integrityToHex } from '../../src/core/tarball/integrity.js';
import type { Packument } from '../../src/core/types.js';
import { cacheDirFor } from '../cache-dir.js';

export { cacheDirFor };

/** What a cache read found. */
export type CachedTarball =
  | { status: 'hit'; bytes: Uint8Array }
  | { status: 'miss' }
  /** The file was there but its bytes do not hash to the integrity; it has been removed. */
  | { status: 'corrupt'; actual: string };

export interface PackumentCacheEntry {
  registry: string;
  /** When the metadata was fetched (ISO 8601). */
  fetchedAt: string;
  packument: Packument;
}

export interface TarballCache {
  readonly dir: string;
  /** The tarball with this integrity, verified; a damaged entry is evicted and reported as `corrupt`. */
  getTarball(integrity: string): CachedTarball;
  /**
   * Stores a tarball already verified against `integrity`, in the background (the write overlaps the
   * downloads still running; `flush` waits for it). Best effort: a full disk must not fail an install.
   */
  putTarball(integrity: string, bytes: Uint8Array): void;
  getPackument(registry: string, name: string): PackumentCacheEntry | undefined;
  putPackument(registry: string, name: string, packument: Packument): void;
  /**
   * A lockfile's text parsed, from the cache when this exact text was parsed before. Parsing YAML with
   * a cold parser is the largest single cost of installing from a lockfile and a warm cache, and the
   * same lockfile is read on every machine and CI run of a team; the key is the text's sha256. A
   * cached copy is used only if it serializes back to exactly this text.
   */
  parseLockfile(text: string, parse: (text: string) => Lockfile): Lockfile;
  /** Resolves when every background write has finished (or failed, with a warning). */
  flush(): Promise<void>;
}

/** Hex file name from an integrity; integrityToHex rejects anything that is not one sha512 digest. */
function tarballPath(dir: string, integrity: string): string {
  const hex = integrityToHex(integrity);
  return join(dir, 'tarballs', hex.slice(0, 2), hex);
}

/** A registry URL becomes a folder name: hashed, since URLs hold characters no file system likes. */
function registryKey(registry: string): string {
  return createHash('sha256').update(registry).digest('hex').slice(0, 16);
}

function writeAtomically(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function readIfPresent(path: string): Buffer | undefined {
  // existsSync first: a miss is the common case of a cold install, and a thrown ENOENT is not free.
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/**
 * Opens the cache in `dir` (created on first write, 0700: private packages' metadata lands here).
 * `onWarning` hears about writes that failed, which cost speed later but never correctness now.
 */
export function openCache(dir: string, onWarning: (message: string) => void = () => {}): TarballCache {
  const pending = new Set<Promise<void>>();
  // One mkdir per folder per run, however many entries land in it.
  const folders = new Map<string, Promise<unknown>>();
  const ensureFolder = (folder: string) => {
    let made = folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true, mode: 0o700 });
      folders.set(folder, made);
    }
    return made;
  };
  const writeInBackground = (path: string, data: Uint8Array | string) => {
    const write = (async () => {
      await ensureFolder(dirname(path));
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, data, { mode: 0o600 });
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    })().catch((error: unknown) => {
      onWarning(`could not write to the cache ${dir}: ${(error as Error).message}`);
    });
    pending.add(write);
    void write.finally(() => pending.delete(write));
  };
  return {
    dir,
    getTarball(integrity) {
      const path = tarballPath(dir, integrity);
      const bytes = readIfPresent(path);
      if (!bytes) return { status: 'miss' };
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const actual = computeIntegrity(view);
      if (actual === integrity) return { status: 'hit', bytes: view };
      // Evicted so the next online install repairs it instead of tripping on it again.
      try {
        unlinkSync(path);
      } catch {
        // Read-only cache: the caller reports the damage either way.
      }
      return { status: 'corrupt', actual };
    },
    putTarball(integrity, bytes) {
      writeInBackground(tarballPath(dir, integrity), bytes);
    },
    getPackument(registry, name) {
      const bytes = readIfPresent(join(dir, 'metadata', registryKey(registry), `${name}.json`));
      if (!bytes) return undefined;
      try {
        const entry = JSON.parse(bytes.toString('utf8')) as PackumentCacheEntry;
        // A hash collision of registry URLs is all but impossible, but the check is free.
        return entry.registry === registry && entry.packument?.name === name ? entry : undefined;
      } catch {
        return undefined;
      }
    },
    parseLockfile(text, parse) {
      // The format version is in the name: a patternhub reading lockfiles differently never shares entries.
      const key = createHash('sha256').update(text).digest('hex');
      const path = join(dir, 'lockfiles', `v${LOCKFILE_VERSION}-${key.slice(0, 2)}`, `${key}.json`);
      const bytes = readIfPresent(path);
      if (bytes) {
        try {
          // Never trusted as it is: anyone who can write the cache could change what gets installed.
          const lock = verifyParsedLockfile(JSON.parse(bytes.toString('utf8')), text);
          if (lock) return lock;
        } catch {
          // A damaged entry: parse the text again, and overwrite it below.
        }
      }
      const lock = parse(text);
      try {
        writeAtomically(path, JSON.stringify(lock));
      } catch (error) {
        onWarning(`could not write to the cache ${dir}: ${(error as Error).message}`);
      }
      return lock;
    },
    putPackument(registry, name, packument) {
      const entry: PackumentCacheEntry = { registry, fetchedAt: new Date().toISOString(), packument };
      writeInBackground(join(dir, 'metadata', registryKey(registry), `${name}.json`), JSON.stringify(entry));
    },
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
