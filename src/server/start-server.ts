import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/database.js';
import { migrateDatabase } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { createDownloadCounter } from '../services/downloads.js';
import type { ServiceDeps } from '../services/services.js';
import { bootstrapAdmin } from '../services/users.js';
import { createFilesystemBlobStore } from '../storage/filesystem-blob-store.js';
import { createPostgresBlobStore } from '../storage/postgres-blob-store.js';
import { createApp } from './app.js';
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

/** Opens the database, migrates it, makes the first admin if needed, and serves the registry. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const database =
    options.database ??
    (await openDatabase({
      url: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
    }));
  try {
    if (!options.database) await migrateDatabase(database);
    const now = options.now ?? (() => new Date());
    const bootstrap = await bootstrapAdmin(database.db, { adminToken: config.adminToken }, now());
    const downloads = createDownloadCounter(database.db);
    // PGlite runs PostgreSQL in single-user mode: no autovacuum, so statistics and dead rows are
    // ours to look after, or search plans degrade as publishes accumulate. PostgreSQL does its own.
    const maintenance =
      database.driver === 'pglite'
        ? setInterval(() => {
            database.db
              .execute(sql`vacuum analyze`)
              .catch((error: unknown) => options.log?.(`vacuum failed: ${String(error)}`));
          }, PGLITE_VACUUM_MS)
        : undefined;
    maintenance?.unref();
    const deps: ServiceDeps = {
      db: database.db,
      blobs:
        config.storage === 'filesystem'
          ? createFilesystemBlobStore(config.storageDir)
          : createPostgresBlobStore(database.db),
      limits: config.limits,
      downloads,
      now,
      singleClient: database.driver === 'pglite',
    };
    const app = createApp(deps, config.logRequests && options.log ? { logRequest: options.log } : {});
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
        resolve(instance),
      );
      instance.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closed = false;
    const running: RunningServer = {
      url: config.publicUrl ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
      port,
      deps,
      database,
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive connections would hold close() open; end them.
          (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        clearInterval(maintenance);
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
