/**
 * Runs the test suite with node's test runner: prepares one migrated database template per run
 * (a PGlite dump, or a PostgreSQL template database when DATABASE_URL is set), hands it to every
 * test file through the environment, and drops everything it made at the end.
 *
 * Usage: tsx scripts/run-tests.ts [test files or folders…]
 * PATTERNHUB_TEST_CONCURRENCY=N runs N files at once (default: the machine's available parallelism).
 * After the usual report, it prints each file's time, slowest first.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { migrateDatabase } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';

function findTests(target: string): string[] {
  if (statSync(target).isFile()) return [target];
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(target, entry.name);
      if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : findTests(path);
      return entry.name.endsWith('.test.ts') ? [path] : [];
    })
    .sort();
}

function concurrency(): number {
  const raw = process.env.PATTERNHUB_TEST_CONCURRENCY;
  if (raw === undefined || raw === '') return availableParallelism();
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`PATTERNHUB_TEST_CONCURRENCY must be a whole number of at least 1 (got "${raw}")`);
  }
  return value;
}

function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function prepareTemplate(
  work: string,
): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({});
    await migrateDatabase(handle);
    const dump = await handle.pglite!.dumpDataDir('none');
    await handle.close();
    const file = join(work, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    return { env: { PATTERNHUB_TEST_PGLITE_TEMPLATE: file }, cleanup: async () => {} };
  }
  const prefix = `ph_test_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  const handle = await openDatabase({ url: databaseUrlFor(url, template), poolSize: 1 });
  await migrateDatabase(handle);
  await handle.close();
  return {
    env: { PATTERNHUB_TEST_PG_TEMPLATE: template, PATTERNHUB_TEST_PG_PREFIX: prefix },
    cleanup: async () => {
      // Every database this run made: the template and whatever a crashed test file left behind.
      const leftovers = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like ${`${prefix}_%`}`;
      for (const { datname } of leftovers) {
        await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      }
      await admin.end();
    },
  };
}

async function main(): Promise<number> {
  const targets = process.argv.slice(2);
  const files = (targets.length > 0 ? targets : ['tests']).flatMap(findTests);
  if (files.length === 0) {
    console.error('no test files found');
    return 1;
  }
  const parallel = concurrency();
  const work = mkdtempSync(join(tmpdir(), 'patternhub-test-'));
  const started = Date.now();
  const template = await prepareTemplate(work);
  const db = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  console.log(
    `# database: ${db}; template ready in ${Date.now() - started} ms; ${files.length} test files, ${parallel} at a time`,
  );
  const reporter = process.stdout.isTTY ? 'spec' : 'tap';
  const fileTimes = join(import.meta.dirname, 'file-times-reporter.mjs');
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--test',
          `--test-concurrency=${parallel}`,
          '--test-timeout=600000',
          `--test-reporter=${reporter}`,
          '--test-reporter-destination=stdout',
          `--test-reporter=${fileTimes}`,
          '--test-reporter-destination=stdout',
          ...files,
        ],
        {
          stdio: 'inherit',
          env: { ...process.env, ...template.env, PATTERNHUB_TEST_WORK: work, NO_COLOR: '1' },
        },
      );
      child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
    });
    return code;
  } finally {
    await template.cleanup();
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
