/**
 * `.patternhub/state.json`: what the last successful install left, so that `patternhub install` in an
 * up-to-date project can say so without parsing YAML, compiling semver ranges or asking anyone.
 *
 * The state is keyed by a hash of the exact manifest and lockfile bytes and of the settings that pick
 * registries. Same bytes and settings means the same decision as last time (the resolution from a
 * lockfile is deterministic), so only the tree itself needs checking: the same package folders, each
 * with the integrity marker the state lists. Anything else (an edit, a missing folder, a damaged
 * marker, a state written by another version) falls through to the full install, which rewrites it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCKFILE_NAME } from '../../src/core/lockfile.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import type { CommandContext } from '../command.js';
import { INSTALL_DIR, installedIntegrity, listInstalled, PACKAGES_DIR } from './installed.js';

export const STATE_FILE = join(INSTALL_DIR, 'state.json');
const STATE_VERSION = 1;

export interface InstallState {
  stateVersion: typeof STATE_VERSION;
  /** sha256 of the manifest, the lockfile and the registry settings, as installed. */
  key: string;
  /** Every installed package: name → integrity. */
  packages: Record<string, string>;
  /** The project's dependencies: name → installed version (for the report). */
  dependencies: Record<string, string>;
}

/** The registry settings an install's outcome depends on (tokens do not change what is installed). */
export interface RegistrySettings {
  /** `--registry` / `PATTERNHUB_REGISTRY`, when given. */
  explicit: string | undefined;
  scopes: Record<string, string>;
}

/** The registry settings of this run: an explicit `--registry` / `PATTERNHUB_REGISTRY`, and the scope map. */
export function registrySettings(
  context: Pick<CommandContext, 'flags' | 'env' | 'config'>,
): RegistrySettings {
  const explicit =
    typeof context.flags.registry === 'string' || context.env.PATTERNHUB_REGISTRY !== undefined;
  return {
    explicit: explicit ? context.config.registryFor() : undefined,
    scopes: context.config.file.scopes ?? {},
  };
}

export function stateKey(
  manifestText: string,
  lockfileText: string | undefined,
  settings: RegistrySettings,
): string {
  return createHash('sha256')
    .update(manifestText)
    .update('\0')
    .update(lockfileText ?? '')
    .update('\0')
    .update(JSON.stringify([settings.explicit ?? null, Object.entries(settings.scopes).sort()]))
    .digest('hex');
}

export function serializeState(state: InstallState): string {
  return `${JSON.stringify(state)}\n`;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The state file's text, or undefined. */
export function readStateText(root: string): string | undefined {
  return readText(join(root, STATE_FILE));
}

export function readState(root: string): InstallState | undefined {
  const text = readStateText(root);
  if (text === undefined) return undefined;
  try {
    const state = JSON.parse(text) as InstallState;
    return state.stateVersion === STATE_VERSION && typeof state.key === 'string' && state.packages
      ? state
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The state of the project at or above `cwd` when it is installed exactly as its manifest and lockfile
 * say, under these settings; undefined in every other case (including no project: the full path
 * reports that properly).
 */
export function upToDateState(cwd: string, settings: RegistrySettings): InstallState | undefined {
  let root = cwd;
  while (!existsSync(join(root, MANIFEST_FILE))) {
    if (dirname(root) === root) return undefined;
    root = dirname(root);
  }
  const manifestText = readText(join(root, MANIFEST_FILE));
  const lockfileText = readText(join(root, LOCKFILE_NAME));
  if (manifestText === undefined || lockfileText === undefined) return undefined;
  const state = readState(root);
  if (!state || state.key !== stateKey(manifestText, lockfileText, settings)) return undefined;
  const names = Object.keys(state.packages).sort();
  const installed = listInstalled(root);
  if (installed.length !== names.length || installed.some((name, index) => name !== names[index]))
    return undefined;
  for (const name of names) {
    if (installedIntegrity(join(root, PACKAGES_DIR, name)) !== state.packages[name]) return undefined;
  }
  return state;
}
