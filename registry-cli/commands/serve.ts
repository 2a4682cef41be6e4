import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'serve',
  summary: 'Run a registry (embedded PGlite unless DATABASE_URL is set)',
  usage: 'patternhub serve [--port N] [--host ADDR] [--data DIR]',
  options: { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' } },
  async run({ flags, env, cwd, out }) {
    // The server is loaded only here: every other command is a client that speaks HTTP.
    const { runServe } = await import('../../src/main/serve-cli.js');
    return runServe({
      env,
      cwd,
      flags: {
        port: flags.port as string | undefined,
        host: flags.host as string | undefined,
        data: flags.data as string | undefined,
      },
      log: (line) => out.error(line),
    });
  },
});
