/**
 * One error type for the whole project, with stable codes.
 *
 * Codes are SCREAMING_SNAKE and never renamed: scripts match on them. The table below is the single
 * place that maps a code to an HTTP status (server) and an exit code (CLI); it is exhaustive, so a new
 * code does not compile until it has both.
 */

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  invalid: 3,
  notFound: 4,
  conflict: 5,
  auth: 6,
  network: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

interface CodeSpec {
  status: number;
  exit: ExitCode;
  title: string;
}

export const ERROR_CODES = {
  // Usage and requests
  USAGE: { status: 400, exit: EXIT.usage, title: 'Invalid usage' },
  BAD_REQUEST: { status: 400, exit: EXIT.usage, title: 'Bad request' },
  CONFIG_INVALID: { status: 500, exit: EXIT.usage, title: 'Invalid configuration' },
  PAYLOAD_TOO_LARGE: { status: 413, exit: EXIT.invalid, title: 'Payload too large' },
  // Packages
  INVALID_PACKAGE: { status: 422, exit: EXIT.invalid, title: 'Invalid package' },
  PACKAGE_TOO_COMPLEX: {
    status: 422,
    exit: EXIT.invalid,
    title: 'Package too complex to check within the time and memory allowed',
  },
  INVALID_NAME: { status: 400, exit: EXIT.usage, title: 'Invalid package name' },
  INVALID_VERSION: { status: 400, exit: EXIT.usage, title: 'Invalid version' },
  INVALID_YAML: { status: 422, exit: EXIT.invalid, title: 'Invalid YAML' },
  TARBALL_INVALID: { status: 422, exit: EXIT.invalid, title: 'Tarball is not a valid gzipped tar' },
  TARBALL_UNSAFE: { status: 422, exit: EXIT.invalid, title: 'Tarball is unsafe' },
  MANIFEST_MISMATCH: { status: 422, exit: EXIT.invalid, title: 'Manifest does not match the request' },
  DEPENDENCY_UNRESOLVED: {
    status: 422,
    exit: EXIT.invalid,
    title: 'Dependency range matches no published version',
  },
  INVALID_PACK: { status: 422, exit: EXIT.invalid, title: 'Not a StackStorm pack Patternhub can import' },
  INTEGRITY_MISMATCH: { status: 422, exit: EXIT.invalid, title: 'Integrity check failed' },
  // Registry signatures (install and `audit signatures`; a mirror checking its upstream)
  SIGNATURE_MISSING: { status: 502, exit: EXIT.invalid, title: 'Version is not signed' },
  SIGNATURE_INVALID: { status: 502, exit: EXIT.invalid, title: 'Signature does not verify' },
  SIGNATURE_KEY_UNKNOWN: { status: 502, exit: EXIT.invalid, title: 'Signed by an unknown key' },
  SIGNATURE_KEY_EXPIRED: { status: 502, exit: EXIT.invalid, title: 'Signed after its key expired' },
  // Not found
  NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Not found' },
  PACKAGE_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Package not found' },
  VERSION_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Version not found' },
  FILE_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'File not found' },
  ORG_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Organisation not found' },
  USER_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'User not found' },
  TOKEN_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Token not found' },
  DIST_TAG_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Dist-tag not found' },
  NOT_INSTALLED: { status: 404, exit: EXIT.notFound, title: 'Package not installed' },
  // Conflicts
  VERSION_EXISTS: { status: 409, exit: EXIT.conflict, title: 'Version already exists' },
  SEMVER_BUMP_MISMATCH: {
    status: 409,
    exit: EXIT.conflict,
    title: 'Version bump smaller than the changes require',
  },
  RESOLUTION_CONFLICT: {
    status: 409,
    exit: EXIT.conflict,
    title: 'Dependency ranges cannot be satisfied together',
  },
  LOCKFILE_OUT_OF_DATE: { status: 409, exit: EXIT.conflict, title: 'Lockfile does not match the manifest' },
  UNPUBLISH_WINDOW_CLOSED: { status: 409, exit: EXIT.conflict, title: 'Removal window has closed' },
  HAS_DEPENDENTS: { status: 409, exit: EXIT.conflict, title: 'Other packages depend on this version' },
  PRIVATE_DEPENDENCY: {
    status: 409,
    exit: EXIT.conflict,
    title: 'A public package cannot depend on a private one',
  },
  ALREADY_EXISTS: { status: 409, exit: EXIT.conflict, title: 'Already exists' },
  LAST_OWNER: { status: 409, exit: EXIT.conflict, title: 'An organisation keeps at least one owner' },
  ACCESS_MISMATCH: { status: 409, exit: EXIT.conflict, title: 'The package exists with another access' },
  NAME_CONFUSABLE: { status: 409, exit: EXIT.conflict, title: 'Name imitates another package' },
  TOKEN_LIMIT: { status: 409, exit: EXIT.conflict, title: 'Too many tokens' },
  DATA_DIR_LOCKED: { status: 409, exit: EXIT.conflict, title: 'Data folder in use by another process' },
  // Auth
  UNAUTHENTICATED: { status: 401, exit: EXIT.auth, title: 'Authentication required' },
  FORBIDDEN: { status: 403, exit: EXIT.auth, title: 'Forbidden' },
  // Network and environment
  NETWORK_ERROR: { status: 502, exit: EXIT.network, title: 'Registry unreachable' },
  OFFLINE_CACHE_MISS: { status: 504, exit: EXIT.network, title: 'Not in the offline cache' },
  UPSTREAM_UNAVAILABLE: { status: 504, exit: EXIT.network, title: 'Upstream registry unreachable' },
  // Pattern tests and local runs
  PATTERN_TESTS_FAILED: { status: 422, exit: EXIT.invalid, title: "The package's pattern tests fail" },
  RUN_NEEDS_STACKSTORM: { status: 422, exit: EXIT.invalid, title: 'A task needs StackStorm to run' },
  RUN_NOT_FOUND: { status: 404, exit: EXIT.notFound, title: 'Run record not found' },
  RATE_LIMITED: { status: 429, exit: EXIT.network, title: 'Too many requests' },
  DATABASE_UNAVAILABLE: { status: 503, exit: EXIT.network, title: 'Database unavailable' },
  DATABASE_BUSY: { status: 503, exit: EXIT.network, title: 'Database busy' },
  SERVER_BUSY: { status: 503, exit: EXIT.network, title: 'Server busy' },
  PORT_IN_USE: { status: 500, exit: EXIT.network, title: 'Port already in use' },
  // Everything else
  INTERNAL: { status: 500, exit: EXIT.unexpected, title: 'Internal error' },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface RegistryErrorOptions {
  hint?: string;
  details?: unknown;
  cause?: unknown;
  /** Seconds after which a retry may succeed (429, 503): the server sends it as `Retry-After`. */
  retryAfter?: number;
}

