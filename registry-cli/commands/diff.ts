import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { diffPath } from '../../src/core/api-paths.js';
import { diffPackages, formatDiff, type PackageDiff } from '../../src/core/diff/index.js';
import { parsePackageSpec } from '../../src/core/names.js';
import type { PackageFiles } from '../../src/core/package-files.js';
import { defineCommand } from '../command.js';
import { fetchVersionFiles, resolveSpec } from '../fetch-version.js';
import { readPackageFolder } from '../package-folder.js';
import { clientFor, requireArg } from './_shared.js';

const USAGE =
  'patternhub diff A B [--stat] [--json]   (A and B: @scope/name@version, a tag or range, or a folder)';

type Side = { kind: 'folder'; dir: string } | { kind: 'registry'; raw: string };

function sideOf(raw: string, cwd: string): Side {
  if (!raw.startsWith('@') || existsSync(resolve(cwd, raw)))
    return { kind: 'folder', dir: resolve(cwd, raw) };
  return { kind: 'registry', raw };
}

export default defineCommand({
  name: 'diff',
  summary: 'Compare two versions, two organisations\u2019 variants, or a folder with a published version',
  usage: USAGE,
  options: { stat: { type: 'boolean' } },
  async run(context) {
    const a = sideOf(requireArg(context, 0, 'what to compare from', USAGE), context.cwd);
    const b = sideOf(requireArg(context, 1, 'what to compare to', USAGE), context.cwd);
    let diff: PackageDiff;
    const registryA = a.kind === 'registry' ? clientFor(context, parsePackageSpec(a.raw).scope) : undefined;
    const registryB = b.kind === 'registry' ? clientFor(context, parsePackageSpec(b.raw).scope) : undefined;
    if (a.kind === 'registry' && b.kind === 'registry' && registryA!.registry === registryB!.registry) {
      // Both on one registry: it diffs them itself, and only the result travels.
      diff = await registryA!.json<PackageDiff>('GET', diffPath(a.raw, b.raw));
    } else {
      const load = async (side: Side, client: typeof registryA): Promise<PackageFiles> => {
        if (side.kind === 'folder') return readPackageFolder(side.dir).files;
        const { version } = await resolveSpec(client!, parsePackageSpec(side.raw));
        return fetchVersionFiles(client!, version);
      };
      const [from, to] = await Promise.all([load(a, registryA), load(b, registryB)]);
      diff = diffPackages({ files: from }, { files: to });
    }
    if (diff.changes.length === 0 && diff.files.length === 0) {
      return {
        text: `${diff.from.name}@${diff.from.version} and ${diff.to.name}@${diff.to.version} are identical`,
        data: diff,
      };
    }
    return {
      text: formatDiff(diff, { color: context.out.color, stat: context.flags.stat === true }),
      data: diff,
    };
  },
});
