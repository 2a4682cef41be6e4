/**
 * The example packages (examples/) are real: each validates against the others' actual contents, and
 * the action scripts run on this Linux machine and print the JSON their output_schema describes.
 * (systemd actions need a systemd host: their scripts are only syntax-checked here.)
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { examplesDir } from '../../registry-cli/examples.js';
import { readPackageFolder } from '../../registry-cli/package-folder.js';
import { summarizePackage, validatePackage } from '../../src/core/validate/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const examples = examplesDir();
const folders = readdirSync(examples, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => readPackageFolder(join(examples, entry.name)));
const work = tempDir('examples');
after(() => rmSync(work, { recursive: true, force: true }));

async function script(path: string, ...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('bash', [join(examples, path), ...args]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('example packages', () => {
  it('every example validates, with its dependencies checked against the other examples', () => {
    const contents = new Map(
      folders.map((folder) => [folder.manifest?.name as string, summarizePackage(folder.files)]),
    );
    assert.ok(folders.length >= 6);
    for (const folder of folders) {
      const result = validatePackage(folder.files, { dependencies: (name) => contents.get(name) });
      assert.deepEqual(result.issues, [], `${folder.dir}`);
      assert.equal(result.manifest?.name.split('/')[0], '@community');
    }
  });

  it('every script is valid bash', async () => {
    for (const folder of folders) {
      for (const path of folder.files.keys()) {
        if (path.endsWith('.sh')) await run('bash', ['-n', join(folder.dir, path)]);
      }
    }
  });
});

describe('example actions on this machine', () => {
  it('check_disk and host_health report as their output_schema says', async () => {
    const disk = await script('linux/actions/check_disk.sh', '/ /tmp', '100');
    assert.equal(typeof disk.max_percent, 'number');
    assert.equal(disk.over_threshold, false);
    assert.ok(Array.isArray(disk.filesystems) && disk.filesystems.length >= 1);
    const full = await script('linux/actions/check_disk.sh', '/', '0');
    assert.equal(full.over_threshold, true);
    const health = await script('linux/actions/host_health.sh', '1000', '0', '101');
    assert.deepEqual([health.healthy, health.problems], [true, []]);
    assert.equal(typeof health.cpus, 'number');
    await assert.rejects(run('bash', [join(examples, 'linux/actions/check_disk.sh'), '/', 'lots']));
  });

  it('rotate_logs compresses rotated logs and prunes old archives; clean_dir deletes old files, never /', async () => {
    const logs = join(work, 'log');
    mkdirSync(logs);
    const old = new Date(Date.now() - 40 * 86_400_000);
    writeFileSync(join(logs, 'app.log'), 'live\n');
    writeFileSync(join(logs, 'app.log.1'), 'x'.repeat(100_000));
    writeFileSync(join(logs, 'app.log.2.gz'), 'old archive');
    utimesSync(join(logs, 'app.log.1'), old, old);
    utimesSync(join(logs, 'app.log.2.gz'), old, old);
    const dry = await script('linux/actions/rotate_logs.sh', logs, '1', '30', 'true');
    assert.deepEqual([dry.compressed, dry.deleted], [1, 1]);
    assert.ok(existsSync(join(logs, 'app.log.1')), 'a dry run changes nothing');
    const done = await script('linux/actions/rotate_logs.sh', logs, '1', '30', 'false');
    assert.deepEqual([done.compressed, done.deleted], [1, 1]);
    assert.ok(existsSync(join(logs, 'app.log.1.gz')));
    assert.ok(existsSync(join(logs, 'app.log')), 'live logs are never touched');
    assert.ok(!existsSync(join(logs, 'app.log.2.gz')));

    const scratch = join(work, 'scratch');
    mkdirSync(scratch);
    writeFileSync(join(scratch, 'old.tmp'), 'x');
    writeFileSync(join(scratch, 'new.tmp'), 'x');
    utimesSync(join(scratch, 'old.tmp'), old, old);
    const cleaned = await script('linux/actions/clean_dir.sh', scratch, '7', '*.tmp', 'false');
    assert.equal(cleaned.deleted, 1);
    assert.deepEqual(readdirSync(scratch), ['new.tmp']);
    await assert.rejects(run('bash', [join(examples, 'linux/actions/clean_dir.sh'), '/']));
  });

  it('check_url tells a healthy endpoint from a failing one; post_message builds the webhook payload', async () => {
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/health' ? 200 : 503, { 'content-type': 'text/plain' });
      response.end(request.url === '/health' ? 'ok: all good' : 'down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const received: string[] = [];
    const hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push(body);
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hooks/secret`;
    try {
      const healthy = await script('http/actions/check_url.sh', `${base}/health`, '200', '5', 'all good');
      assert.deepEqual([healthy.ok, healthy.status, healthy.error], [true, 200, '']);
      const failing = await script('http/actions/check_url.sh', `${base}/other`, '200', '5');
      assert.deepEqual([failing.ok, failing.status], [false, 503]);
      const wrongText = await script('http/actions/check_url.sh', `${base}/health`, '200', '5', 'nope');
      assert.equal(wrongText.ok, false);

      const dry = await script(
        'chatops/actions/post_message.sh',
        '-',
        'disk "web1": 97%',
        '#ops',
        'bot',
        'true',
      );
      assert.deepEqual(dry.payload, { text: 'disk "web1": 97%', username: 'bot', channel: '#ops' });
      const posted = await script('chatops/actions/post_message.sh', hookUrl, 'restarted nginx', '#ops');
      assert.deepEqual([posted.posted, posted.status], [true, 200]);
      assert.deepEqual(JSON.parse(received[0]!), {
        text: 'restarted nginx',
        username: 'patternhub',
        channel: '#ops',
      });
    } finally {
      server.close();
      hook.close();
    }
  });
});
