/**
 * Runs `patternhub serve` as a user would, for the cli-serve*.test.ts files: the built binary on a
 * free port, in a shell environment of its own (no DATABASE_URL unless asked), killed at the end
 * whatever the test did. Not a test file itself.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import postgres from 'postgres';
import { BIN } from '../helpers/cli.js';

export interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Backend {
  name: string;
  /** A fresh, empty database: the arguments and environment that select it. */
  fresh: () => Promise<{ args: string[]; env: Record<string, string> }>;
}

const TOKEN = /\bph_[A-Za-z0-9]{20,}\b/g;

/** Every `ph_…` secret in a text. */
export function tokensIn(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((match) => match[0]);
}

export async function whoami(
  url: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A work folder and the helpers bound to it; registers its own `after()` clean-up. */
export function serveKit(label: string) {
  const work = mkdtempSync(join(process.env.PATTERNHUB_TEST_WORK ?? tmpdir(), `${label}-`));
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  /** The environment of a user's shell: nothing of the test runner's. */
  function userEnv(extra: Record<string, string> = {}): Record<string, string> {
    const home = join(work, 'home');
    mkdirSync(home, { recursive: true });
    return {
      PATH: process.env.PATH ?? '',
      HOME: home,
      PATTERNHUB_CONFIG: join(home, 'config.yaml'),
      NO_COLOR: '1',
      ...extra,
    };
  }

  /** Starts `patternhub serve --port 0` and resolves once it answers /v1/health. */
  async function serve(args: string[], env: Record<string, string>): Promise<Served> {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      cwd: work,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    const deadline = Date.now() + 90_000;
    let url: string | undefined;
    while (!url) {
      const done = await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 50))]);
      if (done) assert.fail(`serve exited early (${JSON.stringify(done)}):\n${output}`);
      if (Date.now() > deadline) assert.fail(`serve did not start:\n${output}`);
      url = /https?:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
    }
    const health = await fetch(`${url}/v1/health`);
    assert.equal(health.status, 200, output);
    assert.deepEqual(await health.json(), { ok: true });
    return { child, url, output: () => output, exited };
  }

  /** Sends the signal and expects a clean exit (code 0) within a few seconds. */
  async function stop(served: Served, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    served.child.kill(signal);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
    const result = await Promise.race([served.exited, timeout]);
    assert.notEqual(result, 'timeout', `serve did not exit within 10 s of ${signal}:\n${served.output()}`);
    assert.deepEqual(result, { code: 0, signal: null }, served.output());
  }

  /** PGlite in a fresh data folder always; a fresh PostgreSQL database when the run has one. */
  const backends: Backend[] = [
    {
      name: 'PGlite',
      fresh: async () => ({
        args: ['--data', join(work, `data-${randomBytes(4).toString('hex')}`)],
        env: {},
      }),
    },
  ];
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    backends.push({
      name: 'PostgreSQL',
      fresh: async () => {
        // Under the run's prefix, so the runner drops it even if this file crashes.
        const prefix = process.env.PATTERNHUB_TEST_PG_PREFIX ?? 'ph_test_serve';
        const name = `${prefix}_${randomBytes(6).toString('hex')}`;
        const admin = postgres(databaseUrl, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database "${name}"`);
        await admin.end();
        cleanups.push(async () => {
          const dropper = postgres(databaseUrl, { max: 1, onnotice: () => {} });
          await dropper.unsafe(`drop database if exists "${name}" with (force)`);
          await dropper.end();
        });
        const url = new URL(databaseUrl);
        url.pathname = `/${name}`;
        // A data folder too, which PostgreSQL mode must not need.
        return { args: ['--data', join(work, `unused-${name}`)], env: { DATABASE_URL: url.toString() } };
      },
    });
  }

  return { work, userEnv, serve, stop, backends };
}
