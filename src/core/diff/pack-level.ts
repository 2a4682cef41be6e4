/**
 * The pack-level contract of a package imported from StackStorm (or written for it): the pack's
 * configuration schema (`config.schema.yaml`, weighed like parameters: a key removed or retyped, or a
 * new required key without a default, breaks every installation's config), its Python requirements
 * (`requirements.txt`, named one by one) and the Python versions it supports (`stackstorm.metadata.
 * python_versions` in the manifest: dropping one breaks installations on it).
 */
import { MANIFEST_FILE, type PackageFiles, textOf } from '../package-files.js';
import { parseYaml } from '../yaml.js';
import { compareParameters } from './parameters.js';
import { createRecorder } from './recorder.js';
import type { Change, ChangeSubject } from './types.js';
import { compareText, keysOf, recordOr, sameValue, show } from './values.js';

export const CONFIG_SCHEMA_FILE = 'config.schema.yaml';
export const REQUIREMENTS_FILE = 'requirements.txt';

function parsedOrUnparsed(
  changes: Change[],
  subject: ChangeSubject,
  files: PackageFiles,
  side: 'old' | 'new',
): { doc: unknown; ok: boolean } {
  const bytes = files.get(CONFIG_SCHEMA_FILE);
  if (!bytes) return { doc: undefined, ok: true };
  try {
    return { doc: parseYaml(textOf(bytes), CONFIG_SCHEMA_FILE), ok: true };
  } catch (error) {
    createRecorder(changes, subject, CONFIG_SCHEMA_FILE).record(
      'file.unparsed',
      `\`${CONFIG_SCHEMA_FILE}\` of the ${side} version could not be parsed (${(error as Error).message}): its changes cannot be judged`,
    );
    return { doc: undefined, ok: false };
  }
}

function compareConfigSchema(
  changes: Change[],
  subject: ChangeSubject,
  from: PackageFiles,
  to: PackageFiles,
): void {
  const a = from.get(CONFIG_SCHEMA_FILE);
  const b = to.get(CONFIG_SCHEMA_FILE);
  if (!a && !b) return;
  if (a && b && textOf(a) === textOf(b)) return;
  const before = parsedOrUnparsed(changes, subject, from, 'old');
  const after = parsedOrUnparsed(changes, subject, to, 'new');
  if (!before.ok || !after.ok) return;
  const rec = createRecorder(
    changes,
    subject,
    CONFIG_SCHEMA_FILE,
    `the pack config (\`${CONFIG_SCHEMA_FILE}\`)`,
  );
  compareParameters(rec, recordOr(before.doc), recordOr(after.doc));
}

/** `requirements.txt` as a map from normalised project name to the line that asks for it. */
function requirementsOf(files: PackageFiles): Map<string, string> {
  const bytes = files.get(REQUIREMENTS_FILE);
  const found = new Map<string, string>();
  if (!bytes) return found;
  for (const raw of textOf(bytes).split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0];
    // PEP 503: names compare case-insensitively with runs of `-`, `_` and `.` alike.
    found.set(name ? name.toLowerCase().replace(/[-_.]+/g, '-') : line, line);
  }
  return found;
}

function compareRequirements(
  changes: Change[],
  subject: ChangeSubject,
  from: PackageFiles,
  to: PackageFiles,
): void {
  const before = requirementsOf(from);
  const after = requirementsOf(to);
  const rec = createRecorder(changes, subject, REQUIREMENTS_FILE);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort(compareText);
  for (const name of names) {
    const a = before.get(name);
    const b = after.get(name);
    if (a === b) continue;
    if (a === undefined) {
      rec.record('requirement.added', `New Python requirement \`${b}\``, { path: name, after: b });
    } else if (b === undefined) {
      rec.record('requirement.removed', `Python requirement \`${a}\` was removed`, { path: name, before: a });
    } else {
      rec.record('requirement.changed', `Python requirement \`${name}\` changed from \`${a}\` to \`${b}\``, {
        path: name,
        before: a,
        after: b,
      });
    }
  }
}

function stackstormBlock(manifest: unknown): Record<string, unknown> {
  return recordOr(recordOr(manifest).stackstorm);
}

function pythonVersions(block: Record<string, unknown>): string[] {
  const value = recordOr(block.metadata).python_versions;
  return Array.isArray(value) ? value.map(String) : [];
}

/**
 * Compares the manifests' `stackstorm:` blocks: the pack ref (major: every `pack.action` reference
 * to it changes), supported Python versions (dropping one is major), and the rest as metadata.
 */
function compareStackStormBlock(
  changes: Change[],
  subject: ChangeSubject,
  before: unknown,
  after: unknown,
): void {
  const a = stackstormBlock(before);
  const b = stackstormBlock(after);
  const rec = createRecorder(changes, subject, MANIFEST_FILE);
  if (a.pack !== undefined && b.pack !== undefined && !sameValue(a.pack, b.pack)) {
    rec.record(
      'stackstorm.pack-changed',
      `The StackStorm pack ref changed from ${show(a.pack)} to ${show(b.pack)}: every \`pack.action\` reference to it breaks`,
      { path: 'stackstorm.pack', before: a.pack, after: b.pack },
    );
  }
  const oldPythons = pythonVersions(a);
  const newPythons = pythonVersions(b);
  // No list means no constraint: only a list that loses a version drops support.
  if (oldPythons.length > 0 || newPythons.length > 0) {
    for (const version of oldPythons) {
      if (newPythons.length > 0 && !newPythons.includes(version)) {
        rec.record(
          'python-version.dropped',
          `Python ${version} is no longer supported: installations on it break`,
          {
            path: 'stackstorm.metadata.python_versions',
            before: oldPythons,
            after: newPythons,
          },
        );
      }
    }
    for (const version of newPythons) {
      if (oldPythons.length > 0 && !oldPythons.includes(version)) {
        rec.record('python-version.added', `Python ${version} is now supported`, {
          path: 'stackstorm.metadata.python_versions',
          before: oldPythons,
          after: newPythons,
        });
      }
    }
  }
  const metaA = recordOr(a.metadata);
  const metaB = recordOr(b.metadata);
  for (const key of keysOf(metaA, metaB)) {
    if (key === 'python_versions' || sameValue(metaA[key], metaB[key])) continue;
    rec.record(
      'manifest.metadata-changed',
      `\`${key}\` of the pack changed: ${show(metaA[key])} → ${show(metaB[key])}`,
      {
        path: `stackstorm.metadata.${key}`,
        before: metaA[key],
        after: metaB[key],
      },
    );
  }
  for (const key of keysOf(a, b)) {
    if (key === 'pack' || key === 'metadata' || sameValue(a[key], b[key])) continue;
    rec.record(
      'manifest.metadata-changed',
      `\`stackstorm.${key}\` in the manifest changed: ${show(a[key])} → ${show(b[key])}`,
      {
        path: `stackstorm.${key}`,
        before: a[key],
        after: b[key],
      },
    );
  }
}

/** Records the pack-level changes between two packages' files and parsed manifests. */
export function comparePackLevel(
  changes: Change[],
  subject: ChangeSubject,
  from: { files: PackageFiles; manifest: unknown },
  to: { files: PackageFiles; manifest: unknown },
): void {
  compareConfigSchema(changes, subject, from.files, to.files);
  compareRequirements(changes, subject, from.files, to.files);
  compareStackStormBlock(changes, subject, from.manifest, to.manifest);
}
