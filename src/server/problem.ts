import { ERROR_CODES, type ErrorCode, RegistryError } from '../core/errors.js';

/** An RFC 9457 problem document with our stable code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  hint?: string;
  details?: unknown;
  requestId: string;
}

export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof RegistryError) {
    const problem: Problem = {
      type: `https://patternhub.dev/errors/${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: ERROR_CODES[error.code].title,
      status: error.status,
      code: error.code,
      detail: error.message,
      requestId,
    };
    if (error.hint) problem.hint = error.hint;
    if (error.details !== undefined) problem.details = error.details;
    return problem;
  }
  // Anything unexpected: a generic message; the internals stay in the server log.
  return {
    type: 'https://patternhub.dev/errors/internal',
    title: ERROR_CODES.INTERNAL.title,
    status: 500,
    code: 'INTERNAL',
    detail: 'The registry failed to answer this request',
    requestId,
  };
}

export function problemResponse(problem: Problem, retryAfter?: number): Response {
  const headers: Record<string, string> = {
    'content-type': 'application/problem+json',
    'x-request-id': problem.requestId,
  };
  if (retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(retryAfter)));
  return new Response(JSON.stringify(problem), { status: problem.status, headers });
}
