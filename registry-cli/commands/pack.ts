import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineCommand } from '../command.js';
import { packFolder, tarballName } from '../pack-folder.js';
import { stringFlag } from './_shared.js';

export default defineCommand({
  name: 'pack',
  summary: 'Write the package tarball and print its integrity',
  usage: 'patternhub pack [DIR] [--out DIR] [--dry-run] [--json]',
  options: {
    out: {
      type: 'string',
      value: 'DIR',
      description: 'Write the tarball into DIR (created if missing; default .)',
    },
    'dry-run': { type: 'boolean', description: 'Print what would be packed; write nothing' },
  },
  examples: ['patternhub pack', 'patternhub pack linux --out dist/', 'patternhub pack --dry-run --json'],
  async run(context) {
    const packed = packFolder(context.args[0] ?? context.cwd);
    const outDir = resolve(context.cwd, stringFlag(context, 'out') ?? '.');
    const file = join(outDir, tarballName(packed.manifest));
    const dryRun = context.flags['dry-run'] === true;
    if (!dryRun) {
      mkdirSync(outDir, { recursive: true });
      writeFileSync(file, packed.tarball);
    }
    const unpacked = packed.files.reduce((sum, entry) => sum + entry.size, 0);
    const lines = [
      `${packed.manifest.name}@${packed.manifest.version}`,
      ...packed.files.map((entry) => `  ${String(entry.size).padStart(8)} B  ${entry.path}`),
      `files:          ${packed.files.length}`,
      `unpacked size:  ${unpacked} B`,
      `tarball size:   ${packed.tarball.byteLength} B (gzip-compressed)`,
      `integrity:      ${packed.integrity}`,
      dryRun ? '(dry run: nothing written)' : `wrote ${file}`,
    ];
    return {
      text: lines.join('\n'),
      data: {
        name: packed.manifest.name,
        version: packed.manifest.version,
        integrity: packed.integrity,
        size: packed.tarball.byteLength,
        unpackedSize: unpacked,
        files: packed.files,
        file: dryRun ? null : file,
      },
    };
  },
});
