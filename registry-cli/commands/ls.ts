import { dependencyTree, type TreeNode } from '../../src/core/dependency-tree.js';
import { RegistryError } from '../../src/core/errors.js';
import { LOCKFILE_NAME } from '../../src/core/lockfile.js';
import { defineCommand } from '../command.js';
import { loadProject } from '../install/project.js';
import { painter } from '../output.js';

function renderTree(nodes: TreeNode[], paint: ReturnType<typeof painter>, prefix = ''): string[] {
  return nodes.flatMap((node, index) => {
    const last = index === nodes.length - 1;
    const branch = node.dependencies.length > 0 ? (last ? '└─┬ ' : '├─┬ ') : last ? '└── ' : '├── ';
    const version = node.version ?? paint('red', `missing (${node.range})`);
    const line = `${prefix}${branch}${node.name} ${node.version ? paint('gray', version) : version}${node.deduped ? paint('gray', ' (deduped)') : ''}`;
    return [line, ...renderTree(node.dependencies, paint, prefix + (last ? '  ' : '│ '))];
  });
}

export default defineCommand({
  name: 'ls',
  summary: 'List the installed packages as a tree',
  usage: 'patternhub ls [--depth N | --all] [--json]',
  options: {
    depth: {
      type: 'string',
      value: 'N',
      description: 'Levels of dependencies below the direct ones (default 0)',
    },
    all: { type: 'boolean', description: 'The whole tree (every level)' },
  },
  examples: ['patternhub ls', 'patternhub ls --all', 'patternhub list --depth 1 --json'],
  notes: `Read from ${LOCKFILE_NAME}: what \`patternhub install\` installs. A package shown once higher up is marked (deduped).`,
  async run(context) {
    const raw = context.flags.depth;
    let depth = context.flags.all === true ? Number.POSITIVE_INFINITY : 0;
    if (typeof raw === 'string') {
      if (!/^\d+$/.test(raw))
        throw new RegistryError('USAGE', '--depth takes a whole number (0 for direct dependencies)');
      depth = Number(raw);
    }
    const project = loadProject(context.cwd);
    const title = `${project.name ?? '(unnamed project)'} ${project.root}`;
    if (!project.lockfile) {
      const pending = Object.keys(project.document.toJS()?.dependencies ?? {}).length;
      return {
        text: `${title}\n${pending ? `(not installed yet: run \`patternhub install\`)` : '(no dependencies)'}`,
        data: { name: project.name ?? null, root: project.root, dependencies: [] },
      };
    }
    const tree = dependencyTree(project.lockfile, depth);
    const paint = painter(context.out.color);
    return {
      text: [title, ...(tree.length ? renderTree(tree, paint) : ['(no dependencies)'])].join('\n'),
      data: { name: project.name ?? null, root: project.root, dependencies: tree },
    };
  },
});
