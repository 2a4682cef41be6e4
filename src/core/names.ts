import { RegistryError } from './errors.js';

/** Scope and name: lower-case letters, digits and hyphens, no dots (a dot separates package and action). */
export const NAME_PART = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const PACKAGE_NAME = /^@([a-z0-9][a-z0-9-]{0,63})\/([a-z0-9][a-z0-9-]{0,63})$/;

export interface PackageName {
  scope: string;
  name: string;
  /** `@scope/name` */
  full: string;
}

export function isValidPackageName(value: string): boolean {
  return PACKAGE_NAME.test(value);
}

export function parsePackageName(value: string): PackageName {
  const match = PACKAGE_NAME.exec(value);
  if (!match) {
    throw new RegistryError('INVALID_NAME', `"${value}" is not a valid package name`, {
      hint: 'Names look like @scope/name: lower-case letters, digits and hyphens, no dots.',
    });
  }
  return { scope: match[1]!, name: match[2]!, full: value };
}

export function formatPackageName(scope: string, name: string): string {
  return `@${scope}/${name}`;
}

/** Characters a reader takes for one another in a name (after lower-casing; names are ASCII). */
const LOOK_ALIKE: Record<string, string> = {
  '0': 'o',
  '1': 'l',
  i: 'l',
  '5': 's',
  '3': 'e',
  '4': 'a',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '6': 'b',
};

/**
 * What a scope or name looks like to a hurried reader: look-alike letters and digits folded
 * (`0`/`o`, `1`/`l`/`i`, `rn`/`m`, `vv`/`w`, `cl`/`d`), hyphens dropped. Two different names with one
 * skeleton are confusable: `disk-fu11` imitates `disk-full`.
 */
export function nameSkeleton(value: string): string {
  const folded = [...value.toLowerCase()].map((char) => LOOK_ALIKE[char] ?? char).join('');
  return folded.replaceAll('rn', 'm').replaceAll('vv', 'w').replaceAll('cl', 'd').replaceAll('-', '');
}

/** Whether two different `@scope/name`s look the same (scope and name each confusable). */
export function areConfusable(a: PackageName, b: PackageName): boolean {
  return (
    a.full !== b.full &&
    nameSkeleton(a.scope) === nameSkeleton(b.scope) &&
    nameSkeleton(a.name) === nameSkeleton(b.name)
  );
}

export interface PackageSpec extends PackageName {
  /** A version, a semver range or a dist-tag; undefined when none was given. */
  selector: string | undefined;
}

/** Parses `@scope/name`, `@scope/name@1.2.3`, `@scope/name@^1.2` or `@scope/name@beta`. */
export function parsePackageSpec(value: string): PackageSpec {
  const at = value.indexOf('@', 1);
  const namePart = at === -1 ? value : value.slice(0, at);
  const selector = at === -1 ? undefined : value.slice(at + 1);
  const parsed = parsePackageName(namePart);
  if (selector === '') {
    throw new RegistryError('USAGE', `"${value}" has an empty version after "@"`);
  }
  return { ...parsed, selector };
}

export interface ActionRef {
  /** `@scope/name`, or undefined for engine built-ins such as `core.echo`. */
  packageName: string | undefined;
  /** The action or workflow name inside the package, or the built-in's name. */
  member: string;
  builtin: boolean;
}

/** Splits an `action:` value: `@scope/pkg.action`, or `core.*` for the engine's built-ins. */
export function parseActionRef(value: string): ActionRef | undefined {
  if (value.startsWith('core.')) {
    const member = value.slice('core.'.length);
    return member ? { packageName: undefined, member, builtin: true } : undefined;
  }
  const match = /^(@[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63})\.([A-Za-z0-9_][A-Za-z0-9_-]*)$/.exec(
    value,
  );
  if (!match) return undefined;
  return { packageName: match[1]!, member: match[2]!, builtin: false };
}
