import { dependencyChains } from '../../src/core/dependency-tree.js';
import { RegistryError } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { defineCommand } from '../command.js';
import { loadProject } from '../install/project.js';
import { painter } from '../output.js';
import { requireArg } from './_shared.js';

const USAGE = 'patternhub why @scope/name [--json]';

export default defineCommand({
  name: 'why',
  summary: 'Show why a package is installed: the chains of dependents from the project',
  usage: USAGE,
  examples: ['patternhub why @community/linux', 'patternhub explain @community/linux --json'],
  async run(context) {
    const { full } = parsePackageName(requireArg(context, 0, 'the package (@scope/name)', USAGE));
    const project = loadProject(context.cwd);
    const lock = project.lockfile;
    if (!lock?.packages[full]) {
      throw new RegistryError('NOT_INSTALLED', `${full} is not installed in ${project.root}`, {
        hint: '`patternhub ls --all` lists what is installed.',
        details: { name: full },
      });
    }
    const chains = dependencyChains(lock, full);
    const paint = painter(context.out.color);
    const root = project.name ?? 'the project';
    const lines = [`${full}@${lock.packages[full].version}`];
    for (const chain of chains) {
      const direct = chain.length === 1;
      const steps = chain.map(
        (step, index) =>
          `${index === chain.length - 1 ? paint('bold', step.name) : `${step.name}@${step.version ?? '?'}`} ${paint('gray', `(${step.range})`)}`,
      );
      lines.push(`  ${root} → ${steps.join(' → ')}${direct ? paint('gray', '  direct dependency') : ''}`);
    }
    if (chains.length === 0) lines.push('  nothing depends on it (an install removes it)');
    return {
      text: lines.join('\n'),
      data: { name: full, version: lock.packages[full].version, chains },
    };
  },
});
