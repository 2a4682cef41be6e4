import type { PackageLimits } from '../core/limits.js';
import type { Db } from '../db/database.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { DownloadCounter } from './downloads.js';

/** What every service needs, handed in by the server (never a global). */
export interface ServiceDeps {
  db: Db;
  blobs: BlobStore;
  limits: PackageLimits;
  downloads: DownloadCounter;
  /** Injected clock, so tests can check time windows (the 72-hour removal rule). */
  now: () => Date;
  /** Checks the database answers without queueing behind the pool (health); default: a query on `db`. */
  ping?: () => Promise<void>;
  /** This process is the database's only client (embedded PGlite): see cached-reads.ts. */
  singleClient?: boolean;
}
