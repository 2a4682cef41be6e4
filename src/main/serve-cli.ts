import { migrateDatabase } from '../db/migrate.js';
import { parseServerConfig } from './config.js';
import { openConfiguredDatabase, startServer } from './start-server.js';
import { startupError } from './startup-errors.js';

interface ServeInput {
  env: Record<string, string | undefined>;
  cwd: string;
  flags: { port?: string | undefined; host?: string | undefined; data?: string | undefined };
  log: (line: string) => void;
}

/** `patternhub serve`: runs until SIGINT/SIGTERM, then closes cleanly (PGlite must be closed). */
export async function runServe(input: ServeInput): Promise<{ exitCode: number }> {
  const config = parseServerConfig({ env: input.env, flags: input.flags, cwd: input.cwd });
  // Listen for a stop before starting: a SIGTERM during start-up (migrations can take seconds)
  // then still ends in a clean close, not a kill that leaves PGlite's data folder mid-write.
  let stopRequested!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stopRequested = resolve;
  });
  const stop = () => stopRequested();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const running = await startServer(config, { log: input.log });
    const where = config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`;
    input.log(`patternhub registry on ${running.url} (${where}, blobs in ${config.storage})`);
    if (running.bootstrapToken) {
      input.log('');
      input.log(
        'A new registry: its first administrator is "admin", with this token (shown once, store it now):',
      );
      input.log(`  ${running.bootstrapToken}`);
      input.log(`Log in with: patternhub login --registry ${running.url} --token <token>`);
      input.log('');
    }
    await stopped;
    input.log('shutting down');
    await running.close();
    return { exitCode: 0 };
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** `patternhub migrate`: applies migrations to the configured database and exits. */
export async function runMigrate(
  input: Omit<ServeInput, 'log'>,
): Promise<{ text: string; exitCode: number }> {
  const config = parseServerConfig({ env: input.env, flags: input.flags, cwd: input.cwd });
  try {
    const handle = await openConfiguredDatabase(config);
    try {
      await migrateDatabase(handle);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw startupError(error, config);
  }
  return { text: `migrations applied (${config.databaseUrl ? 'PostgreSQL' : config.dataDir})`, exitCode: 0 };
}
