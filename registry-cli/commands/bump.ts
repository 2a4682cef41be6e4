import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { packagePath } from '../../src/core/api-paths.js';
import { diffPackages } from '../../src/core/diff/index.js';
import { isRegistryError, RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import { bumpBase, effectiveBump, suggestVersion } from '../../src/core/semver-rules.js';
import type { Packument } from '../../src/core/types.js';
import { defineCommand } from '../command.js';
import { fetchVersionFiles } from '../fetch-version.js';
import { painter } from '../output.js';
import { readPackageFolder } from '../package-folder.js';
import { clientFor } from './_shared.js';

export default defineCommand({
  name: 'bump',
  summary:
    'Print (or --write) the version the local changes require against the version publish compares with',
  usage: 'patternhub bump [DIR] [--write] [--json]',
  options: { write: { type: 'boolean' } },
  async run(context) {
    const folder = readPackageFolder(context.args[0] ?? context.cwd);
    const name = typeof folder.manifest?.name === 'string' ? folder.manifest.name : '';
    const current = typeof folder.manifest?.version === 'string' ? folder.manifest.version : '';
    const { scope } = parsePackageName(name);
    const client = clientFor(context, scope);
    let packument: Packument;
    try {
      packument = await client.json<Packument>('GET', packagePath(name));
    } catch (error) {
      if (!isRegistryError(error, 'PACKAGE_NOT_FOUND')) throw error;
      return {
        text: `${name} is not published on ${client.registry} yet: ${current} will be its first version`,
        data: { name, published: null, current, required: 'none', suggested: current, changes: [] },
      };
    }
    // The same version publish will compare with (the highest below), not `latest`: for a backport
    // on 1.2.x while 2.0.0 is out, that is 1.2.x.
    const base = bumpBase(Object.keys(packument.versions), current);
    if (!base) {
      return {
        text: `${name} has no published version below ${current}: it needs no bump`,
        data: { name, published: null, current, required: 'none', suggested: current, changes: [] },
      };
    }
    const diff = diffPackages(
      { files: await fetchVersionFiles(client, packument.versions[base]!) },
      { files: folder.files },
    );
    const required = effectiveBump(diff.requiredBump, base);
    const suggested = suggestVersion(base, diff.changes);
    const paint = painter(context.out.color);
    const reasons = diff.changes
      .filter((change) => change.weight !== 'patch' || required === 'patch')
      .map(
        (change) =>
          `  ${paint(change.weight === 'major' ? 'red' : change.weight === 'minor' ? 'yellow' : 'gray', change.weight.padEnd(5))} ${change.message}`,
      );
    let wrote = false;
    if (context.flags.write === true && suggested !== current) {
      const path = join(folder.dir, MANIFEST_FILE);
      const doc = parseDocument(readFileSync(path, 'utf8'));
      if (!doc.has('version')) throw new RegistryError('INVALID_PACKAGE', `${path} has no version to bump`);
      doc.set('version', suggested);
      writeFileSync(path, doc.toString());
      wrote = true;
    }
    const lines = [
      `${name}: compared with ${base}; the changes need a ${required === 'none' ? 'no' : required} bump → ${paint('bold', suggested)}`,
      ...reasons,
      wrote
        ? `wrote version ${suggested} to ${MANIFEST_FILE}`
        : current !== suggested
          ? `(local version is ${current}; --write sets ${suggested})`
          : '',
    ].filter(Boolean);
    return {
      text: lines.join('\n'),
      data: { name, published: base, current, required, suggested, written: wrote, changes: diff.changes },
    };
  },
});
