import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Actor } from '../../services/actor.js';
import type { AppEnv } from '../app-env.js';
import { STYLES, STYLES_HASH } from './styles.js';

/** Who is looking at a page, for its header: the signed-in person and their sign-out form token. */
export interface Viewer {
  actor: Actor | null;
  /** The session's form token; null when the person is not signed in through a session. */
  csrf: string | null;
}

/**
 * No script at all, styles only from our own stylesheet, images from here or https, forms only to
 * here, never framed: a README that slipped past the sanitiser still could not run anything.
 */
const CSP = [
  "default-src 'none'",
  `style-src ${STYLES_HASH}`,
  "img-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function Layout(props: { title: string; viewer: Viewer; query?: string | undefined; children?: Child }) {
  const { actor, csrf } = props.viewer;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Patternhub`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            Patternhub
          </a>
          <search class="search">
            <form class="search" action="/search" method="get">
              <input
                type="search"
                name="q"
                value={props.query ?? ''}
                placeholder="Search patterns and actions"
                aria-label="Search patterns and actions"
              />
              <button type="submit">Search</button>
            </form>
          </search>
          <div class="who">
            {actor ? (
              <>
                <span>
                  Signed in as <strong>{actor.username}</strong>
                </span>
                {csrf ? (
                  <form action="/sign-out" method="post">
                    <input type="hidden" name="csrf" value={csrf} />
                    <button class="link" type="submit">
                      Sign out
                    </button>
                  </form>
                ) : null}
              </>
            ) : (
              <a href="/sign-in">Sign in</a>
            )}
          </div>
        </header>
        <main id="main">{props.children}</main>
      </body>
    </html>
  );
}

/** Answers a page: the layout around `body`, with the headers every page carries. */
export function renderPage(
  c: Context<AppEnv>,
  options: { title: string; viewer: Viewer; status?: number; query?: string | undefined },
  body: Child,
): Response | Promise<Response> {
  c.header('content-security-policy', CSP);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'same-origin');
  c.header('x-frame-options', 'DENY');
  // A page may show private packages to its viewer: never stored by a shared cache.
  c.header('cache-control', options.viewer.actor ? 'private, no-store' : 'private, no-cache');
  c.header('vary', 'Cookie, Authorization');
  c.status((options.status ?? 200) as 200);
  return c.html(
    <>
      {raw('<!doctype html>')}
      <Layout title={options.title} viewer={options.viewer} query={options.query}>
        {body}
      </Layout>
    </>,
  );
}
