import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import type { DatabaseHandle, Db } from './database.js';
import * as schema from './schema/index.js';

const { Pool } = pg;

export interface OpenDatabaseOptions {
  /** `postgres://…`: use a real PostgreSQL. Without it, embedded PGlite. */
  url?: string | undefined;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data-folder dump to start from (tests load a migrated template this way). */
  loadDataDir?: Blob | File | undefined;
  /** Connections in the pool (PostgreSQL). */
  poolSize?: number;
  /** Where errors of idle pooled connections go (a database restart drops them); never thrown. */
  onBackgroundError?: (error: Error) => void;
  /** Longest one statement may run, and longest a lock may be waited for (PostgreSQL only). */
  timeouts?: Partial<DatabaseTimeouts>;
  /** PostgreSQL settings of the embedded PGlite (`name` → value); DEFAULT_PGLITE_SETTINGS if omitted. */
  pgliteSettings?: Readonly<Record<string, string>>;
}

/**
 * What PGlite's PostgreSQL may keep in memory. Its WebAssembly memory grows as PostgreSQL touches
 * it and is never given back, so PostgreSQL's own defaults (128 MB of shared buffers, 64 MB for index
 * builds and vacuum) end up resident for the life of the process. PGlite reads its files through
 * Node's file system, whose page cache does the shared buffers' work for a folder on disk: a small
 * pool costs little (bench/README.md, memory). `PATTERNHUB_PGLITE_SETTINGS` changes them.
 */
export const DEFAULT_PGLITE_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  shared_buffers: '16MB',
  maintenance_work_mem: '16MB',
  work_mem: '4MB',
  temp_buffers: '4MB',
});

/** Server-side bounds, so no statement, lock wait or idle transaction holds a pooled connection for ever. */
export interface DatabaseTimeouts {
  /** Longest wait for a free pooled connection. */
  poolWaitMs: number;
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Readonly<DatabaseTimeouts> = Object.freeze({
  poolWaitMs: 10_000,
  statementMs: 30_000,
  lockMs: 10_000,
  idleInTransactionMs: 60_000,
});

/**
 * PGlite's 9 MB of WebAssembly is compiled again, optimised, in the background as it runs hot, by as
 * many threads as V8 may use; each thread's compiler memory stays in that thread's malloc arena after
 * the work is done (glibc keeps it), some 50 MB in all after a publish load (bench/README.md, memory).
 * One compilation thread does the same work, later; set before the first PGlite compiles.
 */
function limitWasmCompilation(): void {
  if (memoryLimited) return;
  memoryLimited = true;
  setFlagsFromString('--wasm-num-compilation-tasks=1');
}
let memoryLimited = false;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const timeouts = { ...DEFAULT_DATABASE_TIMEOUTS, ...options.timeouts };
    const pool = new Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A request waits at most this long for a pooled connection, then fails as DATABASE_BUSY.
      connectionTimeoutMillis: timeouts.poolWaitMs,
      statement_timeout: timeouts.statementMs,
      lock_timeout: timeouts.lockMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      application_name: 'patternhub',
    });
    // A connection dropped by a database restart errors as an event: on an idle one the pool's
    // listener hears it, on a checked-out one (a transaction) only the client's own. Without a
    // listener the event would end the process; the query in flight fails and answers 503.
    const report = (error: Error) => options.onBackgroundError?.(error);
    pool.on('error', report);
    pool.on('connect', (client) => client.on('error', report));
    const db = drizzlePostgres({ client: pool, schema }) as unknown as Db;
    const pinger = new Pool({
      connectionString: options.url,
      max: 1,
      connectionTimeoutMillis: 2000,
      statement_timeout: 2000,
      application_name: 'patternhub-health',
    });
    pinger.on('error', report);
    pinger.on('connect', (client) => client.on('error', report));
    return {
      db,
      driver: 'postgres',
      url: options.url,
      ping: async () => {
        await pinger.query('select 1');
      },
      close: async () => {
        await Promise.all([pool.end(), pinger.end()]);
      },
    };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
  try {
    return await openPglite(options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * Makes a new PGlite data folder (initdb) in a child process. initdb runs a second PostgreSQL beside
 * the first and copies its files over: done here, it leaves some 80 MB resident in the server for
 * good (malloc keeps what it freed; bench/README.md, memory). A folder that has PG_VERSION is made.
 */
async function createDataDirApart(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const script = [
    `import { PGlite } from ${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))};`,
    `const db = new PGlite({ dataDir: ${JSON.stringify(dataDir)} });`,
    'await db.waitReady;',
    'await db.close();',
  ].join('\n');
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: {},
    maxBuffer: 16 * 1024 * 1024,
  });
}

async function openPglite(options: OpenDatabaseOptions, unlock: () => void): Promise<DatabaseHandle> {
  limitWasmCompilation();
  if (options.dataDir && !options.loadDataDir) await createDataDirApart(options.dataDir);
  const client = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: { pg_trgm },
    // PGlite's own start parameters come first; ours are added, not put in their place.
    startParams: [
      ...PGlite.defaultStartParams,
      ...Object.entries(options.pgliteSettings ?? DEFAULT_PGLITE_SETTINGS).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
    ],
  });
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    pglite: client,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        unlock();
      }
    },
  };
}
