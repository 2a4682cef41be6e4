import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RegistryError } from '../../src/core/errors.js';
import { MANIFEST_FILE } from '../../src/core/package-files.js';
import { scaffoldPackage } from '../../src/core/templates.js';
import { defineCommand } from '../command.js';
import { stringFlag } from './_shared.js';

/** The install folder is never committed (the lockfile is). Appends to a .gitignore the user has. */
const IGNORED = '.patternhub/';

function ensureGitignore(path: string): boolean {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.some((line) => line === IGNORED || line === '.patternhub' || line === '/.patternhub/'))
    return false;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  writeFileSync(
    path,
    `${text}${separator}# installed packages (patternhub install); commit patternhub.lock instead\n${IGNORED}\n`,
  );
  return true;
}

export default defineCommand({
  name: 'init',
  summary: 'Create a new pattern or action package',
  usage: 'patternhub init [DIR] --kind pattern|action --name @scope/name [--description TEXT] [--force]',
  options: {
    kind: {
      type: 'string',
      value: 'pattern|action',
      description: 'pattern (workflows under workflows/) or action (actions under actions/)',
    },
    name: {
      type: 'string',
      value: '@scope/name',
      description: 'The package name; the scope is your org or user',
    },
    description: { type: 'string', value: 'TEXT', description: 'One line saying what the package does' },
    force: { type: 'boolean', description: 'Overwrite existing scaffold files' },
  },
  examples: [
    'patternhub init linux --kind action --name @acme/linux --description "Linux host actions"',
    'patternhub init ops --kind pattern --name @acme/ops   # a project that installs patterns',
  ],
  notes:
    'On a terminal, what is not given is asked for. Also writes a .gitignore that keeps .patternhub/ out of git.',
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
    if (kind === undefined) {
      throw new RegistryError('USAGE', 'Missing --kind: say whether this is a pattern or an action package', {
        hint: 'patternhub init --kind pattern --name @scope/name   (or --kind action)',
      });
    }
    if (kind !== 'pattern' && kind !== 'action') {
      throw new RegistryError('USAGE', `--kind is pattern or action, not "${kind}"`, {
        hint: 'patternhub init --kind pattern --name @scope/name',
      });
    }
    if (!name) {
      throw new RegistryError('USAGE', 'Missing --name: the package name, @scope/name', {
        hint: `patternhub init --kind ${kind} --name @acme/${kind === 'pattern' ? 'ops' : 'linux'}`,
      });
    }
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
    const paths = [...files.keys()];
    if (ensureGitignore(join(dir, '.gitignore'))) paths.push('.gitignore');
    paths.sort();
    return {
      text: `Created ${kind} package ${name} in ${dir}:\n${paths.map((path) => `  ${path}`).join('\n')}\nNext: patternhub validate${context.args[0] ? ` ${context.args[0]}` : ''}`,
      data: { kind, name, dir, files: paths },
    };
  },
});
