import type { Context, Handler } from 'hono';
import { ERROR_CODES, RegistryError } from '../../core/errors.js';
import type { ServiceDeps } from '../../services/services.js';
import type { AppEnv } from '../app-env.js';
import { ErrorBox } from './components.js';
import { renderPage, type Viewer } from './page.js';
import { loadViewer } from './session.js';

export type PageHandler = (
  c: Context<AppEnv>,
  deps: ServiceDeps,
  viewer: Viewer,
) => Response | Promise<Response>;

const ANONYMOUS: Viewer = { actor: null, csrf: null };

/**
 * An error as a page: "not found" for every 404 (a private package one may not see included, as
 * the API answers), the message and hint for other refusals, and a generic sentence with the
 * request id for anything unexpected — never a stack trace.
 */
export function errorPage(c: Context<AppEnv>, error: unknown, viewer: Viewer = ANONYMOUS) {
  const requestId = c.get('requestId') ?? '';
  if (error instanceof RegistryError && error.status === 404) {
    return renderPage(
      c,
      { title: 'Not found', viewer, status: 404 },
      <>
        <h1>Not found</h1>
        <ErrorBox message={error.message} />
        <p>
          <a href="/">Search the registry</a> for what you are looking for.
        </p>
      </>,
    );
  }
  if (error instanceof RegistryError && error.status < 500) {
    const title = ERROR_CODES[error.code].title;
    return renderPage(
      c,
      { title, viewer, status: error.status },
      <>
        <h1>{title}</h1>
        <ErrorBox message={error.message} hint={error.hint} />
      </>,
    );
  }
  return renderPage(
    c,
    { title: 'Something went wrong', viewer, status: 500 },
    <>
      <h1>Something went wrong</h1>
      <ErrorBox message="The registry failed to answer this request." hint={`Request id: ${requestId}`} />
    </>,
  );
}

/**
 * A page route: the viewer (bearer token or session cookie) loaded first, the registry's own
 * errors answered as pages. Anything else goes on to the app's error handler, which logs it and
 * answers a page too (see `isPagePath`).
 */
export function page(deps: ServiceDeps, handler: PageHandler): Handler<AppEnv> {
  return async (c) => {
    let viewer = ANONYMOUS;
    try {
      viewer = await loadViewer(c, deps);
      return await handler(c, deps, viewer);
    } catch (error) {
      if (error instanceof RegistryError) return errorPage(c, error, viewer);
      throw error;
    }
  };
}
