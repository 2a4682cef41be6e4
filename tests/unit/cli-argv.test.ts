import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandArgs, splitArgv } from '../../registry-cli/argv.js';
import { commandNamed } from '../../registry-cli/commands/index.js';
import { closestMatch } from '../../src/core/edit-distance.js';
import { isRegistryError, type RegistryError } from '../../src/core/errors.js';

function usageError(run: () => unknown): RegistryError {
  try {
    run();
  } catch (error) {
    assert.ok(isRegistryError(error, 'USAGE'), String(error));
    return error;
  }
  assert.fail('expected a USAGE error');
}

describe('splitArgv: global options before or after the command', () => {
  it('finds the command after --registry URL and --json', () => {
    const split = splitArgv(['--registry', 'http://r', '--json', 'whoami']);
    assert.equal(split.command, 'whoami');
    assert.deepEqual(split.rest, ['--registry', 'http://r', '--json']);
    assert.equal(split.json, true);
  });
  it('keeps everything after the command for its parser, and sees --json and --help anywhere', () => {
    const split = splitArgv(['install', '@a/b', '--json', '-h']);
    assert.deepEqual(
      [split.command, split.rest, split.json, split.help],
      ['install', ['@a/b', '--json', '-h'], true, true],
    );
  });
  it('--version counts only before a command; nothing after -- is an option', () => {
    assert.equal(splitArgv(['--version', '--json']).version, true);
    assert.equal(splitArgv(['--json', '-v']).version, true);
    const split = splitArgv(['deprecate', '--', '--json']);
    assert.equal(split.json, false);
    assert.deepEqual(split.rest, ['--', '--json']);
  });
  it('no command at all', () => {
    assert.equal(splitArgv([]).command, undefined);
    assert.equal(splitArgv(['--registry', 'http://r']).command, undefined);
  });
});

describe('parseCommandArgs: mistakes in our own words', () => {
  const options = {
    'dry-run': { type: 'boolean' as const, description: 'd' },
    tag: { type: 'string' as const, value: 'TAG', description: 't' },
  };
  it('parses options and positionals, shared ones included', () => {
    const parsed = parseCommandArgs(
      'publish',
      ['dir', '--tag', 'beta', '--dry-run', '--registry=http://r'],
      options,
    );
    assert.deepEqual(parsed.positionals, ['dir']);
    assert.equal(parsed.values.tag, 'beta');
    assert.equal(parsed.values['dry-run'], true);
    assert.equal(parsed.values.registry, 'http://r');
  });
  it('an unknown option names the nearest known one', () => {
    const error = usageError(() => parseCommandArgs('publish', ['--dryrun'], options));
    assert.match(error.message, /publish has no option --dryrun/);
    assert.match(error.hint ?? '', /Did you mean --dry-run\?/);
    const far = usageError(() => parseCommandArgs('publish', ['--zzzzzz'], options));
    assert.doesNotMatch(far.hint ?? '', /Did you mean/);
    assert.match(far.hint ?? '', /patternhub help publish/);
  });
  it('a missing value, a value that looks like an option, a value given to a switch', () => {
    assert.match(
      usageError(() => parseCommandArgs('publish', ['--tag'], options)).message,
      /--tag needs a value: --tag TAG/,
    );
    assert.match(
      usageError(() => parseCommandArgs('publish', ['--tag', '--json'], options)).message,
      /--tag needs a value/,
    );
    assert.match(
      usageError(() => parseCommandArgs('publish', ['--dry-run=yes'], options)).message,
      /takes no value/,
    );
    // The message never carries the parser's own quoting.
    assert.doesNotMatch(usageError(() => parseCommandArgs('publish', ['-x'], options)).message, /'/);
  });
});

describe('suggestions and aliases', () => {
  it('closestMatch allows one edit in short words, two in longer ones', () => {
    assert.equal(closestMatch('instal', ['install', 'uninstall', 'info']), 'install');
    assert.equal(closestMatch('serch', ['search', 'serve']), 'search');
    assert.equal(closestMatch('xyz', ['search', 'serve']), undefined);
  });
  it('aliases resolve as npm and pnpm users type them', () => {
    assert.equal(commandNamed('i'), 'install');
    assert.equal(commandNamed('add'), 'install');
    assert.equal(commandNamed('rm'), 'uninstall');
    assert.equal(commandNamed('view'), 'info');
    assert.equal(commandNamed('list'), 'ls');
    assert.equal(commandNamed('up'), 'update');
    assert.equal(commandNamed('nope'), undefined);
  });
});

describe('every command documents itself', () => {
  it('each option has a description, each command an example of itself', async () => {
    const { COMMANDS } = await import('../../registry-cli/commands/index.js');
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = (await entry.load()).default;
      assert.equal(command.name, name);
      for (const [option, spec] of Object.entries(command.options ?? {})) {
        assert.ok(spec.description.length > 10, `${name} --${option} has a description`);
        if (spec.type === 'string') assert.ok(spec.value, `${name} --${option} names its value`);
      }
      assert.ok(command.examples?.length, `${name} has examples`);
      const aliases = (entry as { aliases?: readonly string[] }).aliases ?? [];
      const words = [name, ...aliases].map((word) => word.replace('-', '\\-')).join('|');
      const own = new RegExp(`patternhub (?:--\\S+ \\S+ )*(?:${words})\\b`);
      assert.ok(
        command.examples?.some((example) => own.test(example)),
        `${name}: an example runs the command itself`,
      );
    }
  });
});
