/**
 * Names across the border: a StackStorm pack ref (`networking_utils`, lower-case letters, digits and
 * `_`) becomes a package name (`networking-utils`, where `_` is not allowed), and an action name with
 * dots (`kv.get`) becomes a member name callable as `@scope/pkg.kv_get`.
 */
import { RegistryError } from '../errors.js';
import { NAME_PART } from '../names.js';
import { MEMBER_NAME } from '../validate/member-names.js';

/** What StackStorm accepts as a pack ref (`PACK_REF_WHITELIST_REGEX` in st2common). */
export const PACK_REF = /^[a-z0-9_]+$/;

/** Suffix of the pattern half when a pack holds both actions and Orquesta workflows. */
export const PATTERNS_SUFFIX = '-patterns';

/**
 * The package name part for a pack ref: lower-case, `_` and other separators become `-`. Throws
 * `INVALID_PACK` when nothing valid remains.
 */
export function packageNameOfPack(ref: string): string {
  const name = ref
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64 - PATTERNS_SUFFIX.length);
  if (!NAME_PART.test(name)) {
    throw new RegistryError('INVALID_PACK', `The pack name "${ref}" gives no valid package name`, {
      hint: 'Package names use lower-case letters, digits and hyphens; the pack name needs at least one letter or digit.',
    });
  }
  return name;
}

/** The pack ref for a package name part with no recorded pack: `-` becomes `_`, as StackStorm needs. */
export function packOfPackageName(name: string): string {
  return name.replace(/-/g, '_');
}

/** The member name for a StackStorm action name: characters a member name cannot hold become `_`. */
export function memberNameOf(actionName: string): string {
  const name = actionName.replace(/[^A-Za-z0-9_-]/g, '_');
  return MEMBER_NAME.test(name) ? name : `_${name}`;
}
