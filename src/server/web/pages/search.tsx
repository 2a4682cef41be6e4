import { RegistryError } from '../../../core/errors.js';
import { parseSearchRequest, searchPackages } from '../../../services/search.js';
import { ErrorBox, PackageList, SearchFilters } from '../components.js';
import { renderPage } from '../page.js';
import type { PageHandler } from '../web-page.js';

/** The same parameters as /v1/search, with the page number changed. */
function pageHref(query: Record<string, string>, page: number): string {
  const params = new URLSearchParams({ ...query, page: String(page) });
  return `/search?${params}`;
}

/**
 * GET /search?q=&kind=&scope=&keyword=&uses=&license=&deprecated=&page=&perPage= — the JSON
 * search's parameters and ranking, as a page. A malformed query is explained, with the form.
 */
export const searchPage: PageHandler = async (c, deps, viewer) => {
  const query = c.req.query();
  let request: ReturnType<typeof parseSearchRequest>;
  try {
    request = parseSearchRequest(query);
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return renderPage(
      c,
      { title: 'Search', viewer, status: error.status, query: query.q },
      <>
        <h1>Search</h1>
        <ErrorBox message={error.message} hint={error.hint} />
        <SearchFilters query={query} />
      </>,
    );
  }
  const answer = await searchPackages(deps.db, viewer.actor, request);
  const pages = Math.max(1, Math.ceil(answer.total / answer.perPage));
  const summary = answer.totalExact ? `${answer.total}` : `more than ${answer.total}`;
  return renderPage(
    c,
    { title: query.q ? `${query.q} · search` : 'Search', viewer, query: query.q },
    <>
      <h1>Search</h1>
      <SearchFilters query={query} />
      {answer.query.corrections.length > 0 ? (
        <p>
          Also searched for{' '}
          {answer.query.corrections.map((fix) => `${fix.to.join(' or ')} (for "${fix.from}")`).join(', ')}.
        </p>
      ) : null}
      {answer.query.relaxed ? (
        <p class="muted">No package has every word: showing those with any of them.</p>
      ) : null}
      <section class="card" aria-label="Results">
        <p class="muted small" role="status">
          {`${summary} result${answer.total === 1 ? '' : 's'}${pages > 1 ? `, page ${answer.page} of ${answer.totalExact ? pages : `${pages}+`}` : ''}`}
        </p>
        <PackageList
          packages={answer.results}
          empty="No package matches. Try fewer words or other filters."
        />
      </section>
      <nav class="pages" aria-label="Pages">
        {answer.page > 1 ? (
          <a href={pageHref(query, answer.page - 1)} rel="prev">
            ← Previous
          </a>
        ) : null}
        {answer.page * answer.perPage < answer.total || !answer.totalExact ? (
          answer.results.length === answer.perPage ? (
            <a href={pageHref(query, answer.page + 1)} rel="next">
              Next →
            </a>
          ) : null
        ) : null}
      </nav>
    </>,
  );
};
