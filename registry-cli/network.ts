import { RegistryError } from '../src/core/errors.js';

/** How every CLI command talks to a registry: bounded in time and in what it reads. */
export interface NetworkSettings {
  /** Milliseconds one request may take, headers and body together (`PATTERNHUB_FETCH_TIMEOUT`). */
  timeoutMs: number;
  /** Largest answer read, tarball or JSON, in bytes (`PATTERNHUB_MAX_DOWNLOAD_BYTES`). */
  maxDownloadBytes: number;
}

export const DEFAULT_NETWORK: Readonly<NetworkSettings> = Object.freeze({
  timeoutMs: 60_000,
  maxDownloadBytes: 64 * 1024 * 1024,
});

function positive(env: Record<string, string | undefined>, name: string, fallback: number, unit: string) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RegistryError('CONFIG_INVALID', `${name} must be a whole number of ${unit} (got "${raw}")`);
  }
  return value;
}

/** Reads the network settings from the environment (CONFIG_INVALID for a bad one). */
export function networkSettings(env: Record<string, string | undefined>): NetworkSettings {
  return {
    timeoutMs: positive(env, 'PATTERNHUB_FETCH_TIMEOUT', DEFAULT_NETWORK.timeoutMs, 'milliseconds'),
    maxDownloadBytes: positive(
      env,
      'PATTERNHUB_MAX_DOWNLOAD_BYTES',
      DEFAULT_NETWORK.maxDownloadBytes,
      'bytes',
    ),
  };
}

/**
 * Reads a body up to `maxBytes`, refusing a larger one (by its Content-Length, or as soon as the
 * stream passes the limit) with PAYLOAD_TOO_LARGE: a hostile registry cannot fill the memory.
 */
export async function readLimited(
  response: Response,
  maxBytes: number,
  registry: string,
): Promise<Uint8Array> {
  const tooLarge = () =>
    new RegistryError('PAYLOAD_TOO_LARGE', `${registry} sent an answer over ${maxBytes} bytes`, {
      hint: 'Raise PATTERNHUB_MAX_DOWNLOAD_BYTES if the registry is trusted and the package is this large.',
    });
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
