/** "The newest version" as the install-family commands mean it. */
import { type PickVersionOptions, pickVersion } from '../../src/core/resolve/pick-version.js';
import type { Packument, PackumentVersion } from '../../src/core/types.js';

/**
 * The version `install @scope/name` saves and `update --latest` moves to: the `latest` dist-tag,
 * unless it points at a yanked version (a yank does not move the tag), then the best version that
 * is not yanked. Undefined when nothing is installable.
 */
export function pickLatest(
  packument: Packument,
  options: PickVersionOptions = {},
): PackumentVersion | undefined {
  const tagged = pickVersion(packument, undefined, options);
  if (tagged && !tagged.yanked) return tagged;
  return pickVersion(packument, '*', options);
}
