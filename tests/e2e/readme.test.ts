/**
 * The README's commands work as written on a fresh registry. Every ```sh block after a
 * `<!-- tested -->` line runs, in order, in one bash (so `export` and `cd` carry over) with the built
 * CLI as `npx patternhub`, against a real registry holding the example packages (as
 * `serve --with-examples` leaves it). `ph_…` stands for the admin token printed at first start,
 * http://127.0.0.1:4873 for the registry's address. Each command must exit 0.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { examplesDir, publishExamples } from '../../registry-cli/examples.js';
import { BIN } from '../helpers/cli.js';
import { startTestRegistry, type TestRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/temp-dir.js';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The shell blocks marked tested, in order. */
export function testedBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const pattern = /<!-- tested -->\n```sh\n([\s\S]*?)```/g;
  for (const match of markdown.matchAll(pattern)) blocks.push(match[1]!);
  return blocks;
}

let registry: TestRegistry;
let work: string;

before(async () => {
  registry = await startTestRegistry();
  await publishExamples(registry.url, registry.adminToken, examplesDir());
  work = tempDir('readme');
});
after(async () => {
  await registry?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

function bash(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

it('the README marks its walkthrough, search and project blocks as tested', () => {
  const blocks = testedBlocks(readFileSync(README, 'utf8'));
  assert.ok(blocks.length >= 3, `${blocks.length} tested blocks`);
  const all = blocks.join('\n');
  for (const command of ['npx patternhub publish', 'npx patternhub search', 'npx patternhub install']) {
    assert.ok(all.includes(command), command);
  }
});

it('every command of the tested README blocks exits 0', async () => {
  const blocks = testedBlocks(readFileSync(README, 'utf8'));
  const home = join(work, 'home');
  mkdirSync(home, { recursive: true });
  const script = [
    'set -e',
    // The failing command and its exit code, for the assertion message.
    'trap \'echo "README COMMAND FAILED ($?): $BASH_COMMAND" >&2\' ERR',
    `npx() { if [ "$1" = patternhub ]; then shift; "${process.execPath}" "${BIN}" "$@"; else command npx "$@"; fi; }`,
    'git init -q .',
    ...blocks.map((block) =>
      block.replaceAll('ph_…', registry.adminToken).replaceAll('http://127.0.0.1:4873', registry.url),
    ),
  ].join('\n');
  const run = await bash(script, {
    PATH: process.env.PATH ?? '',
    HOME: home,
    NO_COLOR: '1',
    PATTERNHUB_CACHE: join(work, 'cache'),
  });
  assert.equal(run.code, 0, run.output);
  // The searches found the examples.
  assert.match(run.output, /@community\/disk-full/);
  assert.match(run.output, /@community\/service-restart/);
  assert.match(run.output, /Also searched for: dsik → disk/);
  assert.match(run.output, /"name": "@community\/linux"/);
});
