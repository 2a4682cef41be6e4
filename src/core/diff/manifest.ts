/**
 * Compares two manifests (`patternhub.yaml`). Name and version are not changes: they identify the two
 * sides, and comparing two organisations' variants is a normal use of the diff.
 */
import { compareDescription, type Recorder } from './recorder.js';
import { keysOf, recordOr, sameValue, show } from './values.js';

/** Keys with a comparer of their own (`stackstorm`: see pack-level.ts), or that are not changes at all (`name`, `version`). */
const OWN_KEYS = new Set(['name', 'version', 'kind', 'description', 'dependencies', 'stackstorm']);

function compareDependencies(rec: Recorder, before: unknown, after: unknown): void {
  const from = recordOr(before);
  const to = recordOr(after);
  for (const name of keysOf(from, to)) {
    const inBefore = Object.hasOwn(from, name);
    const inAfter = Object.hasOwn(to, name);
    if (!inBefore) {
      rec.record('dependency.added', `New dependency \`${name}\` ${show(to[name])}`, {
        path: name,
        after: to[name],
      });
    } else if (!inAfter) {
      rec.record('dependency.removed', `Dependency \`${name}\` was removed`, {
        path: name,
        before: from[name],
      });
    } else if (!sameValue(from[name], to[name])) {
      rec.record(
        'dependency.range-changed',
        `Dependency \`${name}\` changed its range from ${show(from[name])} to ${show(to[name])}`,
        { path: name, before: from[name], after: to[name] },
      );
    }
  }
}

/** Compares two parsed manifests. */
export function compareManifest(rec: Recorder, before: unknown, after: unknown): void {
  const from = recordOr(before);
  const to = recordOr(after);
  if (!sameValue(from.kind, to.kind)) {
    rec.record(
      'manifest.kind-changed',
      `The package kind changed from ${show(from.kind)} to ${show(to.kind)}: what it offers is of another sort`,
      { path: 'kind', before: from.kind, after: to.kind },
    );
  }
  compareDescription(rec, from.description, to.description, 'The package description changed');
  compareDependencies(rec, from.dependencies, to.dependencies);
  for (const key of keysOf(from, to)) {
    if (OWN_KEYS.has(key) || sameValue(from[key], to[key])) continue;
    rec.record(
      'manifest.metadata-changed',
      `\`${key}\` in the manifest changed: ${show(from[key])} → ${show(to[key])}`,
      {
        path: key,
        before: from[key],
        after: to[key],
      },
    );
  }
}
