import { sharedRuns } from '../core/shared-runs.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { Db } from '../db/database.js';
import { type HeadReader, type PackageHead, readPackageHead } from './package-lookup.js';

/** A head reader that can also say, without a promise, what it trusts (the fast read path's question). */
export interface PackageHeads extends HeadReader {
  /** The head kept in memory while the change feed is live; undefined when it would have to be read. */
  peek(fullName: string): PackageHead | undefined;
}

/** Heads kept in memory; one is a few hundred bytes. */
const MAX_HEADS = 20_000;

/**
 * Where the cached reads get a package's head row (visibility, revision, download count).
 *
 * With a live change feed (src/db/change-feed.ts) a head read once is trusted until a change names
 * its package, so a cache hit runs no query at all. Without one, or while it is lost (a PostgreSQL
 * restart), every read queries the row, as it must: nothing else would tell this server about a
 * write through another. `fresh` (a request's `Cache-Control: no-cache`) always queries.
 *
 * What a server may serve after a write, by where the write went:
 * - through this server: the write waits for `settle()` before answering, so its writer's next read
 *   sees it (app.ts);
 * - on PGlite: nowhere else (one process owns the database), and notifications arrive before the
 *   write's statement returns: exact;
 * - through another server on the same PostgreSQL: the old head until the notification arrives, the
 *   commit-to-delivery latency (well under a millisecond on an idle local database; longer under
 *   load), or at most HEARTBEAT + ROUND_TRIP timeout of change-feed.ts (10 s) if the listening
 *   connection stalls without dropping. A reader that needs the write at once asks with
 *   `Cache-Control: no-cache`.
 * Misses (no such package) are never kept: the next request looks again.
 */
export function createPackageHeads(deps: {
  db: Db;
  singleClient?: boolean | undefined;
  changes?: ChangeFeed | undefined;
}): PackageHeads {
  const changes = deps.changes;
  const query = readPackageHead(deps.db);
  if (!changes)
    return Object.assign(sharedOnSingleClient(query, deps.singleClient === true), { peek: () => undefined });
  const trusted = new Map<string, PackageHead>();
  changes.subscribe({
    changed: (fullName) => trusted.delete(fullName),
    lost: () => trusted.clear(),
  });
  const fill = sharedOnSingleClient(async (fullName) => {
    const epoch = changes.epoch;
    const head = await query(fullName);
    // Kept only when no change was reported while the query ran: otherwise it may predate one.
    if (head && changes.live && changes.epoch === epoch) {
      if (trusted.size >= MAX_HEADS) trusted.delete(trusted.keys().next().value!);
      trusted.set(fullName, head);
    }
    return head;
  }, deps.singleClient === true);
  const peek = (fullName: string) => (changes.live ? trusted.get(fullName) : undefined);
  const read: HeadReader = (fullName, fresh = false) => {
    const head = fresh ? undefined : peek(fullName);
    return head ? Promise.resolve(head) : fill(fullName);
  };
  return Object.assign(read, { peek });
}

/**
 * When this process is the database's only client (`singleClient`: embedded PGlite, which runs
 * statements one at a time in order), concurrent reads of one package share one query: a query still
 * running when a request arrives was queued after every write that had already answered, so it cannot
 * be stale. On a shared PostgreSQL another server's write may commit while a query runs, so every
 * request reads its own.
 */
function sharedOnSingleClient(read: HeadReader, singleClient: boolean): HeadReader {
  if (!singleClient) return read;
  const shared = sharedRuns<string, PackageHead | undefined>();
  return (fullName) => shared(fullName, () => read(fullName));
}
