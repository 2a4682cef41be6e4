import { RegistryError } from '../src/core/errors.js';
import { didYouMean, parseCommandArgs, splitArgv } from './argv.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { COMMANDS, commandNamed, commandWords } from './commands/index.js';
import { loadCliConfig } from './config.js';
import { renderError } from './errors.js';
import { commandHelp, commandHelpData, generalHelp, generalHelpData } from './help.js';
import { createOutput } from './output.js';

export interface MainIo {
  argv: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  version: string;
}

async function promptFrom(
  stdin: NodeJS.ReadStream,
  stderr: NodeJS.WriteStream,
  question: string,
): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

function unknownCommand(word: string): RegistryError {
  const suggestion = didYouMean(word, commandWords(), (name) => `\`patternhub ${name}\``);
  return new RegistryError('USAGE', `Unknown command "${word}"`, {
    hint: `${suggestion ? `${suggestion} ` : ''}Run \`patternhub help\` for the list of commands.`,
    details: { command: word },
  });
}

async function loadCommand(word: string): Promise<CommandDefinition> {
  const name = commandNamed(word);
  if (!name) throw unknownCommand(word);
  return (await COMMANDS[name].load()).default;
}

function aliasesOf(name: string): readonly string[] {
  const entry = COMMANDS[name as keyof typeof COMMANDS] as { aliases?: readonly string[] } | undefined;
  return entry?.aliases ?? [];
}

function helpText(command: CommandDefinition, json: boolean): string {
  const aliases = aliasesOf(command.name);
  return json ? JSON.stringify(commandHelpData(command, aliases), null, 2) : commandHelp(command, aliases);
}

/** Runs one command; returns the exit code. main() in bin/ writes nothing else. */
export async function runCli(io: MainIo): Promise<number> {
  const out = createOutput(io.stdout, io.stderr, io.env);
  const argv = splitArgv(io.argv);
  const { json } = argv;
  try {
    if (argv.version && argv.command === undefined) {
      out.write(json ? JSON.stringify({ version: io.version }) : io.version);
      return 0;
    }
    if (argv.command === undefined || argv.command === 'help') {
      // `patternhub help CMD`, as npm's.
      const topic = argv.command === 'help' ? argv.rest.find((token) => !token.startsWith('-')) : undefined;
      if (topic !== undefined) {
        const command = await loadCommand(topic);
        out.write(helpText(command, json));
        return 0;
      }
      out.write(json ? JSON.stringify(generalHelpData(), null, 2) : generalHelp());
      return argv.command === 'help' || argv.help ? 0 : 2;
    }
    const command = await loadCommand(argv.command);
    const parsed = parseCommandArgs(command.name, argv.rest, command.options);
    if (parsed.values.help) {
      out.write(helpText(command, json));
      return 0;
    }
    const config = await loadCliConfig(io.env, { registry: parsed.values.registry as string | undefined });
    const context: CommandContext = {
      args: parsed.positionals,
      flags: parsed.values,
      json,
      cwd: io.cwd,
      env: io.env,
      out,
      config,
      ...(io.stdin?.isTTY && io.stderr.isTTY && !json
        ? { prompt: (question: string) => promptFrom(io.stdin!, io.stderr, question) }
        : {}),
      ...(io.stdin && !io.stdin.isTTY ? { readInput: () => readAll(io.stdin!) } : {}),
    };
    const result = await command.run(context);
    out.clearProgress();
    if (json) {
      if (result.data !== undefined) out.write(JSON.stringify(result.data, null, 2));
    } else if (result.text !== undefined && result.text !== '') {
      out.write(result.text);
    }
    return result.exitCode ?? 0;
  } catch (error) {
    out.clearProgress();
    const registryError =
      error instanceof RegistryError
        ? error
        : new RegistryError('INTERNAL', `Unexpected error: ${(error as Error)?.message ?? String(error)}`);
    if (!(error instanceof RegistryError) && io.env.PATTERNHUB_DEBUG)
      out.error(String((error as Error)?.stack));
    out.error(renderError(registryError, { json, color: out.errorColor }));
    return registryError.exitCode;
  }
}
