/**
 * Actions that run on this machine: core.local, core.echo, core.noop, core.http, core.pause, and the
 * local-shell-cmd / local-shell-script / http-request actions of installed action packages. Results
 * have the shape StackStorm's runners give (`stdout`, `stderr`, `return_code`; `status_code`, `body`).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import type { ActionOutcome } from '../../src/core/engine/index.js';

export interface ShellRun {
  /** argv: the program and its arguments. */
  argv: string[];
  cwd: string;
  /** The whole environment of the process (the CLI's, plus what the action adds). */
  env: Record<string, string | undefined>;
  timeoutSeconds: number;
}

/** StackStorm's local runners give stdout that is JSON as the parsed value (st2's try_loads). */
function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs a program; exit code 0 succeeds. A timeout kills it and fails with return_code -9. */
export function runProcess(run: ShellRun): Promise<ActionOutcome> {
  return new Promise((resolve) => {
    const child = spawn(run.argv[0]!, run.argv.slice(1), {
      cwd: run.cwd,
      env: run.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, run.timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({
        status: 'failed',
        result: {
          stdout,
          stderr: `${stderr}${error.message}`,
          return_code: 127,
          succeeded: false,
          failed: true,
        },
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const returnCode = timedOut ? -9 : (code ?? -1);
      const ok = returnCode === 0;
      resolve({
        status: ok ? 'succeeded' : 'failed',
        result: {
          stdout: parseOutput(stdout.replace(/\n$/, '')),
          stderr: timedOut
            ? `${stderr}Action timed out after ${run.timeoutSeconds} seconds.`
            : stderr.replace(/\n$/, ''),
          return_code: returnCode,
          succeeded: ok,
          failed: !ok,
        },
      });
    });
  });
}

export function shellCommand(
  cmd: string,
  cwd: string,
  env: Record<string, string | undefined>,
  timeoutSeconds: number,
): Promise<ActionOutcome> {
  return runProcess({ argv: ['/bin/sh', '-c', cmd], cwd, env, timeoutSeconds });
}

function argText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A local-shell-script's arguments as StackStorm passes them: parameters with a `position` first, in
 * order, then the others as `--name=value` (kwarg_op `--`); unset values are left out.
 */
export function scriptArguments(
  parameters: Record<string, { position?: unknown }>,
  values: Record<string, unknown>,
): string[] {
  const positional = Object.entries(parameters)
    .filter(([, p]) => typeof p.position === 'number')
    .sort((a, b) => (a[1].position as number) - (b[1].position as number))
    .map(([name]) => name);
  const args: string[] = [];
  for (const name of positional)
    if (values[name] !== undefined && values[name] !== null) args.push(argText(values[name]));
  for (const [name, value] of Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (positional.includes(name) || value === undefined || value === null) continue;
    args.push(`--${name}=${argText(value)}`);
  }
  return args;
}

export function runScript(
  path: string,
  args: string[],
  cwd: string,
  env: Record<string, string | undefined>,
  timeoutSeconds: number,
): Promise<ActionOutcome> {
  let executable = true;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    executable = false;
  }
  return runProcess({
    argv: executable ? [path, ...args] : ['/bin/sh', path, ...args],
    cwd,
    env,
    timeoutSeconds,
  });
}

export interface HttpParams {
  url: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

/** An HTTP request as core.http makes it: a status of 400 or more fails the action. */
export async function httpRequest(params: HttpParams): Promise<ActionOutcome> {
  const method = (params.method ?? 'GET').toUpperCase();
  const body =
    params.body === undefined || params.body === null
      ? undefined
      : typeof params.body === 'string'
        ? params.body
        : JSON.stringify(params.body);
  try {
    const response = await fetch(params.url, {
      method,
      headers: params.headers ?? {},
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout((params.timeout ?? 60) * 1000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the body stays text, as StackStorm leaves it.
    }
    const ok = response.status < 400;
    return {
      status: ok ? 'succeeded' : 'failed',
      result: {
        status_code: response.status,
        body: parsed,
        headers: Object.fromEntries(response.headers.entries()),
      },
    };
  } catch (error) {
    return { status: 'failed', result: { error: error instanceof Error ? error.message : String(error) } };
  }
}

export function pause(seconds: number): Promise<ActionOutcome> {
  return new Promise((resolve) =>
    setTimeout(() => resolve({ status: 'succeeded', result: null }), seconds * 1000),
  );
}
