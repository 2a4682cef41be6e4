/**
 * Reading the command line as npm and pnpm do: global options (`--registry URL`, `--json`, `--help`)
 * may stand before the command or after it; unknown commands and options get a "did you mean".
 */
import { parseArgs } from 'node:util';
import { closestMatch } from '../src/core/edit-distance.js';
import { RegistryError } from '../src/core/errors.js';
import { type OptionSpecs, SHARED_OPTIONS } from './command.js';

export interface SplitArgv {
  /** The command word as typed (an alias is resolved later), or undefined when none was given. */
  command: string | undefined;
  /** Every other token, in order, for the command's own parser. */
  rest: string[];
  json: boolean;
  help: boolean;
  /** `--version` / `-v` before any command. */
  version: boolean;
}

/** Global options that take a value: their value is not the command word. */
const GLOBAL_VALUED = new Set(['--registry']);

/** Finds the command word: the first token that is neither an option nor a global option's value. */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const rest: string[] = [];
  let command: string | undefined;
  let version = false;
  let json = false;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    if (token === '--') {
      rest.push(...argv.slice(index));
      break;
    }
    if (token === '--json') json = true;
    if (token === '--help' || token === '-h') help = true;
    if (command === undefined) {
      if (token === '--version' || token === '-v') {
        version = true;
        continue;
      }
      if (GLOBAL_VALUED.has(token)) {
        rest.push(token);
        if (index + 1 < argv.length) rest.push(argv[++index]!);
        continue;
      }
      if (!token.startsWith('-')) {
        command = token;
        continue;
      }
    }
    rest.push(token);
  }
  return { command, rest, json, help, version };
}

/** The suggestion part of a hint: ` Did you mean X?` or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>, format = (s: string) => s): string {
  const match = closestMatch(word, candidates);
  return match ? `Did you mean ${format(match)}?` : '';
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

/**
 * Parses a command's arguments against its options and the shared ones. Every mistake is a `USAGE`
 * error in our words (never the parser's): unknown option (with the nearest known one), a value
 * missing, a value given to a switch.
 */
export function parseCommandArgs(command: string, args: string[], own: OptionSpecs = {}): ParsedArgs {
  const specs: OptionSpecs = { ...SHARED_OPTIONS, ...own };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  const help = `Run \`patternhub help ${command}\` for its options.`;
  const { values, positionals, tokens } = parseArgs({
    args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    const typed = token.rawName;
    if (!spec) {
      const suggestion = didYouMean(token.name, Object.keys(specs), (name) => `--${name}`);
      throw new RegistryError('USAGE', `${command} has no option ${typed}`, {
        hint: suggestion ? `${suggestion} ${help}` : help,
        details: { option: typed },
      });
    }
    const placeholder = spec.value ?? 'VALUE';
    if (spec.type === 'string') {
      const dashValue = !token.inlineValue && typeof token.value === 'string' && token.value.startsWith('-');
      if (token.value === undefined || dashValue) {
        throw new RegistryError('USAGE', `${typed} needs a value: ${typed} ${placeholder}`, {
          hint: dashValue ? `A value starting with "-" is written ${typed}=${token.value}. ${help}` : help,
          details: { option: typed },
        });
      }
    } else if (token.inlineValue) {
      throw new RegistryError('USAGE', `${typed} is a switch and takes no value`, {
        hint: help,
        details: { option: typed },
      });
    }
  }
  return { positionals, values };
}
