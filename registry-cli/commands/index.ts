import type { CommandDefinition } from '../command.js';

interface CommandEntry {
  summary: string;
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
  login: { summary: 'Store a token for a registry', load: () => import('./login.js') },
  logout: { summary: 'Revoke and forget the token for a registry', load: () => import('./logout.js') },
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
  search: { summary: 'Search the registry for patterns and actions', load: () => import('./search.js') },
  info: { summary: 'Show a package, or one version of it', load: () => import('./info.js') },
  'dist-tag': { summary: 'List, add and remove dist-tags', load: () => import('./dist-tag.js') },
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
    load: () => import('./install.js'),
  },
  uninstall: {
    summary: 'Remove packages from the project and its dependencies',
    load: () => import('./uninstall.js'),
  },
  update: {
    summary: 'Move dependencies to their newest versions within their ranges (or --latest)',
    load: () => import('./update.js'),
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
