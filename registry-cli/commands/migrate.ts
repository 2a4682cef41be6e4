import { defineCommand } from '../command.js';
import { loadServer } from '../server.js';

export default defineCommand({
  name: 'migrate',
  summary: 'Apply database migrations and exit',
  usage: 'patternhub migrate [--data DIR]',
  options: {
    data: {
      type: 'string',
      value: 'DIR',
      description: 'PGlite data folder (also PATTERNHUB_DATA); with DATABASE_URL, PostgreSQL instead',
    },
  },
  examples: [
    'patternhub migrate',
    'DATABASE_URL=postgres://postgres@127.0.0.1:5432/patternhub patternhub migrate',
  ],
  async run({ flags, env, cwd }) {
    const { runMigrate } = await loadServer();
    return runMigrate({ env, cwd, flags: { data: flags.data as string | undefined } });
  },
});
