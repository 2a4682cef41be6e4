/**
 * Starts the built CLI (bin/patternhub.js requires this, as dist/launch.cjs): loads the CommonJS
 * bundle dist/cli.cjs through a V8 code cache and runs the command.
 *
 * Node 20 has no `module.enableCompileCache`, and most of a command's start-up is V8 compiling the
 * bundle's functions as they first run (yaml, the schema validators, …). `vm.Script` takes the
 * bytecode of an earlier run (`cachedData`) instead. The cache is kept in the user's cache folder
 * (`<cache>/v8/`, see cacheDirFor), one file per installed bundle and command word, made after the
 * command has run so that it holds the functions that command compiled. One file per command, not
 * one for all: V8 drops the bytecode of functions a process has not run for a while, so a cache made
 * by a later command (or by a long `serve`) loses what an earlier one had added.
 *
 * The file is named after the bundle's path, size and modification time, Node's version and the CPU,
 * so a rebuild, an upgrade or another Node never reads it (V8 itself checks only its own version and
 * flags and the source's length). V8 does not check the bytes of a code cache: a damaged one can crash
 * the process. So the file carries the SHA-1 of its bytes, checked before use; a file that fails any
 * check is ignored and written anew. Files are written whole to a temporary name and renamed into
 * place; any failure to read or write the cache only costs the start-up time it would have saved.
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node 22's switch for its own cache) turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { cacheDirFor } from './cache-dir.js';
import type { MainIo } from './main.js';

type Cli = { runCli(io: MainIo): Promise<number> };

const MAGIC = 'patternhub-code-cache 1';
/** Enough for every command and alias; past it no new file is made (typos are command words too). */
const MAX_FILES = 100;

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/** `MAGIC <sha1 of data>\n` then the V8 data; undefined unless all of it checks. */
export function readCacheFile(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(10);
  if (end < 0 || end > 4096) return undefined;
  const data = bytes.subarray(end + 1);
  return bytes.subarray(0, end).toString('latin1') === `${MAGIC} ${sha1(data)}` ? data : undefined;
}

export function writeCacheFile(file: string, data: Buffer): void {
  const header = `${MAGIC} ${sha1(data)}\n`;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(temporary, Buffer.concat([Buffer.from(header, 'latin1'), data]));
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // No folder to write in: nothing was left either.
    }
  }
}

/**
 * `cli-<where the bundle is>-<which build, which Node>-<command>.v8`; the first part finds the files
 * of this installation, the second those of older builds to remove.
 */
function cacheFileFor(dir: string, bundle: string, command: string): CacheTarget {
  const { size, mtimeMs } = statSync(bundle);
  const where = `cli-${sha1(Buffer.from(bundle)).slice(0, 12)}-`;
  const build = `${where}${sha1(Buffer.from(`${size} ${mtimeMs} ${process.version} ${process.arch}`)).slice(0, 12)}-`;
  return { dir, file: join(dir, `${build}${command}.v8`), where, build };
}

interface CacheTarget {
  dir: string;
  file: string;
  /** File names of this installation start with it… */
  where: string;
  /** …and those of this build with this. */
  build: string;
}

/**
 * The command word of a command line (`patternhub --json validate x` → validate): 'help' when there
 * is none, 'other' for a word no command has the shape of (it names a cache file).
 */
export function commandWord(argv: readonly string[]): string {
  const word = argv.find((token) => !token.startsWith('-'));
  if (word === undefined) return 'help';
  return /^[a-z][a-z-]{0,30}$/.test(word) ? word : 'other';
}

export interface LoadedCli {
  cli: Cli;
  /** Writes the cache if there was none (or none that V8 took); call once the command has run. */
  save(): void;
}

/**
 * Compiles and runs the CommonJS bundle `bundle` with the code cache in `cacheDir` (none if
 * undefined); `command` is the word of what is about to run, whose cache file this is.
 */
export function loadCli(bundle: string, cacheDir: string | undefined, command: string): LoadedCli {
  let target: CacheTarget | undefined;
  let cached: Buffer | undefined;
  if (cacheDir !== undefined) {
    try {
      target = cacheFileFor(join(cacheDir, 'v8'), bundle, command);
      cached = readCacheFile(target.file);
    } catch {
      target = undefined;
    }
  }
  // esbuild writes ASCII (scripts/build.mjs checks): latin1 is the cheapest decoding of it.
  const source = readFileSync(bundle, 'latin1');
  // The wrapper Node gives a CommonJS module, plus the one way out to an ES module (the server).
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname, __patternhub_import) {${source}\n})`,
    { filename: bundle, ...(cached ? { cachedData: cached } : {}) },
  );
  const accepted = cached !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as Cli };
  const dir = dirname(bundle);
  const importBeside = (file: string) => import(pathToFileURL(join(dir, file)).href);
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dir, importBeside);
  return {
    cli: module.exports,
    save() {
      if (!target || accepted || !makeRoom(target)) return;
      writeCacheFile(target.file, script.createCachedData());
    },
  };
}

/**
 * Removes the cache files of earlier builds of this installation (an upgrade, a rebuild: dead
 * weight); false if this build already has MAX_FILES files.
 */
function makeRoom(target: CacheTarget): boolean {
  let names: string[];
  try {
    names = readdirSync(target.dir);
  } catch {
    return true; // no folder yet
  }
  let ours = 0;
  for (const name of names) {
    if (name.startsWith(target.build)) ours++;
    else if (name.startsWith(target.where)) {
      try {
        rmSync(join(target.dir, name), { force: true });
      } catch {
        // Not ours to remove after all (permissions): it only takes room.
      }
    }
  }
  return ours < MAX_FILES;
}

/** bin/patternhub.js: everything but `--version`, which it answers alone. `bundle`: dist/cli.cjs. */
export async function main(input: { argv: string[]; version: string; bundle: string }): Promise<number> {
  const env = process.env;
  const cwd = process.cwd();
  const disabled = env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '';
  let cacheDir: string | undefined;
  try {
    cacheDir = disabled ? undefined : cacheDirFor(env, cwd);
  } catch {
    cacheDir = undefined;
  }
  const loaded = loadCli(input.bundle, cacheDir, commandWord(input.argv));
  const code = await loaded.cli.runCli({
    argv: input.argv,
    env,
    cwd,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    version: input.version,
  });
  loaded.save();
  return code;
}
