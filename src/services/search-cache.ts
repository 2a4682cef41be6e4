import { sharedRuns } from '../core/shared-runs.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { Db } from '../db/database.js';
import { type Actor, tokenAllows } from './actor.js';
import { DocumentCache } from './document-cache.js';
import type { SearchRequest } from './search-query.js';

/*
 * Search answers served from memory. A search reads the listing of every package (tiers, spelling,
 * counts): no per-package revision says whether an answer is still true, so answers are kept per
 * *listing revision*, a counter per database handle that moves whenever this process changes what
 * search reads:
 * - every write request this server answers (publish, deprecate, yank, remove, tags, access,
 *   members), counted once the route has returned, so after its transaction committed and before the
 *   client sees the answer (server/app.ts);
 * - every flush of the download counter (downloads order results and show in them; downloads.ts).
 * An answer computed while the revision moved is stored under the old revision and never served.
 *
 * - every change the database announces on the change feed (src/db/change-feed.ts), which carries
 *   writes and download flushes of every server sharing the PostgreSQL database, and the feed's loss
 *   and recovery.
 *
 * So a search never misses a change answered by this server, and a change through another server
 * shows once its notification arrives. `ttlMs` (2 s by default) stays the bound for what no
 * notification names (and for a server running without a feed, or while it is lost). With embedded PGlite this process is the only writer, and an
 * answer is kept until the listing changes (or the size bound pushes it out).
 *
 * Only answers every caller would get are kept: anonymous requests and tokens that cannot read
 * private packages (search's visibility is then `access = 'public'`). A caller who may see private
 * packages is always searched afresh, so a cached answer can never show or hide one wrongly.
 */

const revisions = new WeakMap<Db, { value: number }>();

function counter(db: Db): { value: number } {
  let entry = revisions.get(db);
  if (!entry) {
    entry = { value: 0 };
    revisions.set(db, entry);
  }
  return entry;
}

/** Marks the listing read through `db` as changed: every cached search answer on it is stale. */
export function noteListingChange(db: Db): void {
  counter(db).value += 1;
}

/** Whether the actor's search sees public packages only, as an anonymous caller does (search.ts's visibility). */
export function seesPublicOnly(actor: Actor | null): boolean {
  return !actor || !tokenAllows(actor, 'read');
}

export interface SearchCacheOptions {
  /** How long an answer is served at most, in ms (the bound for changes through other servers); 0: no cache. */
  ttlMs?: number;
  /** Serialised answers kept, in characters (about bytes: answers are mostly ASCII). */
  maxChars?: number;
  /** This process is the database's only client (embedded PGlite): answers need no expiry. */
  onlyWriter?: boolean;
  /** The database's announced changes: each one makes every kept answer stale. */
  changes?: ChangeFeed | undefined;
}

export const DEFAULT_SEARCH_CACHE_TTL_MS = 2000;
const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;

/** The key of a request: its parsed form (`q=disk  full` and `q=disk full` share an entry). */
function keyOf(request: SearchRequest): string {
  return JSON.stringify(request);
}

export interface SearchCache {
  /**
   * The serialised answer to `request` for `actor`: from memory when a public answer is kept for the
   * current listing revision, else from `compute` (concurrent identical requests share one run).
   */
  answer(actor: Actor | null, request: SearchRequest, compute: () => Promise<string>): Promise<string>;
}

export function createSearchCache(db: Db, options: SearchCacheOptions = {}): SearchCache {
  const setting = options.ttlMs ?? DEFAULT_SEARCH_CACHE_TTL_MS;
  // With no other writer, the listing revision alone says when an answer is stale.
  const ttlMs = options.onlyWriter && setting > 0 ? Number.POSITIVE_INFINITY : setting;
  const revision = counter(db);
  const stale = () => noteListingChange(db);
  options.changes?.subscribe({ changed: stale, lost: stale, resumed: stale });
  const answers = new DocumentCache<{ body: string; computedAt: number }>(
    options.maxChars ?? DEFAULT_MAX_CHARS,
    (entry) => entry.body.length,
  );
  // Keyed by revision too: a request that arrives after a change never joins a run that began before it.
  const shared = sharedRuns<string, string>();
  const run = (key: string, at: number, compute: () => Promise<string>): Promise<string> =>
    shared(`${at}\u0000${key}`, () => {
      const computedAt = performance.now();
      const pending = compute();
      pending.then(
        (body) => answers.set(key, at, { body, computedAt }),
        () => {},
      );
      return pending;
    });

  return {
    async answer(actor, request, compute) {
      if (ttlMs <= 0 || !seesPublicOnly(actor)) return compute();
      const key = keyOf(request);
      const at = revision.value;
      const kept = answers.get(key, at);
      const age = kept ? performance.now() - kept.computedAt : Number.POSITIVE_INFINITY;
      if (!kept || age >= ttlMs) return run(key, at, compute);
      // Past half its life, a requested answer is computed again in the background, so a steady
      // stream of the same search never waits for an expiry; the bound stays `ttlMs`.
      if (age >= ttlMs / 2) run(key, at, compute).catch(() => {});
      return kept.body;
    },
  };
}
