import type { CommandDefinition } from '../command.js';

interface CommandEntry {
  summary: string;
  /** Other words for it, as npm and pnpm users type them (`i`, `rm`, `view`, …). */
  aliases?: readonly string[];
  load: () => Promise<{ default: CommandDefinition }>;
}

/** Every command, loaded only when run: `patternhub --version` loads none of them. */
export const COMMANDS = {
  init: { summary: 'Create a new pattern or action package', load: () => import('./init.js') },
  validate: {
    summary: 'Check a package (or a project) against the schemas and rules',
    load: () => import('./validate.js'),
  },
  test: {
    summary: "Run a pattern package's tests (tests/*.yaml) with mocked actions",
    load: () => import('./test.js'),
  },
  run: {
    summary: 'Run a pattern on this machine with a live trace; keep a record of the run',
    load: () => import('./run.js'),
  },
  runs: { summary: 'List the runs kept in this project, or show one', load: () => import('./runs.js') },
  pack: { summary: 'Write the package tarball and print its integrity', load: () => import('./pack.js') },
  publish: {
    summary: 'Validate, pack and publish the package to its registry',
    load: () => import('./publish.js'),
  },
  config: {
    summary: 'Read and write CLI settings (the default registry, per-scope registries)',
    aliases: ['c'],
    load: () => import('./config.js'),
  },
  login: { summary: 'Store a token for a registry', load: () => import('./login.js') },
  logout: {
    summary: 'Forget the token for a registry (--revoke also revokes it)',
    load: () => import('./logout.js'),
  },
  whoami: { summary: 'Show who the stored token belongs to', load: () => import('./whoami.js') },
  token: { summary: 'Create, list and revoke API tokens', load: () => import('./token.js') },
  user: { summary: 'Create users (registry administrators)', load: () => import('./user.js') },
  org: {
    summary: 'Create organisations, manage members, read the audit log',
    load: () => import('./org.js'),
  },
  diff: {
    summary: 'Compare two versions, two organisations\u2019 variants, or a folder with a version',
    load: () => import('./diff.js'),
  },
  bump: { summary: 'Print (or --write) the version your changes require', load: () => import('./bump.js') },
  search: {
    summary: 'Search the registry for patterns and actions',
    aliases: ['s', 'find'],
    load: () => import('./search.js'),
  },
  info: {
    summary: 'Show a package, or one version of it',
    aliases: ['view', 'show'],
    load: () => import('./info.js'),
  },
  access: {
    summary: 'Make a package public or private after its first publish',
    load: () => import('./access.js'),
  },
  'dist-tag': {
    summary: 'List, add and remove dist-tags',
    aliases: ['dist-tags'],
    load: () => import('./dist-tag.js'),
  },
  deprecate: {
    summary: 'Deprecate versions with a message (empty message to undo)',
    load: () => import('./deprecate.js'),
  },
  yank: { summary: 'Hide a version from new installs (--undo to restore)', load: () => import('./yank.js') },
  unpublish: {
    summary: 'Remove a version published less than 72 hours ago',
    load: () => import('./unpublish.js'),
  },
  install: {
    summary: "Install the project's dependencies, or add packages to them",
    aliases: ['i', 'add'],
    load: () => import('./install.js'),
  },
  uninstall: {
    summary: 'Remove packages from the project and its dependencies',
    aliases: ['rm', 'remove', 'un'],
    load: () => import('./uninstall.js'),
  },
  update: {
    summary: 'Move dependencies to their newest versions within their ranges (or --latest)',
    aliases: ['up', 'upgrade'],
    load: () => import('./update.js'),
  },
  audit: {
    summary: 'Check the registry signatures of the installed packages (audit signatures)',
    load: () => import('./audit.js'),
  },
  ls: {
    summary: 'List the installed packages as a tree',
    aliases: ['list'],
    load: () => import('./ls.js'),
  },
  why: {
    summary: 'Show why a package is installed: the chains of dependents from the project',
    aliases: ['explain'],
    load: () => import('./why.js'),
  },
  link: {
    summary: 'Use a local package folder as a dependency while you develop it',
    aliases: ['ln'],
    load: () => import('./link.js'),
  },
  outdated: {
    summary: 'List dependencies with newer versions: current, wanted, latest',
    load: () => import('./outdated.js'),
  },
  import: {
    summary: 'Import a StackStorm pack, or every release of its git repository',
    load: () => import('./import.js'),
  },
  export: { summary: 'Export a package as a StackStorm pack', load: () => import('./export.js') },
  serve: {
    summary: 'Run a registry (embedded PGlite unless DATABASE_URL is set)',
    load: () => import('./serve.js'),
  },
  migrate: { summary: 'Apply database migrations and exit', load: () => import('./migrate.js') },
} satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

/** The command a typed word names, through its aliases; undefined for none. */
export function commandNamed(word: string): CommandName | undefined {
  if (Object.hasOwn(COMMANDS, word)) return word as CommandName;
  for (const [name, entry] of Object.entries(COMMANDS) as Array<[CommandName, CommandEntry]>) {
    if (entry.aliases?.includes(word)) return name;
  }
  return undefined;
}

/** Every word that names a command (names and aliases), for "did you mean". */
export function commandWords(): string[] {
  return Object.entries(COMMANDS).flatMap(([name, entry]: [string, CommandEntry]) => [
    name,
    ...(entry.aliases ?? []),
  ]);
}
