/**
 * Patternhub packages → a StackStorm pack. Pure: the packages' files come in, the pack's go out.
 *
 * The parts of one pack (an action package and its `-patterns` package, as import makes them, or a
 * single package) become one pack: `pack.yaml` from the manifest and its `stackstorm:` block; each
 * action's metadata back under its StackStorm name and file; each workflow split into an `orquesta`
 * action and its definition; `@scope/package.member` calls back to `pack.action`; every other file
 * where it was. YAML is written so that YAML 1.1 (PyYAML) reads the same values back.
 */
import { RegistryError } from '../errors.js';
import { parseActionRef, parsePackageName } from '../names.js';
import { readPackageDocs } from '../package-docs.js';
import { bytesOf, MANIFEST_FILE, type PackageFiles, sortedPaths } from '../package-files.js';
import { isReservedPath } from '../validate/file-checks.js';
import { isRecord } from '../validate/values.js';
import { PACK_FILE } from './import-pack.js';
import { PACK_REF, packOfPackageName } from './names.js';
import { type MemberOrigin, type PackOrigin, packOriginOf } from './pack-origin.js';
import { rewriteTaskActions } from './references.js';
import { stringifyPackYaml } from './yaml-1-1.js';

export interface PackExport {
  /** The pack's ref. */
  pack: string;
  files: PackageFiles;
  /** Things a person should know: calls into packs that must be installed too, files left out. */
  notes: string[];
}

interface Part {
  name: string;
  manifest: Record<string, unknown>;
  origin: PackOrigin | undefined;
  files: PackageFiles;
  docs: ReturnType<typeof readPackageDocs>;
}

function fail(message: string, hint?: string): never {
  throw new RegistryError('INVALID_PACKAGE', message, hint ? { hint } : {});
}

function partOf(files: PackageFiles): Part {
  const docs = readPackageDocs(files);
  const broken = [docs.manifest, ...docs.actions, ...docs.workflows].find((doc) => doc?.error);
  if (broken?.error) throw broken.error;
  const manifest = docs.manifest?.doc;
  if (!isRecord(manifest) || typeof manifest.name !== 'string')
    fail(`A package to export has no ${MANIFEST_FILE}`);
  return { name: manifest.name, manifest, origin: packOriginOf(manifest), files, docs };
}

/** Keywords that make a mapping a JSON Schema rather than the older map of output properties. */
const SCHEMA_KEYWORDS = new Set([
  'type',
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'required',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'enum',
  '$schema',
  'definitions',
  'title',
  'description',
]);

/**
 * StackStorm's API model takes `output_schema` as a JSON Schema; Patternhub (and older packs) also
 * write the shorter map of output properties (`usage: { type: array }`), which becomes the schema of
 * an object with those properties.
 */
function outputSchemaForStackStorm(value: unknown): unknown {
  if (!isRecord(value) || Object.keys(value).length === 0) return value;
  if (Object.keys(value).some((key) => SCHEMA_KEYWORDS.has(key))) return value;
  return { type: 'object', properties: value, additionalProperties: true };
}

function packYamlOf(home: Part, ref: string): Record<string, unknown> {
  const { manifest, origin } = home;
  const metadata = origin?.metadata ?? {};
  const out: Record<string, unknown> = {};
  if (!origin) {
    out.name = ref;
  }
  for (const [key, value] of Object.entries(metadata)) out[key] = value;
  out.description = manifest.description;
  if (Array.isArray(manifest.keywords)) out.keywords = manifest.keywords;
  out.version = manifest.version;
  if (out.author === undefined) {
    // StackStorm requires an author; a native package names its authors, or else its scope.
    const authors = Array.isArray(manifest.authors)
      ? manifest.authors.filter((a) => typeof a === 'string')
      : [];
    out.author = authors.length > 0 ? authors.join(', ') : `@${parsePackageName(home.name).scope}`;
  }
  return out;
}

/**
 * Exports the parts of one pack. Calls into other packages become `pack.action` by the dependency's
 * recorded origin, else by its name (`@community/linux` → `linux`), with a note. Throws `INVALID_PACKAGE` when the parts come from different packs or
 * the package name gives no pack ref StackStorm accepts.
 */
export interface ExportOptions {
  /**
   * The `stackstorm:` block of a dependency's manifest, when known (installed, or fetched): calls
   * into it then use its pack ref and its members' StackStorm names (`@acme/st2.kv_get` → `st2.kv.get`).
   */
  dependencyOrigin?: (name: string) => PackOrigin | undefined;
}

