import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../src/db/database.js';
import { queryRows } from '../../src/db/rows.js';
import { orgs, packages } from '../../src/db/schema/index.js';
import { createDownloadCounter } from '../../src/services/downloads.js';
import { createTestDatabase } from '../helpers/database.js';

describe('download counter', () => {
  let database: DatabaseHandle;
  let packageId: number;

  before(async () => {
    database = await createTestDatabase();
    const [org] = await database.db.insert(orgs).values({ name: 'counted' }).returning();
    const [pkg] = await database.db
      .insert(packages)
      .values({ orgId: org!.id, scope: 'counted', name: 'x', fullName: '@counted/x', kind: 'action' })
      .returning();
    packageId = pkg!.id;
  });
  after(async () => {
    await database.close();
  });

  it('counts per version per day and on the package', async () => {
    const counter = createDownloadCounter(database.db, { flushMs: 60_000 });
    const day = new Date('2026-11-20T10:00:00Z');
    counter.record(packageId, '1.0.0', day);
    counter.record(packageId, '1.0.0', day);
    counter.record(packageId, '1.1.0', day);
    await counter.close();
    const rows = await queryRows<{ version: string; count: number }>(
      database.db,
      sql`select version, count::int as count from downloads where package_id = ${packageId} order by version`,
    );
    assert.deepEqual(
      rows.map((row) => [row.version, Number(row.count)]),
      [
        ['1.0.0', 2],
        ['1.1.0', 1],
      ],
    );
  });

  it('keeps counting after a flush fails, and still closes', async () => {
    const counter = createDownloadCounter(database.db, { flushMs: 60_000 });
    const [before] = await queryRows<{ downloads: number }>(
      database.db,
      sql`select downloads::int as downloads from packages where id = ${packageId}`,
    );
    counter.record(987_654_321, '1.0.0'); // no such package: the foreign key fails the flush
    await assert.rejects(counter.flush());
    counter.record(packageId, '2.0.0');
    await counter.flush();
    await counter.close();
    const [afterwards] = await queryRows<{ downloads: number }>(
      database.db,
      sql`select downloads::int as downloads from packages where id = ${packageId}`,
    );
    assert.equal(Number(afterwards!.downloads), Number(before!.downloads) + 1);
  });
});
