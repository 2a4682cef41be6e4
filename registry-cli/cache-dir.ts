/**
 * The user's cache folder, shared by the install cache and the start-up code cache. Kept apart
 * (node:os and node:path only) so that the launcher can ask for it without loading the install code.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where the cache lives: `--cache DIR`, then `PATTERNHUB_CACHE`, then XDG, then `~/.cache`. */
export function cacheDirFor(
  env: Record<string, string | undefined>,
  cwd: string,
  flag?: string | undefined,
): string {
  if (flag) return resolve(cwd, flag);
  if (env.PATTERNHUB_CACHE) return resolve(cwd, env.PATTERNHUB_CACHE);
  if (env.XDG_CACHE_HOME) return join(resolve(cwd, env.XDG_CACHE_HOME), 'patternhub');
  return join(env.HOME || homedir(), '.cache', 'patternhub');
}
