import { resolve } from 'node:path';
import { RegistryError } from '../core/errors.js';
import { DEFAULT_LIMITS, type PackageLimits } from '../core/limits.js';
import { type DatabaseTimeouts, DEFAULT_DATABASE_TIMEOUTS } from '../db/open-database.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../server/rate-limit.js';

/** The server's settings, parsed once at the edge from flags and the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL URL; undefined runs embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  storage: 'postgres' | 'filesystem';
  /** Folder of the filesystem blob store. */
  storageDir: string;
  /** Secret of the first admin on a fresh registry (automation); never logged. */
  adminToken: string | undefined;
  limits: PackageLimits;
  /** Public base URL, when behind a proxy. */
  publicUrl: string | undefined;
  logRequests: boolean;
  /** Per-minute limits (0 turns one off). */
  rateLimits: RateLimits;
  /** PostgreSQL statement, lock-wait and idle-transaction bounds. */
  databaseTimeouts: DatabaseTimeouts;
}

export interface ConfigSources {
  env: Record<string, string | undefined>;
  flags?: { port?: string | undefined; data?: string | undefined; host?: string | undefined };
  cwd: string;
}

function integer(
  problems: string[],
  label: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${label} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/** Reads every setting and reports all bad ones together (CONFIG_INVALID). */
export function parseServerConfig({ env, flags = {}, cwd }: ConfigSources): ServerConfig {
  const problems: string[] = [];
  const port = integer(problems, '--port / PORT', flags.port ?? env.PORT, 4873, 0, 65535);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const dataDir = resolve(cwd, flags.data ?? env.PATTERNHUB_DATA ?? '.patternhub-data');
  const storage = env.PATTERNHUB_STORAGE ?? 'postgres';
  if (storage !== 'postgres' && storage !== 'filesystem') {
    problems.push('PATTERNHUB_STORAGE must be postgres or filesystem');
  }
  const adminToken = env.PATTERNHUB_ADMIN_TOKEN || undefined;
  if (adminToken !== undefined && adminToken.length < 20) {
    problems.push('PATTERNHUB_ADMIN_TOKEN must be at least 20 characters');
  }
  const limits: PackageLimits = {
    ...DEFAULT_LIMITS,
    maxTarballBytes: integer(
      problems,
      'PATTERNHUB_MAX_TARBALL_BYTES',
      env.PATTERNHUB_MAX_TARBALL_BYTES,
      DEFAULT_LIMITS.maxTarballBytes,
      1024,
      1 << 30,
    ),
    maxUnpackedBytes: integer(
      problems,
      'PATTERNHUB_MAX_UNPACKED_BYTES',
      env.PATTERNHUB_MAX_UNPACKED_BYTES,
      DEFAULT_LIMITS.maxUnpackedBytes,
      1024,
      1 << 30,
    ),
    maxFileBytes: integer(
      problems,
      'PATTERNHUB_MAX_FILE_BYTES',
      env.PATTERNHUB_MAX_FILE_BYTES,
      DEFAULT_LIMITS.maxFileBytes,
      1024,
      1 << 30,
    ),
    maxFiles: integer(
      problems,
      'PATTERNHUB_MAX_FILES',
      env.PATTERNHUB_MAX_FILES,
      DEFAULT_LIMITS.maxFiles,
      1,
      1_000_000,
    ),
    maxYamlAliases: integer(
      problems,
      'PATTERNHUB_MAX_YAML_ALIASES',
      env.PATTERNHUB_MAX_YAML_ALIASES,
      DEFAULT_LIMITS.maxYamlAliases,
      0,
      100_000,
    ),
    maxPathLength: DEFAULT_LIMITS.maxPathLength,
  };
  const rate = (name: string, fallback: number) => integer(problems, name, env[name], fallback, 0, 1_000_000);
  const rateLimits: RateLimits = {
    authFailures: rate('PATTERNHUB_RATE_AUTH_FAILURES', DEFAULT_RATE_LIMITS.authFailures),
    publishes: rate('PATTERNHUB_RATE_PUBLISHES', DEFAULT_RATE_LIMITS.publishes),
    searches: rate('PATTERNHUB_RATE_SEARCHES', DEFAULT_RATE_LIMITS.searches),
  };
  const ms = (name: string, fallback: number) =>
    integer(problems, name, env[name], fallback, 100, 86_400_000);
  const databaseTimeouts: DatabaseTimeouts = {
    poolWaitMs: ms('PATTERNHUB_DB_POOL_WAIT', DEFAULT_DATABASE_TIMEOUTS.poolWaitMs),
    statementMs: ms('PATTERNHUB_DB_STATEMENT_TIMEOUT', DEFAULT_DATABASE_TIMEOUTS.statementMs),
    lockMs: ms('PATTERNHUB_DB_LOCK_TIMEOUT', DEFAULT_DATABASE_TIMEOUTS.lockMs),
    idleInTransactionMs: DEFAULT_DATABASE_TIMEOUTS.idleInTransactionMs,
  };
  const publicUrl = env.PATTERNHUB_PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\//.test(publicUrl))
    problems.push('PATTERNHUB_PUBLIC_URL must be an http(s) URL');
  if (problems.length > 0) {
    throw new RegistryError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      details: { problems },
    });
  }
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    databaseUrl,
    dataDir,
    storage: storage as ServerConfig['storage'],
    storageDir: resolve(dataDir, 'blobs'),
    adminToken,
    limits,
    publicUrl,
    logRequests: env.PATTERNHUB_LOG_REQUESTS === '1',
    rateLimits,
    databaseTimeouts,
  };
}