export function exportPack(partFiles: PackageFiles[], options: ExportOptions = {}): PackExport {
  if (partFiles.length === 0) fail('Nothing to export');
  const parts = partFiles.map(partOf);
  const packs = new Set(
    parts.map((part) => part.origin?.pack ?? packOfPackageName(parsePackageName(part.name).name)),
  );
  if (packs.size > 1) {
    fail(`The packages come from different packs (${[...packs].join(', ')})`, 'Export one pack at a time.');
  }
  const ref = [...packs][0]!;
  if (!PACK_REF.test(ref)) {
    fail(`"${ref}" is not a StackStorm pack ref (lower-case letters, digits and "_")`);
  }
  const home = parts.find((part) => part.origin?.part !== 'patterns') ?? parts[0]!;
  const byPackage = new Map(parts.map((part) => [part.name, part]));
  const notes: string[] = [];
  const foreign = new Map<string, string>();
  for (const part of parts)
    for (const [to, from] of Object.entries(part.origin?.references ?? {})) foreign.set(to, from);

  const back = (reference: string): string | undefined => {
    const parsed = parseActionRef(reference);
    if (!parsed || parsed.builtin || !parsed.packageName) return undefined;
    const part = byPackage.get(parsed.packageName);
    if (part) return `${ref}.${part.origin?.members?.[parsed.member]?.name ?? parsed.member}`;
    const recorded = foreign.get(reference);
    if (recorded) return recorded;
    const origin = options.dependencyOrigin?.(parsed.packageName);
    if (origin) return `${origin.pack}.${origin.members?.[parsed.member]?.name ?? parsed.member}`;
    const pack = packOfPackageName(parsePackageName(parsed.packageName).name);
    notes.push(
      `calls ${reference} as ${pack}.${parsed.member}: that pack must be installed in StackStorm too`,
    );
    return `${pack}.${parsed.member}`;
  };

  const files: PackageFiles = new Map();
  const put = (path: string, bytes: Uint8Array, from: string): void => {
    if (files.has(path)) {
      notes.push(`${path} of ${from} left out: the pack already has one`);
      return;
    }
    files.set(path, bytes);
  };
  put(PACK_FILE, bytesOf(stringifyPackYaml(packYamlOf(home, ref))), home.name);

  const metadataFile = (origin: MemberOrigin | undefined, name: string): string =>
    origin?.file ?? `actions/${name}.yaml`;
  const generated = new Set<string>();
  for (const part of parts) {
    for (const doc of part.docs.actions) {
      const action = { ...(doc.doc as Record<string, unknown>) };
      const member = String(action.name ?? doc.stem);
      const origin = part.origin?.members?.[member];
      action.name = origin?.name ?? member;
      if (!part.origin) action.pack = ref;
      if (action.output_schema !== undefined)
        action.output_schema = outputSchemaForStackStorm(action.output_schema);
      const path = metadataFile(origin, String(action.name));
      put(path, bytesOf(stringifyPackYaml(action)), part.name);
      generated.add(doc.file);
    }
    for (const doc of part.docs.workflows) {
      const { workflow: definition, ...metadata } = doc.doc as Record<string, unknown>;
      const member = String(metadata.name ?? doc.stem);
      const origin = part.origin?.members?.[member];
      const name = origin?.name ?? member;
      const entryPoint =
        typeof metadata.entry_point === 'string' ? metadata.entry_point : `workflows/${name}.yaml`;
      const action: Record<string, unknown> = { ...metadata, name };
      action.runner_type ??= 'orquesta';
      action.entry_point = entryPoint;
      if (!part.origin) action.pack = ref;
      if (action.output_schema !== undefined)
        action.output_schema = outputSchemaForStackStorm(action.output_schema);
      put(metadataFile(origin, name), bytesOf(stringifyPackYaml(action)), part.name);
      put(
        `actions/${entryPoint}`,
        bytesOf(stringifyPackYaml(rewriteTaskActions(definition, back))),
        part.name,
      );
      generated.add(doc.file);
    }
  }
  for (const part of parts) {
    for (const path of sortedPaths(part.files)) {
      if (path === MANIFEST_FILE || generated.has(path) || isReservedPath(path)) continue;
      if (part.docs.workflows.length > 0 && /^tests\/[^/]+\.ya?ml$/.test(path)) {
        notes.push(`${path} of ${part.name} left out: Patternhub pattern tests do not run in StackStorm`);
        continue;
      }
      put(path, part.files.get(path)!, part.name);
    }
  }
  return { pack: ref, files, notes: [...new Set(notes)] };
}
