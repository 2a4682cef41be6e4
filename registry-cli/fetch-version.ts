import { packagePath } from '../src/core/api-paths.js';
import { RegistryError } from '../src/core/errors.js';
import type { PackageSpec } from '../src/core/names.js';
import type { PackageFiles } from '../src/core/package-files.js';
import { pickVersion } from '../src/core/resolve/index.js';
import { unpackTarball, verifyIntegrity } from '../src/core/tarball/index.js';
import type { Packument, PackumentVersion } from '../src/core/types.js';
import type { RegistryClient } from './client.js';

/** Resolves a spec (exact version, range or tag; `latest` when none) against the registry. */
export async function resolveSpec(
  client: RegistryClient,
  spec: PackageSpec,
): Promise<{ packument: Packument; version: PackumentVersion }> {
  const packument = await client.json<Packument>('GET', packagePath(spec.full));
  const version = pickVersion(packument, spec.selector);
  if (!version) {
    throw new RegistryError(
      'VERSION_NOT_FOUND',
      `No version of ${spec.full} matches "${spec.selector ?? 'latest'}"`,
      {
        details: { available: Object.keys(packument.versions) },
      },
    );
  }
  return { packument, version };
}

/** Downloads a version's tarball, checks its integrity and unpacks it safely in memory. */
export async function fetchVersionFiles(
  client: RegistryClient,
  version: PackumentVersion,
): Promise<PackageFiles> {
  const tarball = await client.bytes(version.tarball);
  verifyIntegrity(tarball, version.integrity);
  return unpackTarball(tarball);
}
