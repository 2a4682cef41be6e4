import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { RegistryError } from '../../core/errors.js';
import type { ServiceDeps } from '../../services/services.js';
import { readSession } from '../../services/sessions.js';
import type { AppEnv } from '../app-env.js';
import type { Viewer } from './page.js';

/**
 * Web sessions. The cookie holds a random session id (the database keeps its hash and the id of the
 * token the person signed in with, never the token), HttpOnly and SameSite=Lax, Secure over https.
 * Forms carry a CSRF token: the session's own once signed in; before that (the sign-in form) a
 * random value also set in a SameSite=Strict cookie (double submit). Every POST also has to come
 * from this site (Origin / Sec-Fetch-Site). Cookies are read by the pages only: the JSON API
 * takes bearer tokens alone, so no cross-site request can act through a browser's cookie there.
 */
export const SESSION_COOKIE = 'ph_session';
export const CSRF_COOKIE = 'ph_csrf';

function isSecure(c: Context<AppEnv>): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** The viewer of a page: a bearer token's actor (set by the app), else the session cookie's. */
export async function loadViewer(c: Context<AppEnv>, deps: ServiceDeps): Promise<Viewer> {
  const bearer = c.get('actor');
  if (bearer) return { actor: bearer, csrf: null };
  const id = getCookie(c, SESSION_COOKIE);
  if (!id) return { actor: null, csrf: null };
  const session = await readSession(deps.db, id, deps.now());
  if (!session) {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return { actor: null, csrf: null };
  }
  c.set('actor', session.actor);
  return { actor: session.actor, csrf: session.csrf };
}

export function setSessionCookie(c: Context<AppEnv>, id: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isSecure(c),
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isSecure(c) });
}

/** The sign-in form's token: the one in its cookie, or a new one (set in the cookie). */
export function anonymousCsrf(c: Context<AppEnv>): string {
  const existing = getCookie(c, CSRF_COOKIE);
  if (existing && /^[\w-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(c, CSRF_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c),
    maxAge: 2 * 60 * 60,
  });
  return token;
}

export function clearAnonymousCsrf(c: Context<AppEnv>): void {
  deleteCookie(c, CSRF_COOKIE, { path: '/', secure: isSecure(c) });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Refuses a form post from another site: an Origin other than this host, a browser's
 * Sec-Fetch-Site of cross-site, or a form token that does not match `expected`.
 */
export function checkFormPost(c: Context<AppEnv>, submitted: unknown, expected: string | null): void {
  const origin = c.req.header('origin');
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  let sameOrigin = true;
  if (origin !== undefined) {
    try {
      sameOrigin = new URL(origin).host === host;
    } catch {
      sameOrigin = false;
    }
  }
  const site = c.req.header('sec-fetch-site');
  if (!sameOrigin || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    throw new RegistryError('FORBIDDEN', 'This form was sent from another site');
  }
  if (typeof submitted !== 'string' || expected === null || !sameText(submitted, expected)) {
    throw new RegistryError('FORBIDDEN', 'The form has expired or was not sent from this site', {
      hint: 'Reload the page and try again.',
    });
  }
}
