import { sql } from 'drizzle-orm';
import type { Db } from '../db/database.js';
import { noteListingChange } from './search-cache.js';

/**
 * Counts tarball downloads per version per day without a write on the tarball route: counts
 * gather in memory and are flushed in one upsert every `flushMs` (and on close). A crash loses at
 * most one interval of counts, which is the trade every registry makes for a fast download path.
 */
export interface DownloadCounter {
  record(packageId: number, version: string, at?: Date): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

export function createDownloadCounter(db: Db, options: { flushMs?: number } = {}): DownloadCounter {
  let pending = new Map<string, { packageId: number; version: string; day: string; count: number }>();
  let flushing: Promise<void> = Promise.resolve();
  // The UTC day of the last download, kept: the tarball route records one per request.
  let day = { start: 0, end: 0, text: '' };
  const dayOf = (ms: number) => {
    if (ms < day.start || ms >= day.end) {
      const start = ms - (ms % DAY_MS);
      day = { start, end: start + DAY_MS, text: new Date(start).toISOString().slice(0, 10) };
    }
    return day.text;
  };

  const flush = async () => {
    if (pending.size === 0) return flushing;
    // Rows in one order on every server, so concurrent flushes lock them alike and cannot deadlock.
    const batch = [...pending.values()].sort(
      (a, b) =>
        a.packageId - b.packageId ||
        (a.version < b.version ? -1 : a.version > b.version ? 1 : 0) ||
        (a.day < b.day ? -1 : 1),
    );
    pending = new Map();
    // A failed flush must not poison the chain: the next one starts afresh (its own batch).
    flushing = flushing
      .catch(() => {})
      .then(async () => {
        const values = sql.join(
          batch.map(
            (row) => sql`(${row.packageId}::bigint, ${row.version}, ${row.day}::date, ${row.count}::bigint)`,
          ),
          sql`, `,
        );
        await db.transaction(async (tx) => {
          await tx.execute(sql`
          insert into downloads (package_id, version, day, count) values ${values}
          on conflict (package_id, version, day) do update set count = downloads.count + excluded.count`);
          const perPackage = new Map<number, number>();
          for (const row of batch)
            perPackage.set(row.packageId, (perPackage.get(row.packageId) ?? 0) + row.count);
          for (const [packageId, count] of perPackage) {
            await tx.execute(
              sql`update packages set downloads = downloads + ${count} where id = ${packageId}`,
            );
          }
        });
        // Downloads order search results and show in them.
        noteListingChange(db);
      });
    return flushing;
  };

  const timer = setInterval(() => {
    flush().catch(() => {
      // A failed flush drops its batch rather than growing memory without bound; counts are advisory.
    });
  }, options.flushMs ?? 2000);
  timer.unref();

  return {
    record(packageId, version, at) {
      const day = dayOf(at ? at.getTime() : Date.now());
      const key = `${packageId}\u0000${version}\u0000${day}`;
      const entry = pending.get(key);
      if (entry) entry.count += 1;
      else pending.set(key, { packageId, version, day, count: 1 });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
