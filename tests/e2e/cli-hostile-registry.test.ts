/**
 * The CLI against a hostile or broken registry: answers far larger than any package (declared, or
 * streamed without a length) are cut off with PAYLOAD_TOO_LARGE, and a registry that accepts the
 * connection and never answers times out with NETWORK_ERROR, for every command that talks to it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliRun, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const MiB = 1024 * 1024;
const hanging = new Set<ServerResponse>();
let url: string;
let close: () => Promise<void>;
const work = tempDir('cli-hostile');

/** Every path: `/huge/…` declares 2 GiB, `/stream/…` streams without a length, anything else hangs. */
before(async () => {
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    if (path.includes('huge')) {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(2 * 1024 * MiB),
      });
      response.write('{"a":"');
      return;
    }
    if (path.includes('stream')) {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(MiB, 'x');
      let sent = 0;
      const push = () => {
        while (sent < 64 && response.write(chunk)) sent++;
        if (sent < 64 && !response.destroyed) response.once('drain', push);
        else response.end();
      };
      response.write('{"a":"');
      push();
      return;
    }
    hanging.add(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = async () => {
    for (const response of hanging) response.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
});
after(async () => {
  await close();
  rmSync(work, { recursive: true, force: true });
});

function errorCode(run: CliRun): string | undefined {
  try {
    return (JSON.parse(run.stderr) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const home = mkdtempSync(join(work, 'home-'));
  return runCli([...args, '--json'], {
    cwd: home,
    env: { HOME: home, PATTERNHUB_CONFIG: `${home}/config.yaml`, ...env },
    timeoutMs: 120_000,
  });
}

describe('the CLI against a hostile registry', () => {
  it('refuses an answer declared larger than PATTERNHUB_MAX_DOWNLOAD_BYTES without reading it', async () => {
    const run = await cli(['info', '@huge/pkg'], { PATTERNHUB_REGISTRY: url });
    assert.equal(errorCode(run), 'PAYLOAD_TOO_LARGE', run.stderr);
    assert.equal(run.code, 3);
  });

  it('stops reading a streamed answer once it passes the limit', async () => {
    const run = await cli(['info', '@stream/pkg'], {
      PATTERNHUB_REGISTRY: url,
      PATTERNHUB_MAX_DOWNLOAD_BYTES: String(4 * MiB),
    });
    assert.equal(errorCode(run), 'PAYLOAD_TOO_LARGE', run.stderr);
  });

  for (const args of [
    ['search', 'disk'],
    ['info', '@acme/pager'],
    ['diff', '@acme/pager@1.0.0', '@acme/pager@2.0.0'],
    ['whoami'],
  ]) {
    it(`\`${args[0]}\` gives up on a registry that never answers (NETWORK_ERROR)`, async () => {
      const run = await cli(args, {
        PATTERNHUB_REGISTRY: url,
        PATTERNHUB_FETCH_TIMEOUT: '300',
        PATTERNHUB_TOKEN: 'ph_x',
      });
      assert.equal(errorCode(run), 'NETWORK_ERROR', `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.code, 7);
    });
  }

  it('refuses a timeout that is not a whole number of milliseconds (CONFIG_INVALID)', async () => {
    const run = await cli(['search', 'disk'], { PATTERNHUB_REGISTRY: url, PATTERNHUB_FETCH_TIMEOUT: '0.3' });
    assert.equal(errorCode(run), 'CONFIG_INVALID', run.stderr);
  });
});
