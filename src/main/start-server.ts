import type { DatabaseHandle } from '../db/database.js';
import { referencedBlobKeys, vacuumAnalyze } from '../db/maintenance.js';
import { migrateDatabase } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { createApp } from '../server/app.js';
import { listen } from '../server/http-server.js';
import { createDownloadCounter } from '../services/downloads.js';
import type { ServiceDeps } from '../services/services.js';
import { bootstrapAdmin } from '../services/users.js';
import type { BlobStore } from '../storage/blob-store.js';
import { createFilesystemBlobStore } from '../storage/filesystem-blob-store.js';
import { createPostgresBlobStore } from '../storage/postgres-blob-store.js';
import type { ServerConfig } from './config.js';

/** How often an embedded registry vacuums and analyses its database. */
const PGLITE_VACUUM_MS = 15 * 60 * 1000;

export interface RunningServer {
  url: string;
  port: number;
  deps: ServiceDeps;
  database: DatabaseHandle;
  /** Set on a fresh registry without PATTERNHUB_ADMIN_TOKEN: the first admin's token, to show once. */
  bootstrapToken?: string;
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already open database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  now?: () => Date;
  log?: (line: string) => void;
}

/** Opens the configured database (PGlite in the data folder, or PostgreSQL with its timeouts). */
export function openConfiguredDatabase(
  config: ServerConfig,
  log?: (line: string) => void,
): Promise<DatabaseHandle> {
  return openDatabase({
    url: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    timeouts: config.databaseTimeouts,
    onBackgroundError: (error) => log?.(`database connection lost: ${error.message}`),
  });
}

function createBlobStore(
  config: ServerConfig,
  database: DatabaseHandle,
  log?: (line: string) => void,
): BlobStore {
  if (config.storage !== 'filesystem') return createPostgresBlobStore(database.db);
  const store = createFilesystemBlobStore(config.storageDir);
  // What a crash left in the blob folder goes, in the background: it never delays the start.
  store
    .sweep((keys) => referencedBlobKeys(database.db, keys))
    .catch((error: unknown) => log?.(`blob sweep failed: ${String(error)}`));
  return store;
}

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum, so statistics and dead rows are ours to
 * look after, or search plans degrade as publishes accumulate. PostgreSQL does its own.
 * Returns the function that stops it.
 */
function scheduleMaintenance(database: DatabaseHandle, log?: (line: string) => void): () => void {
  if (database.driver !== 'pglite') return () => {};
  const timer = setInterval(() => {
    vacuumAnalyze(database.db).catch((error: unknown) => log?.(`vacuum failed: ${String(error)}`));
  }, PGLITE_VACUUM_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Opens the database, migrates it, makes the first admin if needed, and serves the registry. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const database = options.database ?? (await openConfiguredDatabase(config, options.log));
  try {
    if (!options.database) await migrateDatabase(database);
    const now = options.now ?? (() => new Date());
    const bootstrap = await bootstrapAdmin(database.db, { adminToken: config.adminToken }, now());
    const downloads = createDownloadCounter(database.db);
    const deps: ServiceDeps = {
      db: database.db,
      blobs: createBlobStore(config, database, options.log),
      limits: config.limits,
      downloads,
      now,
      ping: database.ping,
    };
    const app = createApp(deps, {
      rateLimits: config.rateLimits,
      ...(config.logRequests && options.log ? { logRequest: options.log } : {}),
    });
    const server = await listen(app, { port: config.port, host: config.host });
    const stopMaintenance = scheduleMaintenance(database, options.log);
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closed = false;
    const running: RunningServer = {
      url: config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.port}`,
      port: server.port,
      deps,
      database,
      async close() {
        if (closed) return;
        closed = true;
        await server.close();
        stopMaintenance();
        try {
          await downloads.close();
        } catch (error) {
          options.log?.(`could not record the last download counts: ${String(error)}`);
        } finally {
          if (!options.database) await database.close();
        }
      },
    };
    if (bootstrap && !config.adminToken) running.bootstrapToken = bootstrap.secret;
    return running;
  } catch (error) {
    if (!options.database) await database.close();
    throw error;
  }
}
