import { codeForStatus, isErrorCode, isRegistryError, RegistryError } from '../src/core/errors.js';
import { DEFAULT_NETWORK, type NetworkSettings, readLimited } from './network.js';

export interface RegistryClient {
  readonly registry: string;
  readonly authenticated: boolean;
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Raw bytes (tarballs, files). */
  bytes(path: string): Promise<Uint8Array>;
  /** PUT raw bytes (publish). */
  putBytes<T>(path: string, data: Uint8Array): Promise<T>;
}

/** Largest error document read: a problem+json is a few hundred bytes. */
const MAX_ERROR_BYTES = 64 * 1024;

/** Turns a problem+json answer back into the RegistryError the server raised. */
async function errorFrom(response: Response, registry: string): Promise<RegistryError> {
  let text: string;
  try {
    text = new TextDecoder().decode(await readLimited(response, MAX_ERROR_BYTES, registry));
  } catch {
    text = '';
  }
  try {
    const problem = JSON.parse(text) as {
      code?: unknown;
      detail?: unknown;
      hint?: unknown;
      details?: unknown;
      requestId?: unknown;
    };
    if (isErrorCode(problem.code)) {
      const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
      return new RegistryError(problem.code, String(problem.detail ?? response.statusText), {
        ...(typeof problem.hint === 'string' ? { hint: problem.hint } : {}),
        details: problem.details,
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
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
async function readJsonBody(response: Response, registry: string, maxBytes: number): Promise<unknown> {
  const text = new TextDecoder().decode(await readLimited(response, maxBytes, registry));
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

export interface ClientOptions extends Partial<NetworkSettings> {
  /** Test seam: the fetch to use (looked up per call otherwise: touching it loads undici). */
  fetch?: typeof fetch | undefined;
}

/**
 * An HTTP client for one registry; the token travels only in the Authorization header. Every
 * request is bounded in time (headers and body) and every answer in size.
 */
export function createClient(
  registry: string,
  token: string | undefined,
  options: ClientOptions = {},
): RegistryClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_NETWORK.timeoutMs;
  const maxBytes = options.maxDownloadBytes ?? DEFAULT_NETWORK.maxDownloadBytes;
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
      response = await (options.fetch ?? fetch)(registry + path, {
        method,
        headers: headers(init.headers),
        body: init.body ?? null,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = isTimeout(error)
        ? `no answer within ${timeoutMs} ms`
        : ((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message);
      throw new RegistryError('NETWORK_ERROR', `Cannot reach ${registry} (${reason})`, {
        hint: 'Check --registry / PATTERNHUB_REGISTRY, and that the registry is running (`patternhub serve`).',
      });
    }
    if (!response.ok) throw await errorFrom(response, registry);
    return response;
  };
  // A body that stalls past the deadline aborts mid-read: still a network error, never a crash.
  const guardBody = async <T>(read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      if (isRegistryError(error)) throw error;
      throw new RegistryError(
        'NETWORK_ERROR',
        `${registry} stopped answering (${isTimeout(error) ? `over ${timeoutMs} ms` : (error as Error).message})`,
      );
    }
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
      return (await guardBody(() => readJsonBody(response, registry, maxBytes))) as T;
    },
    async bytes(path) {
      const response = await send('GET', path);
      return guardBody(() => readLimited(response, maxBytes, registry));
    },
    async putBytes<T>(path: string, data: Uint8Array) {
      const response = await send('PUT', path, {
        body: data as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/octet-stream' },
      });
      return (await guardBody(() => readJsonBody(response, registry, maxBytes))) as T;
    },
  };
}

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: unknown })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}
