import type { Context } from 'hono';
import { RegistryError } from '../../core/errors.js';
import type { ServiceDeps } from '../../services/services.js';
import type { App, AppEnv } from '../app-env.js';
import { diffPage } from './pages/diff.js';
import { homePage } from './pages/home.js';
import { orgPage } from './pages/org.js';
import { packagePage } from './pages/package.js';
import { searchPage } from './pages/search.js';
import { signInPage, signInPost, signOutPost } from './pages/sign-in.js';
import { errorPage, page } from './web-page.js';

/**
 * The web pages, served by the registry at `/` (the JSON API stays under `/v1`). Server-rendered
 * with hono's JSX, no script; each page calls the same services as the JSON routes.
 */
export function registerWebPages(app: App, deps: ServiceDeps): void {
  app.get('/', page(deps, homePage));
  app.get('/search', page(deps, searchPage));
  app.get('/packages/:scope/:name', page(deps, packagePage));
  app.get('/packages/:scope/:name/v/:version', page(deps, packagePage));
  app.get('/diff', page(deps, diffPage));
  app.get('/orgs/:org', page(deps, orgPage));
  app.get('/sign-in', page(deps, signInPage));
  app.post('/sign-in', page(deps, signInPost));
  app.post('/sign-out', page(deps, signOutPost));
}

/** Whether a path is a page's (answered in HTML) rather than the JSON API's (`/v1/…`, or a later `/v2/…`). */
export function isPagePath(path: string): boolean {
  return !/^\/v\d+(\/|$)/.test(path);
}

/** The 404 page for a path no page or route serves. */
export function notFoundPage(c: Context<AppEnv>) {
  return errorPage(c, new RegistryError('NOT_FOUND', `There is no page at ${c.req.path}`));
}

export { errorPage };
