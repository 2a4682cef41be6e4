import { RegistryError } from '../../src/core/errors.js';
import { type PackageSpec, parsePackageSpec } from '../../src/core/names.js';
import { createClient, type RegistryClient } from '../client.js';
import type { CommandContext } from '../command.js';
import { networkSettings } from '../network.js';

/** A client for the registry that serves `scope` (or the default one), with its token. */
export function clientFor(context: CommandContext, scope?: string): RegistryClient {
  const registry = context.config.registryFor(scope);
  return createClient(registry, context.config.tokenFor(registry), networkSettings(context.env));
}

export function requireArg(context: CommandContext, index: number, what: string, usage: string): string {
  const value = context.args[index];
  if (!value) throw new RegistryError('USAGE', `Missing ${what}`, { hint: `Usage: ${usage}` });
  return value;
}

export function packageArg(context: CommandContext, index: number, usage: string): PackageSpec {
  return parsePackageSpec(requireArg(context, index, 'the package (@scope/name)', usage));
}

export function stringFlag(context: CommandContext, name: string): string | undefined {
  const value = context.flags[name];
  return typeof value === 'string' ? value : undefined;
}
