/**
 * Which registry serves each package of an install, and with which token.
 *
 * A scope's registry is, in order: the one named for this run (`--registry`, `PATTERNHUB_REGISTRY`),
 * the one the config file maps the scope to, the one the lockfile already records for that scope,
 * then the default. The lockfile comes before the default so a teammate who cloned the project needs
 * tokens, not the team's scope map, to reproduce it; an explicit setting comes before the lockfile so
 * moving a scope to another registry is one config change (the next install re-resolves it there).
 * Each registry gets its own client with its own token: a private registry's token is never sent to
 * the public one.
 */
import type { Lockfile } from '../../src/core/lockfile.js';
import { createClient, type RegistryClient } from '../client.js';
import { type CliConfig, normaliseRegistry } from '../config.js';
import type { NetworkSettings } from '../network.js';

export interface Registries {
  /** The registry base URL (no trailing slash) that serves a package. */
  registryOf(name: string): string;
  /** True when this run's settings name a registry for the package's scope (not just a default). */
  isExplicit(name: string): boolean;
  /** One client per registry, created on first use, with that registry's token. */
  clientFor(registry: string): RegistryClient;
}

export interface RegistriesOptions {
  config: CliConfig;
  /** `--registry` or `PATTERNHUB_REGISTRY` was given: it serves every scope. */
  explicitRegistry: boolean;
  /** The project's lockfile before this run, whose registries are kept for unmapped scopes. */
  lockfile?: Pick<Lockfile, 'packages'> | undefined;
  fetch?: typeof fetch;
  /** Timeout and size bounds of every request. */
  network?: NetworkSettings;
}

export function scopeOf(name: string): string {
  return name.slice(0, name.indexOf('/'));
}

/** Normalised so `https://r.example/` in a hand-written lockfile equals `https://r.example`. */
export function sameRegistry(a: string, b: string): boolean {
  try {
    return normaliseRegistry(a) === normaliseRegistry(b);
  } catch {
    return false;
  }
}

export function createRegistries(options: RegistriesOptions): Registries {
  const { config } = options;
  const lockedByScope = new Map<string, string>();
  for (const [name, entry] of Object.entries(options.lockfile?.packages ?? {})) {
    const scope = scopeOf(name);
    if (!lockedByScope.has(scope)) {
      try {
        lockedByScope.set(scope, normaliseRegistry(entry.registry));
      } catch {
        // A registry the lockfile parser accepted but we cannot use: fall back to the configuration.
      }
    }
  }
  const mapped = (scope: string) => options.explicitRegistry || Boolean(config.file.scopes?.[scope]);
  const clients = new Map<string, RegistryClient>();
  return {
    registryOf(name) {
      const scope = scopeOf(name);
      if (mapped(scope)) return config.registryFor(scope);
      return lockedByScope.get(scope) ?? config.registryFor(scope);
    },
    isExplicit: (name) => mapped(scopeOf(name)),
    clientFor(registry) {
      const url = normaliseRegistry(registry);
      let client = clients.get(url);
      if (!client) {
        client = createClient(url, config.tokenFor(url), { ...options.network, fetch: options.fetch });
        clients.set(url, client);
      }
      return client;
    },
  };
}
