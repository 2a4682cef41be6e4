/**
 * StackStorm pack → Patternhub packages. Pure: the pack's files come in, the packages' files go out.
 *
 * A pack becomes one package, or two when it holds both plain actions and Orquesta workflows (a
 * Patternhub package is either kind, not both): the action package `@scope/<pack>` and the pattern
 * package `@scope/<pack>-patterns`, which depends on it. Pack-level files (`config.schema.yaml`,
 * requirements, README, and what a pattern registry does not model: rules, sensors, triggers,
 * aliases, policies, ActionChain and Mistral workflows) travel as plain files of the action package
 * (or of the only package), and the report lists what is carried without being understood.
 */
import semver from 'semver';
import { canonicalRunner } from '../catalogue/index.js';
import { RegistryError } from '../errors.js';
import { formatPackageName } from '../names.js';
import { bytesOf, MANIFEST_FILE, type PackageFiles, sortedPaths, textOf } from '../package-files.js';
import type { PackageKind } from '../types.js';
import { resolveEntryPoint } from '../validate/entry-points.js';
import { isRecord } from '../validate/values.js';
import { memberNameOf, PACK_REF, PATTERNS_SUFFIX, packageNameOfPack } from './names.js';
import type { MemberOrigin, PackOrigin } from './pack-origin.js';
import { isDynamicRef, rewriteTaskActions, splitPackRef } from './references.js';
import { parsePackYaml, stringifyPackYaml } from './yaml-1-1.js';

export const PACK_FILE = 'pack.yaml';

/** What a pattern registry carries without modelling it, by the folder or runner it comes from. */
export type KeptKind = 'rule' | 'sensor' | 'trigger' | 'alias' | 'policy' | 'action-chain' | 'mistral';

const KEPT_FOLDERS: ReadonlyArray<[string, KeptKind]> = [
  ['rules/', 'rule'],
  ['sensors/', 'sensor'],
  ['triggers/', 'trigger'],
  ['aliases/', 'alias'],
  ['actions/aliases/', 'alias'],
  ['policies/', 'policy'],
];

const KEPT_RUNNERS: Readonly<Record<string, KeptKind>> = {
  'action-chain': 'action-chain',
  'mistral-v2': 'mistral',
};

/** One file carried as is, and why. */
export interface KeptFile {
  path: string;
  kind: KeptKind;
  /** The package it went into. */
  package: string;
}

export interface ImportedPackage {
  name: string;
  kind: PackageKind;
  files: PackageFiles;
}

export interface PackImport {
  /** The pack's ref. */
  pack: string;
  version: string;
  /** One or two packages; with two, the action package comes first (publish it first). */
  packages: ImportedPackage[];
  /** Content kept as plain files: StackStorm runs it, Patternhub only carries it. */
  kept: KeptFile[];
  /** Names that had to change: the pack's, and actions with characters a member name cannot hold. */
  renamed: Array<{ from: string; to: string }>;
  /** Task references rewritten, StackStorm form → Patternhub form. */
  references: Array<{ from: string; to: string }>;
  /** Things a person should look at: dynamic references, calls into other packs. */
  notes: string[];
}

export interface ImportOptions {
  /** The scope the packages go to (an organisation or a user). */
  scope: string;
}

interface ActionEntry {
  /** Path of the metadata file in the pack. */
  file: string;
  doc: Record<string, unknown>;
  stackstormName: string;
  member: string;
  workflow: boolean;
}

function fail(message: string, hint?: string): never {
  throw new RegistryError('INVALID_PACK', message, hint ? { hint } : {});
}

function readYaml(files: PackageFiles, path: string): unknown {
  return parsePackYaml(textOf(files.get(path)!), path);
}

function packVersion(raw: unknown): string {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || semver.valid(text) === null || semver.clean(text) !== text) {
    fail(
      `${PACK_FILE} has version ${JSON.stringify(raw)}, which is not a semver 2.0 version`,
      'StackStorm wants versions like 1.2.0 too: fix pack.yaml (quote it if YAML reads it as a number).',
    );
  }
  return text;
}

