/**
 * The built CLI's start-up code cache (registry-cli/launch.ts): made once per command in the user's
 * cache folder, used after, and never trusted when damaged. The CLI answers the same either way.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCacheFile, writeCacheFile } from '../../registry-cli/launch.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/disk-full', import.meta.url));

function cacheFiles(cache: string): string[] {
  try {
    return readdirSync(join(cache, 'v8')).sort();
  } catch {
    return [];
  }
}

async function validate(env: Record<string, string>) {
  const run = await runCli(['validate', EXAMPLE, '--json'], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  return run.json<{ ok: boolean; name: string }>();
}

describe('start-up code cache', () => {
  it('is made after the first run of a command, per command, and used after', async () => {
    const cache = tempDir('code-cache');
    const env = { PATTERNHUB_CACHE: cache };
    const first = await validate(env);
    assert.equal(first.ok, true);
    const files = cacheFiles(cache);
    assert.equal(files.length, 1);
    assert.match(files[0]!, /^cli-[0-9a-f]{12}-[0-9a-f]{12}-validate\.v8$/);
    const made = readFileSync(join(cache, 'v8', files[0]!));
    assert.deepEqual(await validate(env), first);
    // Used, not made again.
    assert.deepEqual(readFileSync(join(cache, 'v8', files[0]!)), made);
    const help = await runCli(['help'], { env });
    assert.equal(help.code, 0);
    assert.equal(cacheFiles(cache).length, 2);
    assert.ok(cacheFiles(cache).some((name) => name.endsWith('-help.v8')));
  });

  it('a damaged or truncated file is ignored and written anew', async () => {
    const cache = tempDir('code-cache-damaged');
    const env = { PATTERNHUB_CACHE: cache };
    const expected = await validate(env);
    const file = join(cache, 'v8', cacheFiles(cache)[0]!);
    const good = readFileSync(file);
    // A flipped byte deep in V8's data: V8 does not notice (it would crash); the checksum does.
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1000]! ^= 0xff;
    for (const damaged of [flipped, good.subarray(0, 5000), Buffer.from('not a cache\n'), Buffer.alloc(0)]) {
      writeFileSync(file, damaged);
      assert.deepEqual(await validate(env), expected);
      assert.ok(readCacheFile(file), 'rewritten whole');
    }
  });

  it('a cache folder that cannot be written costs nothing but time', async () => {
    const cache = tempDir('code-cache-blocked');
    writeFileSync(join(cache, 'v8'), 'a file where the folder should be');
    assert.equal((await validate({ PATTERNHUB_CACHE: cache })).ok, true);
  });

  it('NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const cache = tempDir('code-cache-off');
    await validate({ PATTERNHUB_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.deepEqual(cacheFiles(cache), []);
  });

  it('--version makes none', async () => {
    const cache = tempDir('code-cache-version');
    const run = await runCli(['--version'], { env: { PATTERNHUB_CACHE: cache } });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
    assert.deepEqual(cacheFiles(cache), []);
  });
});

describe('cache file', () => {
  it('reads back what was written, and nothing from a changed byte', () => {
    const dir = tempDir('code-cache-file');
    const file = join(dir, 'sub', 'x.v8');
    const data = Buffer.from('some V8 bytes\n\x00\x01\x02');
    writeCacheFile(file, data);
    assert.deepEqual(readCacheFile(file), data);
    const bytes = readFileSync(file);
    bytes[bytes.length - 2]! ^= 1;
    writeFileSync(file, bytes);
    assert.equal(readCacheFile(file), undefined);
    assert.equal(readCacheFile(join(dir, 'missing.v8')), undefined);
  });
});
