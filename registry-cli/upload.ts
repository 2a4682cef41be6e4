import { versionPath } from '../src/core/api-paths.js';
import type { PublishResponse } from '../src/core/api-types.js';
import { RegistryError } from '../src/core/errors.js';
import type { RegistryClient } from './client.js';

export interface UploadOptions {
  tag?: string;
  access?: string;
  /** Publish although the bump is smaller than the changes need, recording this reason. */
  overrideBump?: string;
}

/** Uploads a packed version and checks the registry stored the bytes sent. */
export async function uploadTarball(
  client: RegistryClient,
  target: { name: string; version: string },
  tarball: Uint8Array,
  integrity: string,
  options: UploadOptions = {},
): Promise<PublishResponse> {
  if (!client.authenticated) {
    throw new RegistryError('UNAUTHENTICATED', `Publishing to ${client.registry} needs a token`, {
      hint: 'Run `patternhub login` (or set PATTERNHUB_TOKEN).',
    });
  }
  const query = new URLSearchParams();
  if (options.tag) query.set('tag', options.tag);
  if (options.access) query.set('access', options.access);
  if (options.overrideBump) query.set('overrideBump', options.overrideBump);
  const published = await client.putBytes<PublishResponse>(
    `${versionPath(target.name, target.version)}${query.size ? `?${query}` : ''}`,
    tarball,
  );
  if (published.integrity !== integrity) {
    throw new RegistryError(
      'INTEGRITY_MISMATCH',
      `The registry stored ${published.integrity}, not the ${integrity} sent`,
    );
  }
  return published;
}
