import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RegistryError } from '../core/errors.js';
import { DEFAULT_LIMITS, type PackageLimits } from '../core/limits.js';
import { NAME_PART } from '../core/names.js';
import { parseYaml } from '../core/yaml.js';
import {
  type DatabaseTimeouts,
  DEFAULT_DATABASE_TIMEOUTS,
  DEFAULT_PGLITE_SETTINGS,
} from '../db/open-database.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../server/rate-limit.js';
import { type AnalysisSettings, DEFAULT_ANALYSIS_SETTINGS } from '../services/analysis-pool.js';
import { DEFAULT_SEARCH_CACHE_TTL_MS } from '../services/search-cache.js';

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
  /** The signing key's PEM (`PATTERNHUB_SIGNING_KEY[_FILE]`); undefined: generated and stored. Never logged. */
  signingKey: string | undefined;
  /** Upstream registry per scope (without `@`): packages of these scopes not held here are mirrored. */
  upstreams: Record<string, string>;
  /** How long mirrored metadata is served before it is asked for again. */
  upstreamTtlMs: number;
  /** The longest an upstream request may take before stale metadata (or an error) is answered. */
  upstreamTimeoutMs: number;
  /** Per-minute limits (0 turns one off). */
  rateLimits: RateLimits;
  /** PostgreSQL statement, lock-wait and idle-transaction bounds. */
  databaseTimeouts: DatabaseTimeouts;
  /** PostgreSQL settings of the embedded PGlite: the defaults, with `PATTERNHUB_PGLITE_SETTINGS` over them. */
  pgliteSettings: Record<string, string>;
  /** The worker threads that check uploads and compute diffs: how many, their queue, time and heap. */
  analysis: AnalysisSettings;
  /** How long a search answer may come from memory (search-cache.ts); 0 turns the cache off. */
  searchCacheMs: number;
  /** ms between writes of the download counts gathered in memory (src/services/downloads.ts). */
  downloadsFlushMs: number;
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
  const pgliteSettings = parsePgliteSettings(problems, env.PATTERNHUB_PGLITE_SETTINGS);
  const analysis: AnalysisSettings = {
    workers: integer(
      problems,
      'PATTERNHUB_ANALYSIS_WORKERS',
      env.PATTERNHUB_ANALYSIS_WORKERS,
      DEFAULT_ANALYSIS_SETTINGS.workers,
      1,
      64,
    ),
    queue: integer(
      problems,
      'PATTERNHUB_ANALYSIS_QUEUE',
      env.PATTERNHUB_ANALYSIS_QUEUE,
      DEFAULT_ANALYSIS_SETTINGS.queue,
      1,
      100_000,
    ),
    timeoutMs: ms('PATTERNHUB_ANALYSIS_TIMEOUT', DEFAULT_ANALYSIS_SETTINGS.timeoutMs),
    idleMs: integer(
      problems,
      'PATTERNHUB_ANALYSIS_IDLE',
      env.PATTERNHUB_ANALYSIS_IDLE,
      DEFAULT_ANALYSIS_SETTINGS.idleMs,
      0,
      86_400_000,
    ),
    heapMb: integer(
      problems,
      'PATTERNHUB_ANALYSIS_HEAP_MB',
      env.PATTERNHUB_ANALYSIS_HEAP_MB,
      DEFAULT_ANALYSIS_SETTINGS.heapMb,
      16,
      65_536,
    ),
  };
  const publicUrl = env.PATTERNHUB_PUBLIC_URL || undefined;
  if (publicUrl && !/^https?:\/\//.test(publicUrl))
    problems.push('PATTERNHUB_PUBLIC_URL must be an http(s) URL');
  const signingKey = readSigningKey(problems, env, cwd);
  const file = readConfigFile(problems, env, cwd);
  const upstreams = parseUpstreams(problems, env.PATTERNHUB_UPSTREAMS, file.upstreams);
  const upstreamTtlMs =
    1000 * integer(problems, 'PATTERNHUB_UPSTREAM_TTL', env.PATTERNHUB_UPSTREAM_TTL, 300, 0, 31_536_000);
  const upstreamTimeoutMs =
    1000 * integer(problems, 'PATTERNHUB_UPSTREAM_TIMEOUT', env.PATTERNHUB_UPSTREAM_TIMEOUT, 10, 1, 600);
  const searchCacheMs = integer(
    problems,
    'PATTERNHUB_SEARCH_CACHE_MS',
    env.PATTERNHUB_SEARCH_CACHE_MS,
    DEFAULT_SEARCH_CACHE_TTL_MS,
    0,
    60_000,
  );
  const downloadsFlushMs = integer(
    problems,
    'PATTERNHUB_DOWNLOADS_FLUSH_MS',
    env.PATTERNHUB_DOWNLOADS_FLUSH_MS,
    2000,
    100,
    3_600_000,
  );
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
    signingKey,
    upstreams,
    upstreamTtlMs,
    upstreamTimeoutMs,
    rateLimits,
    databaseTimeouts,
    pgliteSettings,
    analysis,
    searchCacheMs,
    downloadsFlushMs,
  };
}

