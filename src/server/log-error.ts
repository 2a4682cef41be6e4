/**
 * One line for the server log about an unexpected error, without the values it carried: a failed
 * query's parameters (token hashes, emails) and the driver's `detail` (`Key (…)=(…)`) stay out.
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(typeof current === 'string' ? current : 'non-error thrown');
      break;
    }
    const code = (current as { code?: unknown }).code;
    // A drizzle query error's message ends with the parameters: keep the SQL text only.
    const message = current.message.split('\nparams:')[0]!;
    parts.push(`${current.name}${typeof code === 'string' ? ` ${code}` : ''}: ${message}`);
    const frame = current.stack?.split('\n').find((line) => line.trimStart().startsWith('at '));
    if (frame && depth === 0) parts.push(frame.trim());
    current = current.cause;
  }
  return parts.join(' <- ');
}
