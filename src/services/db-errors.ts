/** Whether an error (or one it wraps: drizzle wraps driver errors) is a PostgreSQL unique violation. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
      cause?: unknown;
    };
    if (candidate.code === '23505') {
      if (!constraint) return true;
      return candidate.constraint_name === constraint || candidate.constraint === constraint;
    }
    current = candidate.cause;
  }
  return false;
}

/** SQLSTATEs and driver codes that mean the database went away (restart, crash, network). */
const UNAVAILABLE = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATEs of a bounded wait that ran out, or of a conflict a retry resolves. */
const BUSY = new Set([
  '55P03', // lock_not_available (lock_timeout)
  '57014', // query_canceled (statement_timeout)
  '25P03', // idle_in_transaction_session_timeout
  '40P01', // deadlock_detected
  '40001', // serialization_failure
]);

// node-postgres says some of it in words only.
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated|Client has encountered a connection error|Client was closed|Connection ended)/;
const BUSY_MESSAGE = /^timeout exceeded when trying to connect/;

/** `unavailable` when the database is away, `busy` when a timeout ran out, else undefined. */
export function databaseFailure(error: unknown): 'unavailable' | 'busy' | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (UNAVAILABLE.has(code) || code.startsWith('08')) return 'unavailable';
      if (BUSY.has(code)) return 'busy';
    }
    const message = (current as { message?: unknown }).message;
    if (typeof message === 'string') {
      if (UNAVAILABLE_MESSAGE.test(message)) return 'unavailable';
      if (BUSY_MESSAGE.test(message)) return 'busy';
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
