import { RegistryError } from '../core/errors.js';
import { databaseFailure } from '../services/db-errors.js';
import type { ServerConfig } from './config.js';

/** The database's address without credentials, for messages. */
function where(config: ServerConfig): string {
  if (!config.databaseUrl) return `the PGlite data folder ${config.dataDir}`;
  try {
    const url = new URL(config.databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Why a start failed, as a stable code instead of INTERNAL: the port taken or forbidden, the
 * database missing, refusing the credentials, or unreachable. Anything else passes through.
 */
export function startupError(error: unknown, config: ServerConfig): unknown {
  if (error instanceof RegistryError) return error;
  const code = codeOf(error);
  if (code === 'EADDRINUSE') {
    return new RegistryError('PORT_IN_USE', `Port ${config.port} on ${config.host} is already in use`, {
      hint: 'Stop the other server, or choose another port with --port / PORT.',
    });
  }
  if (code === 'EACCES' || code === 'EADDRNOTAVAIL') {
    return new RegistryError('CONFIG_INVALID', `Cannot listen on ${config.host}:${config.port} (${code})`, {
      hint: 'Ports below 1024 need privileges; check --host / HOST is an address of this machine.',
    });
  }
  if (code === '3D000') {
    return new RegistryError('DATABASE_UNAVAILABLE', `The database of ${where(config)} does not exist`, {
      hint: 'Create it first (e.g. `createdb NAME`), then start again.',
    });
  }
  if (code === '28P01' || code === '28000') {
    return new RegistryError(
      'DATABASE_UNAVAILABLE',
      `${where(config)} refused the credentials in DATABASE_URL`,
      {
        hint: 'Check the user and password in DATABASE_URL.',
      },
    );
  }
  if (databaseFailure(error) === 'unavailable') {
    return new RegistryError(
      'DATABASE_UNAVAILABLE',
      `Cannot reach ${where(config)} (${code ?? 'connection failed'})`,
      {
        hint: 'Is PostgreSQL running, and DATABASE_URL its address?',
      },
    );
  }
  // PGlite says no more when its PostgreSQL refuses a setting (or cannot read the data folder).
  if (!config.databaseUrl && error instanceof Error && /PGlite failed to initialize/.test(error.message)) {
    const settings = Object.entries(config.pgliteSettings)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    return new RegistryError('CONFIG_INVALID', `PGlite did not start in ${config.dataDir} with ${settings}`, {
      hint: 'Check the names and values in PATTERNHUB_PGLITE_SETTINGS (PostgreSQL settings, e.g. shared_buffers=64MB).',
    });
  }
  return error;
}
