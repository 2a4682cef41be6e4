import { type ChangeFeed, openChangeFeed } from '../db/change-feed.js';
import type { DatabaseHandle } from '../db/database.js';
import { referencedBlobKeys, vacuumAnalyze } from '../db/maintenance.js';
import { migrateDatabase } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { createApp } from '../server/app.js';
import { createFastReads, type FastReads } from '../server/fast-reads.js';
import { type Listening, listen } from '../server/http-server.js';
import { type AnalysisPool, createAnalysisPool } from '../services/analysis-pool.js';
import { createDownloadCounter, type DownloadCounter } from '../services/downloads.js';
import { createMirror } from '../services/mirror.js';
import type { ServiceDeps } from '../services/services.js';
import { prepareSigner, signUnsignedVersions } from '../services/signing-keys.js';
import { type AdminTokenOutcome, bootstrapAdmin } from '../services/users.js';
import type { BlobStore } from '../storage/blob-store.js';
import { createFilesystemBlobStore } from '../storage/filesystem-blob-store.js';
import { createPostgresBlobStore } from '../storage/postgres-blob-store.js';
import type { ServerConfig } from './config.js';
import { startupError } from './startup-errors.js';

/** How often an embedded registry vacuums and analyses its database. */
const PGLITE_VACUUM_MS = 15 * 60 * 1000;

export interface RunningServer {
  url: string;
  port: number;
  deps: ServiceDeps;
  database: DatabaseHandle;
  /** The fast read path in front of the app: how many requests it answered. */
  fastReads: Pick<FastReads, 'hits'>;
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
    pgliteSettings: config.pgliteSettings,
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

/**
 * Opens the database, migrates it, serves the registry and then, once the port is bound, makes the
 * first admin if needed (a start that cannot bind creates nothing). Start-up failures come back with
 * stable codes: PORT_IN_USE, DATABASE_UNAVAILABLE, DATA_DIR_LOCKED, CONFIG_INVALID.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  let database: DatabaseHandle | undefined = options.database;
  let server: Listening | undefined;
  let downloads: DownloadCounter | undefined;
  let analysis: AnalysisPool | undefined;
  let changes: ChangeFeed | undefined;
  try {
    database ??= await openConfiguredDatabase(config, options.log);
    if (!options.database) await migrateDatabase(database);
    const now = options.now ?? (() => new Date());
    const signer = await prepareSigner(database.db, config.signingKey, now());
    // Versions published before signatures existed get one now (idempotent; a no-op once done).
    const backfilled = await signUnsignedVersions(database.db, signer);
    if (backfilled > 0) options.log?.(`signed ${backfilled} earlier versions with ${signer.keyid}`);
    downloads = createDownloadCounter(database.db, { flushMs: config.downloadsFlushMs });
    changes = await openChangeFeed(database, options.log ? { log: options.log } : {});
    const blobs = createBlobStore(config, database, options.log);
    analysis = createAnalysisPool(config.analysis);
    const deps: ServiceDeps = {
      db: database.db,
      blobs,
      limits: config.limits,
      analysis,
      downloads,
      signer,
      now,
      ping: database.ping,
      singleClient: database.driver === 'pglite',
      changes,
      searchCacheMs: config.searchCacheMs,
    };
    if (Object.keys(config.upstreams).length > 0) {
      deps.mirror = createMirror({
        db: database.db,
        blobs,
        signer,
        upstreams: config.upstreams,
        ttlMs: config.upstreamTtlMs,
        timeoutMs: config.upstreamTimeoutMs,
        maxTarballBytes: config.limits.maxTarballBytes,
        now,
      });
    }
    const logRequest = config.logRequests && options.log ? { logRequest: options.log } : {};
    const app = createApp(deps, { rateLimits: config.rateLimits, ...logRequest });
    const fastReads = createFastReads(deps, logRequest);
    server = await listen(app, { port: config.port, host: config.host, fastReads });
    const bootstrap = await bootstrapAdmin(database.db, { adminToken: config.adminToken }, now());
    if (bootstrap.adminToken) options.log?.(ADMIN_TOKEN_OUTCOME[bootstrap.adminToken]);
    const stopMaintenance = scheduleMaintenance(database, options.log);
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const [open, listening, counter, feed, pool] = [database, server, downloads, changes, analysis];
    let closed = false;
    const running: RunningServer = {
      url: config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.port}`,
      port: server.port,
      deps,
      fastReads,
      database,
      async close() {
        if (closed) return;
        closed = true;
        await listening.close();
        stopMaintenance();
        await feed.close();
        // A live worker thread would keep the process running.
        await pool.close();
        try {
          await counter.close();
        } catch (error) {
          options.log?.(`could not record the last download counts: ${String(error)}`);
        } finally {
          if (!options.database) await open.close();
        }
      },
    };
    if (bootstrap.created && !config.adminToken) running.bootstrapToken = bootstrap.created.secret;
    return running;
  } catch (error) {
    await server?.close();
    await analysis?.close();
    await downloads?.close().catch(() => {});
    await changes?.close();
    if (database && !options.database) await database.close().catch(() => {});
    throw startupError(error, config);
  }
}

const ADMIN_TOKEN_OUTCOME: Record<AdminTokenOutcome, string> = {
  works: 'PATTERNHUB_ADMIN_TOKEN is a working administrator token',
  restored: 'PATTERNHUB_ADMIN_TOKEN: no administrator token worked, so it is one again (audited)',
  ignored:
    'PATTERNHUB_ADMIN_TOKEN is ignored: administrator tokens exist and it is not one of them (it is only used when none works)',
};
