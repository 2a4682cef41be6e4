import { defineCommand } from '../command.js';
import { loadServer } from '../server.js';

export default defineCommand({
  name: 'serve',
  summary: 'Run a registry (embedded PGlite unless DATABASE_URL is set)',
  usage: 'patternhub serve [--port N] [--host ADDR] [--data DIR]',
  options: {
    port: { type: 'string', value: 'N', description: 'Port to listen on (also PORT; default 4873)' },
    host: {
      type: 'string',
      value: 'ADDR',
      description: 'Address to listen on (also HOST; default 127.0.0.1)',
    },
    data: {
      type: 'string',
      value: 'DIR',
      description: 'PGlite data folder (also PATTERNHUB_DATA; default ./.patternhub-data)',
    },
    'with-examples': {
      type: 'boolean',
      description: 'Publish the example packages (examples/) at start, those not there yet',
    },
  },
  examples: ['patternhub serve', 'patternhub serve --port 8080 --data /var/lib/patternhub --with-examples'],
  async run({ flags, env, cwd, out }) {
    // The server is loaded only here: every other command is a client that speaks HTTP.
    const { runServe } = await loadServer();
    const withExamples = flags['with-examples'] === true;
    return runServe({
      env,
      cwd,
      flags: {
        port: flags.port as string | undefined,
        host: flags.host as string | undefined,
        data: flags.data as string | undefined,
      },
      log: (line) => out.error(line),
      ...(withExamples
        ? {
            async afterStart({ url, token }: { url: string; token: string }) {
              const { publishExamples } = await import('../examples.js');
              const seeded = await publishExamples(url, token);
              return seeded.published.length > 0
                ? `examples: published ${seeded.published.join(', ')}${seeded.present.length ? ` (${seeded.present.length} already there)` : ''}`
                : `examples: all ${seeded.present.length} already published`;
            },
          }
        : {}),
    });
  },
});
