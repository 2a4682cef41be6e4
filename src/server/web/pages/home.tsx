import { recentlyPublished, searchPackages } from '../../../services/search.js';
import { parseSearchRequest } from '../../../services/search-query.js';
import { PackageList, SearchFilters } from '../components.js';
import { renderPage } from '../page.js';
import type { PageHandler } from '../web-page.js';

const LISTED = 10;

/** GET / — a search box, the most recently published and the most downloaded packages. */
export const homePage: PageHandler = async (c, deps, viewer) => {
  // No words: search ranks by downloads, then recency (the same ranking as /v1/search).
  const popular = searchPackages(deps.db, viewer.actor, parseSearchRequest({ perPage: String(LISTED) }));
  const recent = recentlyPublished(deps.db, viewer.actor, LISTED);
  const [top, latest] = await Promise.all([popular, recent]);
  return renderPage(
    c,
    { title: 'Operations patterns', viewer },
    <>
      <h1>Find an operations pattern</h1>
      <p class="muted">
        Workflows you can read and run, and the actions they call. Try <a href="/search?q=disk">disk</a>,{' '}
        <a href="/search?kind=action">every action</a> or <code>uses @community/linux.check_disk</code>.
      </p>
      <SearchFilters query={{}} />
      <div class="halves">
        <section class="card" aria-labelledby="recent">
          <h2 id="recent">Recently published</h2>
          <PackageList packages={latest} empty="Nothing published yet." />
        </section>
        <section class="card" aria-labelledby="popular">
          <h2 id="popular">Most downloaded</h2>
          <PackageList packages={top.results} empty="Nothing published yet." />
        </section>
      </div>
    </>,
  );
};
