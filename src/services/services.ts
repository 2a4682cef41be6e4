import type { PackageLimits } from '../core/limits.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { Db } from '../db/database.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { AnalysisPool } from './analysis-pool.js';
import type { DownloadCounter } from './downloads.js';
import type { Mirror } from './mirror.js';
import type { Signer } from './signing-keys.js';

/** What every service needs, handed in by the server (never a global). */
export interface ServiceDeps {
  db: Db;
  blobs: BlobStore;
  limits: PackageLimits;
  downloads: DownloadCounter;
  /** Runs the CPU-heavy part of publishes and diffs in worker threads, off the event loop. */
  analysis: AnalysisPool;
  /** Signs each accepted version with the registry's current key. */
  signer: Signer;
  /** Set when upstreams are configured: packages of their scopes not held here come from them. */
  mirror?: Mirror;
  /** Injected clock, so tests can check time windows (the 72-hour removal rule). */
  now: () => Date;
  /** Checks the database answers without queueing behind the pool (health); default: a query on `db`. */
  ping?: () => Promise<void>;
  /** This process is the database's only client (embedded PGlite): see package-heads.ts. */
  singleClient?: boolean;
  /**
   * Committed package changes, as the database announces them: while live, cached package heads are
   * trusted without a query (package-heads.ts). Without it every read checks the database.
   */
  changes?: ChangeFeed;
  /** How long a search answer may be served from memory, in ms (search-cache.ts); 0: never. Default 2000. */
  searchCacheMs?: number;
}
