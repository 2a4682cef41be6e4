/**
 * A fresh, migrated database for one test file: loaded from the run's PGlite template dump, or
 * created from the run's PostgreSQL template database. Never a mock. Close it in `after()`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import type { DatabaseHandle } from '../../src/db/database.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const templateFile = process.env.PATTERNHUB_TEST_PGLITE_TEMPLATE;
    if (!templateFile) {
      // Run outside scripts/run-tests.ts: migrate from scratch (slower, same result).
      const handle = await openDatabase({});
      await migrateDatabase(handle);
      return handle;
    }
    return openDatabase({ loadDataDir: new Blob([readFileSync(templateFile)]) });
  }
  const template = process.env.PATTERNHUB_TEST_PG_TEMPLATE;
  const prefix = process.env.PATTERNHUB_TEST_PG_PREFIX ?? `ph_test_${randomBytes(4).toString('hex')}`;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    if (template) {
      await admin.unsafe(`create database "${name}" template "${template}"`);
    } else {
      await admin.unsafe(`create database "${name}"`);
    }
  } finally {
    await admin.end();
  }
  const handle = await openDatabase({ url: withDatabase(url, name), poolSize: 10 });
  if (!template) await migrateDatabase(handle);
  const close = handle.close;
  return {
    ...handle,
    close: async () => {
      await close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
