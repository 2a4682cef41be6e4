import { codeForStatus, isErrorCode, RegistryError } from '../src/core/errors.js';

export interface RegistryClient {
  readonly registry: string;
  readonly authenticated: boolean;
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Raw bytes (tarballs, files). */
  bytes(path: string): Promise<Uint8Array>;
  /** PUT raw bytes (publish). */
  putBytes<T>(path: string, data: Uint8Array): Promise<T>;
}

/** Turns a problem+json answer back into the RegistryError the server raised. */
async function errorFrom(response: Response, registry: string): Promise<RegistryError> {
  const text = await response.text();
  try {
    const problem = JSON.parse(text) as {
      code?: unknown;
      detail?: unknown;
      hint?: unknown;
      details?: unknown;
      requestId?: unknown;
    };
    if (isErrorCode(problem.code)) {
      return new RegistryError(problem.code, String(problem.detail ?? response.statusText), {
        ...(typeof problem.hint === 'string' ? { hint: problem.hint } : {}),
        details: problem.details,
      });
    }
  } catch {
    // not a problem document: fall through
  }
  return new RegistryError(
    codeForStatus(response.status),
    `${registry} answered ${response.status} ${response.statusText}`,
  );
}

/** A 2xx answer that is not JSON (a proxy's page, a wrong URL) is a network problem, not a crash. */
async function readJsonBody(response: Response, registry: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new RegistryError(
      'NETWORK_ERROR',
      `${registry} did not answer with JSON (${response.status}, ${response.headers.get('content-type') ?? 'no content type'})`,
      { hint: 'Is --registry / PATTERNHUB_REGISTRY the address of a Patternhub registry?' },
    );
  }
}

/** An HTTP client for one registry; the token travels only in the Authorization header. */
export function createClient(
  registry: string,
  token: string | undefined,
  fetchImpl: typeof fetch = fetch,
): RegistryClient {
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    'user-agent': 'patternhub-cli',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });
  const send = async (
    method: string,
    path: string,
    init: { body?: RequestInit['body']; headers?: Record<string, string> } = {},
  ) => {
    let response: Response;
    try {
      response = await fetchImpl(registry + path, {
        method,
        headers: headers(init.headers),
        body: init.body ?? null,
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new RegistryError('NETWORK_ERROR', `Cannot reach ${registry} (${reason})`, {
        hint: 'Check --registry / PATTERNHUB_REGISTRY, and that the registry is running (`patternhub serve`).',
      });
    }
    if (!response.ok) throw await errorFrom(response, registry);
    return response;
  };
  return {
    registry,
    authenticated: Boolean(token),
    async json<T>(method: string, path: string, body?: unknown) {
      const response = await send(
        method,
        path,
        body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } },
      );
      return (await readJsonBody(response, registry)) as T;
    },
    async bytes(path) {
      const response = await send('GET', path);
      return new Uint8Array(await response.arrayBuffer());
    },
    async putBytes<T>(path: string, data: Uint8Array) {
      const response = await send('PUT', path, {
        body: data as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/octet-stream' },
      });
      return (await readJsonBody(response, registry)) as T;
    },
  };
}
