/** Runs the built `patternhub` binary as a user would, with its own config file and NO_COLOR. */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/patternhub.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = unknown>(): T;
}

export function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    input?: string;
    timeoutMs?: number;
  } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        code: code ?? 1,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A person at a terminal: their own HOME (hence config file), talking to one registry. */
export interface CliUser {
  home: string;
  env: Record<string, string>;
}

export function newCliUser(
  work: string,
  registryUrl: string,
  label: string,
  extra: Record<string, string> = {},
): CliUser {
  const home = join(work, `home-${label}`);
  mkdirSync(home, { recursive: true });
  return { home, env: { HOME: home, PATTERNHUB_REGISTRY: registryUrl, ...extra } };
}

/** Fails with the run's output when it did not exit with `code`. */
export function assertExit(run: CliRun, code: number): void {
  if (run.code !== code) {
    throw new Error(`exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

/**
 * A `--json` run's answer after checking its exit code: stdout parsed when it succeeded, else the
 * `error` object from stderr (and nothing may have been printed on stdout).
 */
export function answerOf<T>(run: CliRun, code: number): T {
  assertExit(run, code);
  if (code === 0) return run.json<T>();
  if (run.stdout !== '') throw new Error(`a failing --json run printed on stdout: ${run.stdout}`);
  return (JSON.parse(run.stderr) as { error: T }).error;
}
