/** What `patternhub help`, `patternhub help CMD` and `patternhub CMD --help` print. */
import { type CommandDefinition, type OptionSpec, type OptionSpecs, SHARED_OPTIONS } from './command.js';
import { COMMANDS } from './commands/index.js';

const EXIT_CODES =
  'Exit codes: 0 ok, 1 unexpected, 2 usage, 3 invalid package, 4 not found, 5 conflict, 6 auth, 7 network.';

export function generalHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, entry]) => {
    const aliases = 'aliases' in entry && entry.aliases ? ` (${entry.aliases.join(', ')})` : '';
    return `  ${(name + aliases).padEnd(28)} ${entry.summary}`;
  });
  return `patternhub: publish, find, compare and install operations patterns

Usage: patternhub [--registry URL] [--json] <command> [options]

Commands (aliases in brackets):
${rows.join('\n')}

Global options, before or after the command:
${optionLines(SHARED_OPTIONS).join('\n')}
  -v, --version             Print the version

\`patternhub help <command>\` (or \`patternhub <command> --help\`) explains a command, its options and examples.
${EXIT_CODES}`;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '    ';
  return `${short}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
}

function optionLines(specs: OptionSpecs): string[] {
  const labels = Object.entries(specs).map(([name, spec]) => [optionLabel(name, spec), spec.description]);
  const width = Math.max(24, ...labels.map(([label]) => label!.length));
  return labels.map(([label, description]) => `  ${label!.padEnd(width)}  ${description}`);
}

export function commandHelp(command: CommandDefinition, aliases: readonly string[] = []): string {
  const own = command.options ?? {};
  const sections = [`patternhub ${command.name}: ${command.summary}`, `Usage: ${command.usage}`];
  if (aliases.length > 0) sections.push(`Aliases: ${aliases.join(', ')}`);
  if (Object.keys(own).length > 0) sections.push(`Options:\n${optionLines(own).join('\n')}`);
  sections.push(`Global options:\n${optionLines(SHARED_OPTIONS).join('\n')}`);
  if (command.notes) sections.push(command.notes);
  if (command.examples?.length) {
    sections.push(`Examples:\n${command.examples.map((example) => `  ${example}`).join('\n')}`);
  }
  return sections.join('\n\n');
}

/** `help --json`: the same, for tools (shell completion, docs). */
export function commandHelpData(command: CommandDefinition, aliases: readonly string[] = []) {
  return {
    name: command.name,
    summary: command.summary,
    usage: command.usage,
    aliases,
    options: { ...(command.options ?? {}), ...SHARED_OPTIONS },
    examples: command.examples ?? [],
    ...(command.notes ? { notes: command.notes } : {}),
  };
}

export function generalHelpData() {
  return {
    commands: Object.entries(COMMANDS).map(([name, entry]) => ({
      name,
      summary: entry.summary,
      aliases: ('aliases' in entry && entry.aliases) || [],
    })),
    options: SHARED_OPTIONS,
  };
}
