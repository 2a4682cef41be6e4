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