function authorsOf(metadata: Record<string, unknown>): string[] | undefined {
  if (typeof metadata.author !== 'string' || metadata.author.trim() === '') return undefined;
  const email = typeof metadata.email === 'string' && metadata.email !== '' ? ` <${metadata.email}>` : '';
  return [`${metadata.author.trim()}${email}`.slice(0, 256)];
}

function keptKindOf(path: string): KeptKind | undefined {
  return KEPT_FOLDERS.find(([folder]) => path.startsWith(folder))?.[1];
}

/** The pack's action metadata documents: `actions/*.yaml` (not in subfolders) naming a runner. */
function readActions(files: PackageFiles): ActionEntry[] {
  const entries: ActionEntry[] = [];
  for (const path of sortedPaths(files)) {
    if (!/^actions\/[^/]+\.ya?ml$/.test(path)) continue;
    const doc = readYaml(files, path);
    if (!isRecord(doc) || typeof doc.runner_type !== 'string') continue; // not metadata: a plain file
    if (typeof doc.name !== 'string' || doc.name === '') fail(`${path} has no action name`);
    const runner = canonicalRunner(doc.runner_type) ?? doc.runner_type;
    entries.push({
      file: path,
      doc,
      stackstormName: doc.name,
      member: memberNameOf(doc.name),
      workflow: runner === 'orquesta',
    });
  }
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const other = seen.get(entry.member);
    if (other) fail(`${entry.file} and ${other} both become the member "${entry.member}"`);
    seen.set(entry.member, entry.file);
  }
  return entries;
}

/**
 * The range the pattern half asks of the action half: the same minor series (`^1.3.0` for 1.3.1), so
 * a patch release of the pack leaves it unchanged and the halves move in step.
 */
function halfRange(version: string): string {
  const parsed = semver.parse(version)!;
  return `^${parsed.major}.${parsed.minor}.0`;
}

/** The key order of a workflow file: its StackStorm metadata first, then the definition. */
const WORKFLOW_KEYS = [
  'name',
  'description',
  'runner_type',
  'entry_point',
  'enabled',
  'pack',
  'parameters',
  'output_schema',
  'tags',
  'notify',
];

/**
 * Imports a pack. Throws `INVALID_PACK` when it has no `pack.yaml`, no usable name or version, or a
 * workflow whose definition is missing; `INVALID_YAML` for a file that does not parse. The packages
 * are returned unvalidated: the caller validates them (with each other as dependencies).
 */
