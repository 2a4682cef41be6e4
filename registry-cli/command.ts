import type { CliConfig } from './config.js';
import type { Output } from './output.js';

/** One option of a command: what node's parseArgs needs, plus what `--help` prints. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** What the option does, one line, for `--help`. */
  description: string;
  /** The placeholder of a string option's value in `--help` (`N`, `DIR`, …). */
  value?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

/** Everything a command may touch, handed in by main: no command reads process.* itself. */
export interface CommandContext {
  /** Positional arguments after the command name. */
  args: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  json: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  out: Output;
  config: CliConfig;
  /** Reads a line from the terminal, or undefined when not interactive. */
  prompt?: (question: string) => Promise<string>;
  /** Reads all of standard input when it is not a terminal (a piped secret), else undefined. */
  readInput?: () => Promise<string>;
}

/** What a command returns: main prints `output` (as JSON with --json) and exits with `exitCode`. */
export interface CommandResult {
  /** Human text (printed as is) or a value (printed as JSON with --json, else its `text`). */
  text?: string;
  data?: unknown;
  exitCode?: number;
}

export interface CommandDefinition {
  name: string;
  summary: string;
  usage: string;
  options?: OptionSpecs;
  /** Real invocations shown by `--help`, each a command line (a `# comment` may follow). */
  examples?: string[];
  /** Longer explanation for `--help`, after the options. */
  notes?: string;
  run(context: CommandContext): Promise<CommandResult>;
}

export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}

/** Shared flags every command takes, before or after the command name. */
export const SHARED_OPTIONS: OptionSpecs = {
  json: { type: 'boolean', description: 'Machine output: JSON on stdout, errors as JSON on stderr' },
  registry: {
    type: 'string',
    value: 'URL',
    description: 'The registry to use (else PATTERNHUB_REGISTRY, then the config file)',
  },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};
