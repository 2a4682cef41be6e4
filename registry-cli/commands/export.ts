import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { versionPath } from '../../src/core/api-paths.js';
import { RegistryError } from '../../src/core/errors.js';
import { parsePackageSpec } from '../../src/core/names.js';
import { MANIFEST_FILE, type PackageFiles, textOf } from '../../src/core/package-files.js';
import {
  exportPack,
  PATTERNS_SUFFIX,
  type PackOrigin,
  packOriginOf,
} from '../../src/core/stackstorm/index.js';
import { parseYaml } from '../../src/core/yaml.js';
import { defineCommand } from '../command.js';
import { fetchVersionFiles, resolveSpec } from '../fetch-version.js';
import { readPackageFolder } from '../package-folder.js';
import { clientFor, requireArg } from './_shared.js';

const USAGE = 'patternhub export stackstorm PKG|DIR [PKG|DIR] OUT';

interface Source {
  files: PackageFiles;
  /** The folder it was read from, whose installed dependencies may hold the other half. */
  dir?: string;
}

async function readSource(context: Parameters<typeof clientFor>[0], arg: string): Promise<Source> {
  const dir = resolve(context.cwd, arg);
  if (existsSync(dir) && lstatSync(dir).isDirectory()) return { files: readPackageFolder(dir).files, dir };
  if (!arg.startsWith('@'))
    throw new RegistryError('USAGE', `${arg} is neither a package folder nor @scope/name`);
  const spec = parsePackageSpec(arg);
  const client = clientFor(context, spec.scope);
  const { version } = await resolveSpec(client, spec);
  return { files: await fetchVersionFiles(client, version) };
}

function manifestOf(files: PackageFiles): Record<string, unknown> {
  const bytes = files.get(MANIFEST_FILE);
  const doc = bytes ? parseYaml(textOf(bytes), MANIFEST_FILE) : undefined;
  return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : {};
}

/**
 * The action half of a split pack, when only the `-patterns` half was named: installed beside it (in
 * the folder's `.patternhub/packages/`, or next to an installed package), else from the registry
 * (the version its range resolves to).
 */
async function otherHalf(
  context: Parameters<typeof clientFor>[0],
  sources: Source[],
): Promise<Source | undefined> {
  const manifests = sources.map((source) => manifestOf(source.files));
  const parts = manifests.map((manifest) => packOriginOf(manifest)?.part);
  if (!parts.includes('patterns') || parts.includes('actions')) return undefined;
  const index = parts.indexOf('patterns');
  const manifest = manifests[index]!;
  const name = String(manifest.name);
  const actionName = name.endsWith(PATTERNS_SUFFIX) ? name.slice(0, -PATTERNS_SUFFIX.length) : undefined;
  const range = actionName
    ? (manifest.dependencies as Record<string, string> | undefined)?.[actionName]
    : undefined;
  if (!actionName || !range) return undefined;
  const dir = sources[index]!.dir;
  // A project's installed dependency, or (for an installed package) its sibling in the same tree.
  const candidates = dir
    ? [
        join(dir, '.patternhub', 'packages', ...actionName.split('/')),
        ...(basename(dirname(dir)).startsWith('@') ? [join(dir, '..', '..', ...actionName.split('/'))] : []),
      ]
    : [];
  const installed = candidates.find((candidate) => existsSync(join(candidate, MANIFEST_FILE)));
  if (installed) return { files: readPackageFolder(installed).files };
  return readSource(context, `${actionName}@${range}`);
}

/**
 * The `stackstorm:` blocks of the packages' other dependencies, so calls into imported packs go back
 * to their StackStorm names: from the install beside a folder, else from the registry's manifest of
 * the version the range resolves to. A dependency that cannot be read is left to export's default.
 */
async function dependencyOrigins(
  context: Parameters<typeof clientFor>[0],
  sources: Source[],
): Promise<Map<string, PackOrigin>> {
  const origins = new Map<string, PackOrigin>();
  const own = new Set(sources.map((source) => String(manifestOf(source.files).name)));
  for (const source of sources) {
    const dependencies = manifestOf(source.files).dependencies;
    if (!dependencies || typeof dependencies !== 'object') continue;
    for (const [name, range] of Object.entries(dependencies as Record<string, unknown>)) {
      if (own.has(name) || origins.has(name) || typeof range !== 'string') continue;
      const installed = source.dir
        ? join(source.dir, '.patternhub', 'packages', ...name.split('/'))
        : undefined;
      let manifest: Record<string, unknown> | undefined;
      if (installed && existsSync(join(installed, MANIFEST_FILE))) {
        manifest = manifestOf(readPackageFolder(installed).files);
      } else {
        try {
          const spec = parsePackageSpec(`${name}@${range}`);
          const client = clientFor(context, spec.scope);
          const { version } = await resolveSpec(client, spec);
          manifest = (
            await client.json<{ manifest: Record<string, unknown> }>(
              'GET',
              versionPath(name, version.version),
            )
          ).manifest;
        } catch (error) {
          const missing = ['PACKAGE_NOT_FOUND', 'VERSION_NOT_FOUND', 'NOT_FOUND'];
          if (!(error instanceof RegistryError) || !missing.includes(error.code)) throw error;
        }
      }
      const origin = manifest ? packOriginOf(manifest) : undefined;
      if (origin) origins.set(name, origin);
    }
  }
  return origins;
}

export default defineCommand({
  name: 'export',
  summary: 'Export a package (or the two halves of an imported pack) as a StackStorm pack',
  usage: USAGE,
  async run(context) {
    if (context.args[0] !== 'stackstorm') {
      throw new RegistryError('USAGE', 'export knows one target: stackstorm', { hint: `Usage: ${USAGE}` });
    }
    requireArg(context, 2, 'the package and the output folder', USAGE);
    const args = context.args.slice(1);
    const out = resolve(context.cwd, args.pop()!);
    if (existsSync(out) && (!lstatSync(out).isDirectory() || readdirSync(out).length > 0)) {
      throw new RegistryError('ALREADY_EXISTS', `${out} already exists and is not an empty folder`, {
        hint: 'Choose another output folder.',
      });
    }
    const sources: Source[] = [];
    for (const arg of args) sources.push(await readSource(context, arg));
    const other = await otherHalf(context, sources);
    if (other) sources.unshift(other);
    const origins = await dependencyOrigins(context, sources);
    const exported = exportPack(
      sources.map((source) => source.files),
      { dependencyOrigin: (name) => origins.get(name) },
    );
    for (const [path, bytes] of exported.files) {
      const file = join(out, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
    const names = sources.map((source) => String(manifestOf(source.files).name));
    return {
      text: [
        `Exported ${names.join(' + ')} as StackStorm pack ${exported.pack} → ${out} (${exported.files.size} files)`,
        ...exported.notes.map((note) => `  note: ${note}`),
      ].join('\n'),
      data: {
        pack: exported.pack,
        packages: names,
        out,
        files: [...exported.files.keys()],
        notes: exported.notes,
      },
    };
  },
});
