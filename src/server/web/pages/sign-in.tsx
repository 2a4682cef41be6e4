import { getCookie } from 'hono/cookie';
import { RegistryError } from '../../../core/errors.js';
import { createSession, endSession } from '../../../services/sessions.js';
import { ErrorBox } from '../components.js';
import { renderPage } from '../page.js';
import {
  anonymousCsrf,
  CSRF_COOKIE,
  checkFormPost,
  clearAnonymousCsrf,
  clearSessionCookie,
  SESSION_COOKIE,
  setSessionCookie,
} from '../session.js';
import type { PageHandler } from '../web-page.js';

/** Where to go after signing in: a path on this site only (never `//host` or a URL). */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) ? value : '/';
}

function SignInForm(props: { csrf: string; next: string }) {
  return (
    <form class="card" action="/sign-in" method="post">
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="next" value={props.next} />
      <p>
        <label for="token">API token</label>
        <br />
        <input id="token" name="token" type="password" autocomplete="off" required size={50} />
      </p>
      <p class="small muted">
        A token from <code>patternhub token create</code> or your first login. The registry keeps a session
        that points at this token (never the token itself); revoking the token ends the session.
      </p>
      <button type="submit">Sign in</button>
    </form>
  );
}

/** GET /sign-in — the form. */
export const signInPage: PageHandler = (c, _deps, viewer) =>
  renderPage(
    c,
    { title: 'Sign in', viewer },
    <>
      <h1>Sign in</h1>
      <SignInForm csrf={anonymousCsrf(c)} next={safeNext(c.req.query('next'))} />
    </>,
  );

/** POST /sign-in — checks the form's origin and token, then the API token; starts a session. */
export const signInPost: PageHandler = async (c, deps, viewer) => {
  const form = await c.req.parseBody();
  checkFormPost(c, form.csrf, getCookie(c, CSRF_COOKIE) ?? null);
  const next = safeNext(form.next);
  const token = typeof form.token === 'string' ? form.token.trim() : '';
  try {
    if (token === '') throw new RegistryError('BAD_REQUEST', 'Enter a token');
    const session = await createSession(deps.db, token, deps.now());
    setSessionCookie(c, session.id, session.expiresAt);
    clearAnonymousCsrf(c);
    return c.redirect(next, 303);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return renderPage(
      c,
      { title: 'Sign in', viewer, status: error.status },
      <>
        <h1>Sign in</h1>
        <ErrorBox message={error.code === 'UNAUTHENTICATED' ? 'That token is not valid.' : error.message} />
        <SignInForm csrf={anonymousCsrf(c)} next={next} />
      </>,
    );
  }
};

/** POST /sign-out — ends the session (its form token and origin checked first). */
export const signOutPost: PageHandler = async (c, deps, viewer) => {
  const form = await c.req.parseBody();
  checkFormPost(c, form.csrf, viewer.csrf);
  const id = getCookie(c, SESSION_COOKIE);
  if (id) await endSession(deps.db, id);
  clearSessionCookie(c);
  return c.redirect('/', 303);
};