/** Marks every RegistryError, whichever copy of this module made it. */
const BRAND = Symbol.for('patternhub.RegistryError');

export class RegistryError extends Error {
  /**
   * Built, the CLI and the server are two bundles (dist/cli.cjs, dist/server.js), each with its own
   * copy of this class, and `serve` hands the server's errors to the CLI: `instanceof` checks a brand
   * that both copies put on their instances instead of the prototype chain.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && BRAND in value;
  }

  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: unknown;
  readonly retryAfter: number | undefined;

  constructor(code: ErrorCode, message: string, options: RegistryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get exitCode(): ExitCode {
    return ERROR_CODES[this.code].exit;
  }
}
Object.defineProperty(RegistryError.prototype, BRAND, { value: true });

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

export function isRegistryError(value: unknown, code?: ErrorCode): value is RegistryError {
  return value instanceof RegistryError && (code === undefined || value.code === code);
}

/**
 * The codes that mean only their status, for an answer that carries no code of its own (a proxy's
 * error page): a specific code (VERSION_EXISTS, ALREADY_EXISTS, …) is never guessed from a status.
 */
const GENERIC_CODES = [
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
] as const;

/** The generic code of an HTTP status: per the table for 4xx, `NETWORK_ERROR` for the rest. */
export function codeForStatus(status: number): ErrorCode {
  const generic = GENERIC_CODES.find((code) => ERROR_CODES[code].status === status);
  if (generic) return generic;
  return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'NETWORK_ERROR';
}
