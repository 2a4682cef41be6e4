/**
 * How long /v1/health takes while the registry is under a publish storm, hostile uploads or large
 * anonymous diffs. Starts a registry (PGlite in a temporary folder, or PostgreSQL when DATABASE_URL
 * is set), polls health every 20 ms from another process during each scenario, and prints the answers'
 * median, p99 and maximum, with the load average. Printed, never asserted: on a shared 2-core
 * machine the figures move with the neighbours.
 *
 *   npx tsx bench/health/run.ts
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { filesFromRecord } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import { parseServerConfig } from '../../src/main/config.js';
import { startServer } from '../../src/main/start-server.js';

const admin = `ph_${randomBytes(24).toString('hex')}`;
const work = mkdtempSync(join(tmpdir(), 'patternhub-bench-health-'));
const server = await startServer(
  parseServerConfig({
    env: {
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      PORT: '0',
      PATTERNHUB_ADMIN_TOKEN: admin,
      PATTERNHUB_RATE_PUBLISHES: '0',
    },
    flags: { data: join(work, 'data') },
    cwd: work,
  }),
);
const auth = { authorization: `Bearer ${admin}` };

function tarball(name: string, version: string, extra: Record<string, string> = {}): Uint8Array {
  return packFiles(
    filesFromRecord({
      'patternhub.yaml': `name: "${name}"\nversion: ${version}\nkind: action\ndescription: "Bench."\nlicense: Apache-2.0\n`,
      'actions/echo.yaml':
        'name: echo\nrunner_type: local-shell-cmd\nentry_point: echo.sh\nparameters:\n  message: { type: string }\n',
      'actions/echo.sh': 'echo "$1"\n',
      ...extra,
    }),
  );
}

async function put(name: string, version: string, body: Uint8Array): Promise<number> {
  const [scope, bare] = name.slice(1).split('/');
  const response = await fetch(`${server.url}/v1/packages/${scope}/${bare}/${version}`, {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/gzip' },
    body: body as Uint8Array<ArrayBuffer>,
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Polls health from a process of its own: a poller on the server's event loop would stall with it,
 * and a request it never sent records no delay. Every 20 ms (or as soon as the previous answer
 * came, when it took longer) until told to stop on stdin; then prints the answers' times as JSON.
 */
const POLLER = `
  const url = process.argv[1];
  const times = [];
  let running = true;
  process.stdin.on('data', () => { running = false; });
  while (running) {
    const started = performance.now();
    await (await fetch(url)).arrayBuffer();
    times.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.stdout.write(JSON.stringify(times));
  process.exit(0);`;

async function measure(label: string, work: () => Promise<number[]>): Promise<void> {
  const poller = spawn(process.execPath, ['--input-type=module', '-e', POLLER, `${server.url}/v1/health`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  poller.stdout.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => poller.on('close', resolve));
  const started = performance.now();
  const statuses = await work();
  const elapsed = performance.now() - started;
  poller.stdin.write('stop\n');
  await exited;
  const times = (JSON.parse(output) as number[]).sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  const counts = statuses.reduce<Record<number, number>>((all, status) => {
    all[status] = (all[status] ?? 0) + 1;
    return all;
  }, {});
  console.log(
    `${label.padEnd(44)} ${(elapsed / 1000).toFixed(1).padStart(6)} s   health n=${times.length} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  max ${at(1)} ms   answers ${JSON.stringify(counts)}`,
  );
}

try {
  await fetch(`${server.url}/v1/orgs`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench' }),
  });
  const load = () =>
    loadavg()
      .map((value) => value.toFixed(2))
      .join(' ');
  console.log(`# ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; load average ${load()}`);
  await measure('idle (2 s)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return [];
  });
  await measure('storm: 50 versions of one package at once', () =>
    Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        put('@bench/storm', `1.0.${i}`, tarball('@bench/storm', `1.0.${i}`)),
      ),
    ),
  );
  const params = ['name: big', 'runner_type: local-shell-cmd', 'parameters:'];
  for (let i = 0; i < 9_000; i++) params.push(`  p${i}: { type: string }`);
  const deep = `name: deep\nx: ${'{a: '.repeat(200)}1${'}'.repeat(200)}\n`;
  const strings = `s: &s "${'x'.repeat(9000)}"\nl: [${Array(99).fill('*s').join(', ')}]\n`;
  await measure('hostile: 20 deep + 4 alias-string + 4 large uploads', () =>
    Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        put(`@bench/deep-${i}`, '1.0.0', tarball(`@bench/deep-${i}`, '1.0.0', { 'actions/d.yaml': deep })),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        put(`@bench/str-${i}`, '1.0.0', tarball(`@bench/str-${i}`, '1.0.0', { 'actions/s.yaml': strings })),
      ),
      ...Array.from({ length: 4 }, (_, i) =>
        put(
          `@bench/big-${i}`,
          '1.0.0',
          tarball(`@bench/big-${i}`, '1.0.0', { 'actions/big.yaml': `${params.join('\n')}\n` }),
        ),
      ),
    ]),
  );
  // Two versions whose ten text files differ on 1,500 lines each: every diff is computed (not cached).
  const notes = (version: number) => {
    const files: Record<string, string> = {};
    for (let file = 0; file < 10; file++) {
      files[`docs/notes-${file}.md`] =
        `${Array.from({ length: 1_500 }, (_, line) => `v${version} ${file}.${line} ${'text '.repeat(8)}`).join('\n')}\n`;
    }
    return files;
  };
  for (const version of [0, 1, 2]) {
    await put('@bench/notes', `1.0.${version}`, tarball('@bench/notes', `1.0.${version}`, notes(version)));
  }
  const pairs = [
    ['1.0.0', '1.0.1'],
    ['1.0.1', '1.0.2'],
    ['1.0.0', '1.0.2'],
    ['1.0.2', '1.0.0'],
  ];
  await measure('diff: 4 anonymous diffs of large versions', () =>
    Promise.all(
      pairs.map(async ([from, to]) => {
        const response = await fetch(`${server.url}/v1/diff?from=@bench/notes@${from}&to=@bench/notes@${to}`);
        await response.arrayBuffer();
        return response.status;
      }),
    ),
  );
  console.log(`# load average at the end ${load()}`);
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
