import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import { NAME_PART, parsePackageName } from '../../src/core/names.js';
import type { BumpMismatchDetails } from '../../src/core/semver-rules.js';
import {
  type ImportedPackage,
  importPack,
  type PackImport,
  validateImport,
} from '../../src/core/stackstorm/index.js';
import { computeIntegrity, packFiles } from '../../src/core/tarball/index.js';
import { defineCommand } from '../command.js';
import { filesAtTag, listReleases } from '../git-history.js';
import { readFolderFiles } from '../package-folder.js';
import { uploadTarball } from '../upload.js';
import { clientFor, requireArg, stringFlag } from './_shared.js';

const USAGE =
  'patternhub import stackstorm PACK_DIR --scope S [--out DIR] | patternhub import stackstorm GIT_DIR --scope S --history';

/** The packages of one import, validated together; refuses (writing nothing) when one is invalid. */
function requireValid(imported: PackImport, where: string): void {
  const results = validateImport(imported.packages);
  const bad = results.filter((result) => !result.ok);
  if (bad.length === 0) return;
  const errors = bad.flatMap((result) =>
    result.issues
      .filter((issue) => issue.severity === 'error')
      .map((issue) => ({ package: result.name, ...issue })),
  );
  const first = errors[0]!;
  throw new RegistryError(
    'INVALID_PACKAGE',
    `${where} imports to ${errors.length} error${errors.length === 1 ? '' : 's'}; first: ${first.package} ${first.file}${first.pointer ? ` ${first.pointer}` : ''}: ${first.message}`,
    {
      details: { issues: errors },
      hint: 'Fix the pack (e.g. a missing entry point script) and import again.',
    },
  );
}

function reportLines(imported: PackImport): string[] {
  const lines: string[] = [];
  for (const entry of imported.renamed) lines.push(`  renamed ${entry.from} → ${entry.to}`);
  for (const file of imported.kept)
    lines.push(`  kept as a file (${file.kind}): ${file.path} in ${file.package}`);
  for (const note of imported.notes) lines.push(`  note: ${note}`);
  return lines;
}

function summaryOf(imported: PackImport) {
  return {
    pack: imported.pack,
    version: imported.version,
    packages: imported.packages.map((pkg) => ({ name: pkg.name, kind: pkg.kind, files: pkg.files.size })),
    kept: imported.kept,
    renamed: imported.renamed,
    references: imported.references,
    notes: imported.notes,
  };
}

function writePackages(packages: ImportedPackage[], out: string): string[] {
  const targets = packages.map((pkg) => join(out, parsePackageName(pkg.name).name));
  // Check every target first, so a refusal leaves nothing half-written.
  for (const target of targets) {
    if (existsSync(target) && readdirSync(target).length > 0) {
      throw new RegistryError('ALREADY_EXISTS', `${target} already exists and is not empty`, {
        hint: 'Choose another --out folder, or remove it.',
      });
    }
  }
  packages.forEach((pkg, index) => {
    for (const [path, bytes] of pkg.files) {
      const file = join(targets[index]!, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, bytes);
    }
  });
  return targets;
}

interface PublishedPart {
  name: string;
  version: string;
  status: 'published' | 'overridden' | 'exists';
  /** For `overridden`: the bump the changes needed, and the recorded reason. */
  required?: string;
  reason?: string;
}

