/**
 * What `install`, `uninstall`, `update` and `outdated` share for one run: the project, the cache, the
 * registries, the flags that change how packages are found, and the package metadata source (each
 * name asked for once, a bounded number at a time, copied into the cache for later `--offline` runs).
 */

import { packagePath } from '../../src/core/api-paths.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import { LOCKFILE_NAME, parseLockfile } from '../../src/core/lockfile.js';
import type { Packument } from '../../src/core/types.js';
import type { CommandContext } from '../command.js';
import { networkSettings } from '../network.js';
import { cacheDirFor, openCache, type TarballCache } from './cache.js';
import { createLimiter, DEFAULT_CONCURRENCY, withRetries } from './fetch-packages.js';
import { createProgress, type InstallProgress } from './progress.js';
import { loadProject, type Project } from './project.js';
import { createRegistries, type Registries } from './registries.js';
import { type RegistrySettings, registrySettings } from './state.js';

/** Flags every install-family command takes. */
export const INSTALL_OPTIONS = {
  offline: { type: 'boolean' },
  cache: { type: 'string' },
  prerelease: { type: 'boolean' },
  concurrency: { type: 'string' },
} as const;

export interface Session {
  project: Project;
  /** The settings that decide registries (part of the state key: changing them re-checks the lockfile). */
  settings: RegistrySettings;
  cache: TarballCache;
  registries: Registries;
  offline: boolean;
  includePrerelease: boolean;
  concurrency: number;
  progress: InstallProgress;
  /** Said to the user after the command's own output (deprecations, cache repairs). */
  warnings: string[];
  /** Package metadata, each name fetched at most once per run. */
  getPackument(name: string): Promise<Packument>;
  /** How many metadata documents were requested from registries (0 for a lockfile install). */
  readonly metadataRequests: number;
}

export interface SessionOptions {
  /** Test seam: the fetch the registry clients use. */
  fetch?: typeof fetch;
}

function concurrencyFlag(context: CommandContext): number {
  const raw = context.flags.concurrency;
  if (raw === undefined) return DEFAULT_CONCURRENCY;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 256) {
    throw new RegistryError('USAGE', '--concurrency must be a whole number from 1 to 256');
  }
  return value;
}

/** Reads the project (throws `USAGE` without a `patternhub.yaml`) and sets up the run. */
export function openSession(context: CommandContext, options: SessionOptions = {}): Session {
  const warnings: string[] = [];
  const cacheFlag = typeof context.flags.cache === 'string' ? context.flags.cache : undefined;
  const cache = openCache(cacheDirFor(context.env, context.cwd, cacheFlag), (message) =>
    warnings.push(message),
  );
  const project = loadProject(context.cwd, (text) =>
    cache.parseLockfile(text, (raw) => parseLockfile(raw, LOCKFILE_NAME)),
  );
  const settings = registrySettings(context);
  const registries = createRegistries({
    config: context.config,
    explicitRegistry: settings.explicit !== undefined,
    lockfile: project.lockfile,
    fetch: options.fetch,
    network: networkSettings(context.env),
  });
  const offline = context.flags.offline === true;
  const concurrency = concurrencyFlag(context);
  const progress = createProgress(context.out, context.out.isTTY && !context.json);
  const limit = createLimiter(concurrency);
  const packuments = new Map<string, Promise<Packument>>();
  let metadataRequests = 0;

  const fetchPackument = async (name: string): Promise<Packument> => {
    const registry = registries.registryOf(name);
    if (offline) {
      const entry = cache.getPackument(registry, name);
      if (!entry) {
        throw new RegistryError(
          'OFFLINE_CACHE_MISS',
          `No metadata of ${name} from ${registry} in the cache ${cache.dir}`,
          {
            details: { name, registry },
            hint: 'Run the install once online, or install from an up-to-date patternhub.lock.',
          },
        );
      }
      return entry.packument;
    }
    const client = registries.clientFor(registry);
    const packument = await limit(() =>
      withRetries(2, async () => {
        metadataRequests++;
        try {
          return await client.json<Packument>('GET', packagePath(name));
        } catch (error) {
          if (isRegistryError(error)) throw error;
          throw new RegistryError(
            'NETWORK_ERROR',
            `Reading ${name} from ${registry} failed: ${(error as Error).message}`,
            {
              cause: error,
            },
          );
        }
      }),
    ).catch((error: unknown) => {
      // The resolver reports PACKAGE_NOT_FOUND with who asked for it; a plain 404 becomes that code.
      if (isRegistryError(error, 'NOT_FOUND') || isRegistryError(error, 'PACKAGE_NOT_FOUND')) {
        throw new RegistryError('PACKAGE_NOT_FOUND', `${name} is not on ${registry}`, {
          details: { name, registry },
          hint: registries.clientFor(registry).authenticated
            ? `Check the name, and that ${registry} is the registry for ${name.split('/')[0]} (scopes map to registries in ${context.config.path}).`
            : `Check the name. If it is private, store a token for ${registry} (\`patternhub login --registry ${registry}\`).`,
          cause: error,
        });
      }
      throw error;
    });
    cache.putPackument(registry, name, packument);
    return packument;
  };

  return {
    project,
    settings,
    cache,
    registries,
    offline,
    includePrerelease: context.flags.prerelease === true,
    concurrency,
    progress,
    warnings,
    getPackument(name) {
      let pending = packuments.get(name);
      if (!pending) {
        pending = fetchPackument(name).then((packument) => {
          progress.resolved();
          return packument;
        });
        packuments.set(name, pending);
      }
      return pending;
    },
    get metadataRequests() {
      return metadataRequests;
    },
  };
}