/**
 * `PATTERNHUB_PGLITE_SETTINGS`: PostgreSQL settings for the embedded PGlite, as `name=value` pairs
 * separated by spaces or commas (`shared_buffers=64MB work_mem=8MB`), over DEFAULT_PGLITE_SETTINGS.
 * PostgreSQL itself refuses a name it does not know or a bad value, at start.
 */
function parsePgliteSettings(problems: string[], raw: string | undefined): Record<string, string> {
  const settings: Record<string, string> = { ...DEFAULT_PGLITE_SETTINGS };
  for (const pair of (raw ?? '').split(/[\s,]+/).filter(Boolean)) {
    const match = /^([a-z][a-z0-9_.]*)=([A-Za-z0-9_.+-]+)$/.exec(pair);
    if (!match) {
      problems.push(`PATTERNHUB_PGLITE_SETTINGS: "${pair}" is not name=value (e.g. shared_buffers=64MB)`);
      continue;
    }
    settings[match[1]!] = match[2]!;
  }
  return settings;
}

function readSigningKey(problems: string[], env: ConfigSources['env'], cwd: string): string | undefined {
  if (env.PATTERNHUB_SIGNING_KEY && env.PATTERNHUB_SIGNING_KEY_FILE) {
    problems.push('Set PATTERNHUB_SIGNING_KEY or PATTERNHUB_SIGNING_KEY_FILE, not both');
    return undefined;
  }
  if (env.PATTERNHUB_SIGNING_KEY) return env.PATTERNHUB_SIGNING_KEY.replaceAll('\\n', '\n');
  if (!env.PATTERNHUB_SIGNING_KEY_FILE) return undefined;
  try {
    return readFileSync(resolve(cwd, env.PATTERNHUB_SIGNING_KEY_FILE), 'utf8');
  } catch {
    // The path only: never the content.
    problems.push(`PATTERNHUB_SIGNING_KEY_FILE cannot be read (${env.PATTERNHUB_SIGNING_KEY_FILE})`);
    return undefined;
  }
}

/** The server's optional YAML config file (`PATTERNHUB_SERVER_CONFIG`); today it holds `upstreams:`. */
function readConfigFile(problems: string[], env: ConfigSources['env'], cwd: string): { upstreams?: unknown } {
  const path = env.PATTERNHUB_SERVER_CONFIG;
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch {
    problems.push(`PATTERNHUB_SERVER_CONFIG cannot be read (${path})`);
    return {};
  }
  try {
    const data = parseYaml(text, path);
    if (data === null || data === undefined) return {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      problems.push(`${path} must be a map`);
      return {};
    }
    const unknown = Object.keys(data).filter((key) => key !== 'upstreams');
    if (unknown.length > 0) problems.push(`${path}: unknown setting ${unknown.join(', ')}`);
    return data as { upstreams?: unknown };
  } catch (error) {
    problems.push(`${path} is not valid YAML: ${(error as Error).message}`);
    return {};
  }
}

/**
 * `@scope=url` pairs, comma separated (`PATTERNHUB_UPSTREAMS`), or the config file's
 * `upstreams: { "@scope": url }`; the environment wins for a scope named in both.
 */
function parseUpstreams(
  problems: string[],
  raw: string | undefined,
  fromFile: unknown,
): Record<string, string> {
  const pairs: Array<[string, unknown]> = [];
  if (fromFile !== undefined) {
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      problems.push('upstreams (config file) must be a map of @scope to registry URL');
    } else pairs.push(...Object.entries(fromFile));
  }
  for (const item of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = item.indexOf('=');
    if (at < 0) problems.push(`PATTERNHUB_UPSTREAMS: "${item}" is not @scope=url`);
    else pairs.push([item.slice(0, at).trim(), item.slice(at + 1).trim()]);
  }
  const upstreams: Record<string, string> = {};
  for (const [key, url] of pairs) {
    const scope = key.startsWith('@') ? key.slice(1) : '';
    if (!NAME_PART.test(scope)) problems.push(`upstreams: "${key}" is not a scope (@name)`);
    else if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url) || !URL.canParse(url)) {
      problems.push(`upstreams: the registry of @${scope} must be an http(s) URL`);
    } else upstreams[scope] = url.replace(/\/+$/, '');
  }
  return upstreams;
}
