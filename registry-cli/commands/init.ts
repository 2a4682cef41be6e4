import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RegistryError } from '../../src/core/errors.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import { scaffoldPackage } from '../../src/core/templates.js';
import { defineCommand } from '../command.js';
import { stringFlag } from './_shared.js';

export default defineCommand({
  name: 'init',
  summary: 'Create a new pattern or action package',
  usage: 'patternhub init [DIR] --kind pattern|action --name @scope/name [--description TEXT] [--force]',
  options: {
    kind: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    force: { type: 'boolean' },
  },
  async run(context) {
    const dir = resolve(context.cwd, context.args[0] ?? '.');
    if (existsSync(join(dir, MANIFEST_FILE)) && context.flags.force !== true) {
      throw new RegistryError('ALREADY_EXISTS', `${join(dir, MANIFEST_FILE)} already exists`, {
        hint: 'Use --force to overwrite the scaffold files.',
      });
    }
    let kind = stringFlag(context, 'kind');
    let name = stringFlag(context, 'name');
    let description = stringFlag(context, 'description');
    if (!kind && context.prompt)
      kind = (await context.prompt('Kind (pattern or action) [pattern]: ')) || 'pattern';
    if (!name && context.prompt) name = await context.prompt('Name (@scope/name): ');
    if (description === undefined && context.prompt)
      description = (await context.prompt('Description: ')) || undefined;
    if (kind !== 'pattern' && kind !== 'action') {
      throw new RegistryError('USAGE', '--kind must be pattern or action', {
        hint: 'patternhub init --kind pattern --name @scope/name',
      });
    }
    if (!name) throw new RegistryError('USAGE', 'Missing --name @scope/name');
    const files = scaffoldPackage({ kind, name, ...(description ? { description } : {}) });
    // Never overwrite a file the user already has (a README, a workflow of the same name) unasked.
    const existing = [...files.keys()].filter((path) => existsSync(join(dir, path))).sort();
    if (existing.length > 0 && context.flags.force !== true) {
      throw new RegistryError('ALREADY_EXISTS', `${dir} already has ${existing.join(', ')}`, {
        hint: 'Use --force to overwrite them, or init into another folder.',
        details: { files: existing },
      });
    }
    for (const [path, bytes] of files) {
      const target = join(dir, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, bytes);
    }
    const paths = [...files.keys()].sort();
    return {
      text: `Created ${kind} package ${name} in ${dir}:\n${paths.map((path) => `  ${path}`).join('\n')}\nNext: patternhub validate${context.args[0] ? ` ${context.args[0]}` : ''}`,
      data: { kind, name, dir, files: paths },
    };
  },
});
