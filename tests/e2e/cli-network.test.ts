import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Something that is not a registry answers 200 with HTML (a captive portal, a wrong URL). */
describe('a URL that is not a registry', () => {
  let server: Server;
  let url: string;
  const home = tempDir('patternhub-network');

  before(async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Welcome to the hotel wifi</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  for (const args of [['info', '@acme/linux'], ['search', 'disk'], ['whoami']]) {
    it(`${args[0]}: exit 7 NETWORK_ERROR, not a crash`, async () => {
      const run = await runCli([...args, '--json', '--registry', url], {
        env: { PATTERNHUB_CONFIG: join(home, 'config.yaml'), PATTERNHUB_TOKEN: 'ph_not_a_real_token_at_all' },
      });
      assert.equal(run.code, 7, run.stderr);
      assert.equal(JSON.parse(run.stderr).error.code, 'NETWORK_ERROR');
    });
  }
});
