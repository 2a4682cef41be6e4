import { RegistryError } from '../src/core/errors.js';
import { packagePath, type RegistryClient } from './client.js';

/** The registry's answer to a publish. */
export interface Published {
  name: string;
  version: string;
  integrity: string;
  distTags: Record<string, string>;
  bumpOverride: unknown;
}

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
): Promise<Published> {
  if (!client.authenticated) {
    throw new RegistryError('UNAUTHENTICATED', `Publishing to ${client.registry} needs a token`, {
      hint: 'Run `patternhub login` (or set PATTERNHUB_TOKEN).',
    });
  }
  const query = new URLSearchParams();
  if (options.tag) query.set('tag', options.tag);
  if (options.access) query.set('access', options.access);
  if (options.overrideBump) query.set('overrideBump', options.overrideBump);
  const published = await client.putBytes<Published>(
    `${packagePath(target.name)}/${encodeURIComponent(target.version)}${query.size ? `?${query}` : ''}`,
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
