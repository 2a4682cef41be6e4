import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'migrate',
  summary: 'Apply database migrations and exit',
  usage: 'patternhub migrate [--data DIR]',
  options: { data: { type: 'string' } },
  async run({ flags, env, cwd }) {
    const { runMigrate } = await import('../../src/main/serve-cli.js');
    return runMigrate({ env, cwd, flags: { data: flags.data as string | undefined } });
  },
});
