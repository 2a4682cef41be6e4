import { parseArgs } from 'node:util';
import { RegistryError } from '../src/core/errors.js';
import { type CommandContext, type CommandDefinition, SHARED_OPTIONS } from './command.js';
import { COMMANDS, type CommandName } from './commands/index.js';
import { loadCliConfig } from './config.js';
import { renderError } from './errors.js';
import { createOutput } from './output.js';

const HELP = `patternhub: publish, find, compare and install operations patterns

Usage: patternhub <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(10)} ${entry.summary}`)
  .join('\n')}

Every command takes --json, --registry URL and --help.
Exit codes: 0 ok, 1 unexpected, 2 usage, 3 invalid package, 4 not found, 5 conflict, 6 auth, 7 network.`;

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

/** Runs one command; returns the exit code. main() in bin/ writes nothing else. */
export async function runCli(io: MainIo): Promise<number> {
  const out = createOutput(io.stdout, io.stderr, io.env);
  const [first, ...rest] = io.argv;
  if (first === '--version' || first === '-v' || first === 'version') {
    out.write(io.version);
    return 0;
  }
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    out.write(HELP);
    return first ? 0 : 2;
  }
  const entry = COMMANDS[first as CommandName];
  const json = rest.includes('--json');
  if (!entry) {
    out.error(
      renderError(
        new RegistryError('USAGE', `Unknown command "${first}"`, { hint: 'Run `patternhub --help`.' }),
        { json, color: out.color },
      ),
    );
    return 2;
  }
  try {
    const command: CommandDefinition = (await entry.load()).default;
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...SHARED_OPTIONS, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new RegistryError('USAGE', (error as Error).message, { hint: `Usage: ${command.usage}` });
    }
    if (parsed.values.help) {
      out.write(`${command.summary}\n\nUsage: ${command.usage}`);
      return 0;
    }
    const config = await loadCliConfig(io.env, { registry: parsed.values.registry as string | undefined });
    const context: CommandContext = {
      args: parsed.positionals,
      flags: parsed.values as CommandContext['flags'],
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
    out.error(renderError(registryError, { json, color: out.color }));
    return registryError.exitCode;
  }
}
