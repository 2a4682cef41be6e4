import type { Context } from 'hono';
import { RegistryError } from '../core/errors.js';
import type { AppEnv } from './app-env.js';

/** Requests allowed per minute; 0 turns a limit off. */
export interface RateLimits {
  /** Failed authentications per client address (guessing tokens). */
  authFailures: number;
  /** Publishes per user. */
  publishes: number;
  /** Searches per client address (the most expensive read). */
  searches: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimits> = Object.freeze({
  authFailures: 20,
  publishes: 60,
  searches: 600,
});

const WINDOW_MS = 60_000;
/** Past this many keys, expired windows are swept on the next hit. */
const SWEEP_AT = 10_000;

interface Window {
  count: number;
  endsAt: number;
}

/**
 * Fixed one-minute windows counted in this process's memory. Several servers behind one balancer
 * each count their own share: the effective limit is the setting times the number of servers.
 */
export interface RateLimiter {
  /** Throws RATE_LIMITED (429, Retry-After) when `key` has used its `limit` this window. */
  check(key: string, limit: number, what: string): void;
  /** Counts one use of `key`; throws RATE_LIMITED when that goes over `limit`. */
  hit(key: string, limit: number, what: string): void;
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, Window>();
  const current = (key: string): Window => {
    const time = now();
    let window = windows.get(key);
    if (!window || window.endsAt <= time) {
      if (windows.size >= SWEEP_AT) {
        for (const [other, entry] of windows) if (entry.endsAt <= time) windows.delete(other);
      }
      window = { count: 0, endsAt: time + WINDOW_MS };
      windows.set(key, window);
    }
    return window;
  };
  const refuse = (window: Window, limit: number, what: string) =>
    new RegistryError('RATE_LIMITED', `Too many ${what}: at most ${limit} a minute`, {
      retryAfter: Math.max(1, Math.ceil((window.endsAt - now()) / 1000)),
      hint: 'Wait for the time in the Retry-After header, then try again.',
    });
  return {
    check(key, limit, what) {
      if (limit <= 0) return;
      const window = current(key);
      if (window.count >= limit) throw refuse(window, limit, what);
    },
    hit(key, limit, what) {
      if (limit <= 0) return;
      const window = current(key);
      window.count++;
      if (window.count > limit) throw refuse(window, limit, what);
    },
  };
}

/** The client's address as the socket sees it (`local` for in-process requests). */
export function clientAddress(c: Context<AppEnv>): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
