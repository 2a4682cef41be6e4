import type { ParseArgsConfig } from 'node:util';
import type { CliConfig } from './config.js';
import type { Output } from './output.js';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

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
  /** Allow positionals (default true). */
  run(context: CommandContext): Promise<CommandResult>;
}

export function defineCommand(definition: CommandDefinition): CommandDefinition {
  return definition;
}

/** Shared flags every command takes. */
export const SHARED_OPTIONS: OptionSpecs = {
  json: { type: 'boolean' },
  registry: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