export default defineCommand({
  name: 'import',
  summary: 'Import a StackStorm pack (or every release of its git repository) as Patternhub packages',
  usage: USAGE,
  options: {
    scope: { type: 'string', value: 'S', description: 'The scope the packages are published under' },
    out: {
      type: 'string',
      value: 'DIR',
      description: 'Where the package folders are written (default: here)',
    },
    history: {
      type: 'boolean',
      description: "Publish every release tag of the pack's git repository, in semver order",
    },
  },
  examples: [
    'patternhub import stackstorm ./st2-napalm --scope acme --out packages',
    'patternhub import stackstorm ./st2-napalm --scope acme --history',
  ],
  async run(context) {
    if (context.args[0] !== 'stackstorm') {
      throw new RegistryError('USAGE', 'import knows one source: stackstorm', { hint: `Usage: ${USAGE}` });
    }
    const dir = resolve(context.cwd, requireArg(context, 1, 'the pack folder', USAGE));
    const scope = stringFlag(context, 'scope');
    if (!scope) throw new RegistryError('USAGE', 'Missing --scope', { hint: `Usage: ${USAGE}` });
    if (!NAME_PART.test(scope)) {
      throw new RegistryError('INVALID_NAME', `"${scope}" is not a valid scope`, {
        hint: 'A scope is lower-case letters, digits and hyphens, without the "@".',
      });
    }
    if (context.flags.history !== true) {
      const imported = importPack(readFolderFiles(dir), { scope });
      requireValid(imported, dir);
      const targets = writePackages(
        imported.packages,
        resolve(context.cwd, stringFlag(context, 'out') ?? '.'),
      );
      return {
        text: [
          `Imported StackStorm pack ${imported.pack} ${imported.version}:`,
          ...imported.packages.map((pkg, index) => `  ${pkg.name} (${pkg.kind}) → ${targets[index]}`),
          ...reportLines(imported),
        ].join('\n'),
        data: { ...summaryOf(imported), written: targets },
      };
    }

    // --history: every release tag, in order, published to the scope's registry (nothing written here).
    if (stringFlag(context, 'out') !== undefined) {
      throw new RegistryError('USAGE', '--history publishes to the registry; it takes no --out', {
        hint: `Usage: ${USAGE}`,
      });
    }
    const { releases, ignored } = listReleases(dir);
    if (releases.length === 0) {
      throw new RegistryError('INVALID_PACK', `${dir} has no tag naming a version (like v1.2.0)`);
    }
    const client = clientFor(context, scope);
    const report: Array<
      { tag: string; version: string; published: PublishedPart[] } & ReturnType<typeof summaryOf>
    > = [];
    const lines: string[] = [];
    for (const release of releases) {
      const imported = importPack(filesAtTag(dir, release.tag), { scope });
      const where = `tag ${release.tag}`;
      if (imported.version !== release.version) {
        imported.notes.push(
          `pack.yaml says ${imported.version}, the tag ${release.tag}: published as ${imported.version}`,
        );
      }
      requireValid(imported, where);
      const published: PublishedPart[] = [];
      for (const pkg of imported.packages) {
        const tarball = packFiles(pkg.files);
        const integrity = computeIntegrity(tarball);
        const target = { name: pkg.name, version: imported.version };
        try {
          await uploadTarball(client, target, tarball, integrity);
          published.push({ ...target, status: 'published' });
        } catch (error) {
          if (isRegistryError(error, 'VERSION_EXISTS')) {
            published.push({ ...target, status: 'exists' });
            continue;
          }
          if (!isRegistryError(error, 'SEMVER_BUMP_MISMATCH')) throw error;
          const details = error.details as Partial<BumpMismatchDetails> | undefined;
          const reason = `StackStorm import of tag ${release.tag}: upstream released ${imported.version} (${details?.actual ?? 'a smaller'} bump from ${details?.from ?? 'the previous version'}) where the changes need a ${details?.required ?? 'larger'} bump`;
          await uploadTarball(client, target, tarball, integrity, { overrideBump: reason });
          published.push({
            ...target,
            status: 'overridden',
            required: details?.required ?? 'unknown',
            reason,
          });
        }
      }
      report.push({ tag: release.tag, ...summaryOf(imported), published });
      lines.push(
        `${release.tag}: ${published.map((part) => `${part.name}@${part.version} ${part.status === 'overridden' ? `published with a recorded override (needs ${part.required})` : part.status === 'exists' ? 'already published' : 'published'}`).join('; ')}`,
        ...reportLines(imported),
      );
    }
    const overridden = report
      .flatMap((entry) => entry.published)
      .filter((part) => part.status === 'overridden');
    lines.push(
      `${releases.length} release${releases.length === 1 ? '' : 's'} imported to ${client.registry}; ${overridden.length} published with an override${ignored.length ? `; tags left out (not versions): ${ignored.join(', ')}` : ''}`,
    );
    return {
      text: lines.join('\n'),
      data: { registry: client.registry, releases: report, ignoredTags: ignored },
    };
  },
});
