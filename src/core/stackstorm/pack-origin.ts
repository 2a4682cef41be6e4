/**
 * The `stackstorm:` block of a manifest: where an imported package came from, and what export needs
 * to give the pack back as it was (its ref, its `pack.yaml` fields, renamed members, foreign refs).
 */
import { isRecord } from '../validate/values.js';

/** One member whose StackStorm name or metadata file differs from what Patternhub derives. */
export interface MemberOrigin {
  /** The StackStorm action name (`kv.get`), when it differs from the member name. */
  name?: string;
  /** The metadata file in the pack (`actions/check_consistency.meta.yaml`), when it differs. */
  file?: string;
}

/** The `stackstorm:` block of a manifest (see `schema/manifest.schema.json`). */
export interface PackOrigin {
  /** The pack's ref: how StackStorm calls it (`napalm`, `networking_utils`). */
  pack: string;
  /** When a pack was split in two: which half this package is. */
  part?: 'actions' | 'patterns';
  /** The fields of `pack.yaml` the manifest does not carry (`name`, `author`, `python_versions`…), as written. */
  metadata?: Record<string, unknown>;
  /** Members whose StackStorm names or files differ, by member name. */
  members?: Record<string, MemberOrigin>;
  /** Calls into other packs: the rewritten reference and the StackStorm one it came from. */
  references?: Record<string, string>;
}

/** The manifest's `stackstorm:` block, or undefined when the package was not imported from a pack. */
export function packOriginOf(manifest: unknown): PackOrigin | undefined {
  if (!isRecord(manifest) || !isRecord(manifest.stackstorm)) return undefined;
  const block = manifest.stackstorm;
  return typeof block.pack === 'string' ? (block as unknown as PackOrigin) : undefined;
}
