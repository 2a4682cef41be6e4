/**
 * Dependency resolution: which version of each package a project installs. Pure: the registry's
 * metadata comes in through `PackumentSource`.
 */
export { resolveGraph } from './graph.js';
export { type PickVersionOptions, pickVersion } from './pick-version.js';
export type {
  ConflictDetails,
  DependencyRequest,
  PackumentSource,
  Requester,
  ResolvedGraph,
  ResolvedPackage,
  ResolveOptions,
  VersionNotFoundDetails,
} from './types.js';
