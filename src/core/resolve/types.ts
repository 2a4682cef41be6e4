/**
 * Shapes of dependency resolution: what the resolver is asked, what it needs injected, what it answers.
 */
import type { Lockfile } from '../lockfile.js';
import type { Packument } from '../types.js';

/** The resolver's only I/O: the registry's metadata for one package. Injected so the core stays pure. */
export interface PackumentSource {
  /**
   * Answers `GET /v1/packages/:scope/:name`. Throws `RegistryError('PACKAGE_NOT_FOUND')` for an unknown
   * name; any other error (network, auth) aborts resolution unchanged.
   */
  getPackument(name: string): Promise<Packument>;
}

export interface ResolveOptions {
  /** Let ranges match prerelease versions even when the range itself names no prerelease. */
  includePrerelease?: boolean;
  /** A previous lockfile: its versions win whenever they still satisfy every range asking for them. */
  locked?: Pick<Lockfile, 'packages'>;
}

/** Who asked for a package: `root` (the project's `patternhub.yaml`) or `@scope/name@version`. */
export type Requester = 'root' | `@${string}/${string}@${string}`;

/** One range asking for a package, and who asked. */
export interface DependencyRequest {
  range: string;
  from: Requester;
}

/** One package of the flat install tree: exactly one version per name. */
export interface ResolvedPackage {
  version: string;
  /** `sha512-<base64>` of the tarball. */
  integrity: string;
  /** The version's own dependencies, name → range, as published (keys sorted). */
  dependencies: Record<string, string>;
  /** Path of the tarball on the registry it was resolved from. */
  tarball: string;
  /** Deprecation message, when the chosen version is deprecated (the CLI warns). */
  deprecated?: string;
  /** Set when a yanked version was chosen: only an exact pin or a lockfile can choose one. */
  yanked?: true;
}

/** The answer of `resolveGraph`. Keys of both records are sorted, so equal inputs give equal JSON. */
export interface ResolvedGraph {
  /** Every package to install, by name. */
  packages: Record<string, ResolvedPackage>;
  /** The root dependencies: name → the version chosen for it. */
  roots: Record<string, string>;
}

/** `details` of a `RESOLUTION_CONFLICT` error. */
export interface ConflictDetails {
  name: string;
  requests: DependencyRequest[];
}

/** `details` of a `VERSION_NOT_FOUND` error raised by resolution. */
export interface VersionNotFoundDetails {
  name: string;
  range: string;
  from: Requester;
  /** Every range asking for the package, when more than one did. */
  requests: DependencyRequest[];
  /** The newest versions the registry has, newest first (at most 10), to help pick a range. */
  available: string[];
}