export function importPack(pack: PackageFiles, options: ImportOptions): PackImport {
  if (!pack.has(PACK_FILE)) fail(`The folder has no ${PACK_FILE}: it is not a StackStorm pack`);
  const packYaml = readYaml(pack, PACK_FILE);
  if (!isRecord(packYaml)) fail(`${PACK_FILE} is not a mapping`);
  const ref = typeof packYaml.ref === 'string' ? packYaml.ref : packYaml.name;
  if (typeof ref !== 'string' || !PACK_REF.test(ref)) {
    fail(
      `${PACK_FILE} names the pack ${JSON.stringify(ref)}: a pack ref is lower-case letters, digits and "_"`,
      'Give pack.yaml a `ref:` StackStorm accepts.',
    );
  }
  const version = packVersion(packYaml.version);
  const baseName = packageNameOfPack(ref);
  const renamed: PackImport['renamed'] = [];
  if (baseName !== ref) renamed.push({ from: ref, to: baseName });

  const actions = readActions(pack);
  const plain = actions.filter((entry) => !entry.workflow);
  const workflows = actions.filter((entry) => entry.workflow);
  const split = plain.length > 0 && workflows.length > 0;
  const actionPackage = formatPackageName(options.scope, baseName);
  const patternPackage = split
    ? formatPackageName(options.scope, `${baseName}${PATTERNS_SUFFIX}`)
    : actionPackage;
  const homeKind: PackageKind = plain.length > 0 || workflows.length === 0 ? 'action' : 'pattern';

  for (const entry of actions) {
    if (entry.member !== entry.stackstormName)
      renamed.push({ from: `${ref}.${entry.stackstormName}`, to: entry.member });
  }

  // Calls inside the pack resolve to the right half; calls into other packs to a package of the same scope.
  const own = new Map(actions.map((entry) => [entry.stackstormName, entry]));
  const references: PackImport['references'] = [];
  const foreign: Record<string, string> = {};
  const foreignPackages = new Set<string>();
  const notes: string[] = [];
  const rewrite = (stackstormRef: string): string | undefined => {
    if (stackstormRef.startsWith('core.')) return undefined;
    const parts = splitPackRef(stackstormRef);
    if (!parts) return undefined;
    let target: string;
    if (parts.pack === ref) {
      const entry = own.get(parts.action);
      if (!entry) {
        notes.push(`${stackstormRef} is called but the pack has no such action`);
        return undefined;
      }
      target = `${entry.workflow ? patternPackage : actionPackage}.${entry.member}`;
    } else {
      const packageName = formatPackageName(options.scope, packageNameOfPack(parts.pack));
      target = `${packageName}.${memberNameOf(parts.action)}`;
      foreign[target] = stackstormRef;
      foreignPackages.add(packageName);
    }
    references.push({ from: stackstormRef, to: target });
    return target;
  };

  const home: PackageFiles = new Map();
  const patterns: PackageFiles = split ? new Map() : home;
  const kept: KeptFile[] = [];
  const homeName = homeKind === 'action' ? actionPackage : patternPackage;
  const consumed = new Set<string>([PACK_FILE]);
  const members: Record<string, Record<string, MemberOrigin>> = { home: {}, patterns: {} };

  for (const entry of actions) {
    consumed.add(entry.file);
    const origin: MemberOrigin = {};
    if (entry.member !== entry.stackstormName) origin.name = entry.stackstormName;
    const derivedFile = `actions/${entry.stackstormName}.yaml`;
    if (entry.file !== derivedFile) origin.file = entry.file;
    const target = entry.workflow && split ? 'patterns' : 'home';
    if (Object.keys(origin).length > 0) members[target]![entry.member] = origin;

    if (!entry.workflow) {
      home.set(
        `actions/${entry.member}.yaml`,
        bytesOf(stringifyPackYaml({ ...entry.doc, name: entry.member })),
      );
      const keptKind =
        KEPT_RUNNERS[canonicalRunner(String(entry.doc.runner_type)) ?? String(entry.doc.runner_type)];
      if (keptKind) {
        kept.push({ path: entry.file, kind: keptKind, package: homeName });
        const entryPoint =
          typeof entry.doc.entry_point === 'string' ? resolveEntryPoint(entry.doc.entry_point) : undefined;
        if (entryPoint && pack.has(entryPoint))
          kept.push({ path: entryPoint, kind: keptKind, package: homeName });
      }
      continue;
    }
    const entryPoint = typeof entry.doc.entry_point === 'string' ? entry.doc.entry_point : '';
    const definitionPath = entryPoint === '' ? undefined : resolveEntryPoint(entryPoint);
    if (!definitionPath || !pack.has(definitionPath)) {
      fail(`${entry.file}: the workflow definition ${JSON.stringify(entryPoint)} is not in the pack`);
    }
    consumed.add(definitionPath);
    const definition = rewriteTaskActions(readYaml(pack, definitionPath), rewrite);
    if (isRecord(definition) && isRecord(definition.tasks)) {
      for (const [task, body] of Object.entries(definition.tasks)) {
        if (isRecord(body) && typeof body.action === 'string' && isDynamicRef(body.action)) {
          notes.push(
            `${entry.stackstormName}: task ${task} calls an action chosen at run time (${body.action})`,
          );
        }
      }
    }
    const doc: Record<string, unknown> = {};
    for (const key of WORKFLOW_KEYS) if (entry.doc[key] !== undefined) doc[key] = entry.doc[key];
    for (const [key, value] of Object.entries(entry.doc)) if (!(key in doc)) doc[key] = value;
    doc.name = entry.member;
    doc.workflow = definition;
    patterns.set(`workflows/${entry.member}.yaml`, bytesOf(stringifyPackYaml(doc)));
  }

  // Everything else travels as a plain file of the home package, at the same path.
  for (const path of sortedPaths(pack)) {
    if (consumed.has(path) || path === MANIFEST_FILE || path.startsWith('.git/')) continue;
    home.set(path, pack.get(path)!);
    const keptKind = keptKindOf(path);
    if (keptKind) kept.push({ path, kind: keptKind, package: homeName });
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(packYaml)) {
    if (key !== 'version' && key !== 'description' && key !== 'keywords') metadata[key] = value;
  }
  // The manifest's limits (a description of 1024 characters, 32 keywords of 64) are the registry's;
  // what does not fit is said, not silently cut.
  let description = `StackStorm pack ${ref}`;
  if (typeof packYaml.description === 'string' && packYaml.description.trim() !== '') {
    description = packYaml.description.slice(0, 1024);
    if (description !== packYaml.description) notes.push('the pack description was cut to 1024 characters');
  } else {
    notes.push(`pack.yaml has no description: the manifest says "${description}"`);
  }
  const words = Array.isArray(packYaml.keywords) ? packYaml.keywords : [];
  const keywords = [
    ...new Set(
      words.filter((word): word is string => typeof word === 'string' && word !== '' && word.length <= 64),
    ),
  ].slice(0, 32);
  if (keywords.length !== words.length)
    notes.push('some pack keywords were left out (duplicates, too long, or more than 32)');

  const manifestOf = (
    name: string,
    kind: PackageKind,
    part: PackOrigin['part'],
    memberOrigins: Record<string, MemberOrigin>,
    dependencies: Record<string, string>,
  ): Uint8Array => {
    const origin: PackOrigin = { pack: ref };
    if (part) origin.part = part;
    origin.metadata = metadata;
    if (Object.keys(memberOrigins).length > 0) origin.members = memberOrigins;
    // Only workflows call actions, so only the pattern package records calls into other packs.
    if (kind === 'pattern' && Object.keys(foreign).length > 0) origin.references = foreign;
    const manifest: Record<string, unknown> = { name, version, kind, description };
    if (keywords.length > 0) manifest.keywords = keywords;
    const authors = authorsOf(packYaml);
    if (authors) manifest.authors = authors;
    if (Object.keys(dependencies).length > 0) manifest.dependencies = dependencies;
    manifest.stackstorm = origin;
    return bytesOf(stringifyPackYaml(manifest));
  };

  const foreignDependencies = Object.fromEntries([...foreignPackages].sort().map((name) => [name, '*']));
  for (const name of foreignPackages) notes.push(`calls into another pack: ${name} must be published too`);
  const packages: ImportedPackage[] = [];
  if (split) {
    home.set(MANIFEST_FILE, manifestOf(actionPackage, 'action', 'actions', members.home!, {}));
    patterns.set(
      MANIFEST_FILE,
      manifestOf(patternPackage, 'pattern', 'patterns', members.patterns!, {
        ...foreignDependencies,
        [actionPackage]: halfRange(version),
      }),
    );
    packages.push({ name: actionPackage, kind: 'action', files: home });
    packages.push({ name: patternPackage, kind: 'pattern', files: patterns });
  } else {
    const dependencies = homeKind === 'pattern' ? foreignDependencies : {};
    home.set(MANIFEST_FILE, manifestOf(homeName, homeKind, undefined, members.home!, dependencies));
    packages.push({ name: homeName, kind: homeKind, files: home });
  }
  kept.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { pack: ref, version, packages, kept, renamed, references, notes: [...new Set(notes)] };
}
