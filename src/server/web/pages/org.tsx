import { getOrg } from '../../../services/orgs.js';
import { parseSearchRequest, searchPackages } from '../../../services/search.js';
import { scopeName } from '../../request.js';
import { PackageList } from '../components.js';
import { renderPage } from '../page.js';
import type { PageHandler } from '../web-page.js';

/**
 * GET /orgs/NAME — an organisation (or a user's personal scope) and its packages: the public ones
 * for everyone, the private ones for its members too (search's visibility), members for members.
 */
export const orgPage: PageHandler = async (c, deps, viewer) => {
  const name = scopeName(c.req.param('org') ?? '');
  const org = await getOrg(deps.db, viewer.actor, name);
  const listed = await searchPackages(
    deps.db,
    viewer.actor,
    parseSearchRequest({ scope: org.name, perPage: '100', page: c.req.query('page') }),
  );
  return renderPage(
    c,
    { title: `@${org.name}`, viewer },
    <>
      <h1>
        @{org.name} {org.personal ? <span class="muted small">personal scope</span> : null}
      </h1>
      {org.description ? <p>{org.description}</p> : null}
      <section class="card" aria-labelledby="packages">
        <h2 id="packages">Packages</h2>
        <PackageList packages={listed.results} empty="No packages you can see." />
        {listed.total > listed.results.length ? (
          <p class="small">
            <a href={`/search?scope=${org.name}`}>
              All {listed.totalExact ? listed.total : `${listed.total}+`} packages
            </a>
          </p>
        ) : null}
      </section>
      {org.members ? (
        <section class="card" aria-labelledby="members">
          <h2 id="members">Members</h2>
          <ul>
            {org.members.map((member) => (
              <li>
                {member.username} <span class="muted small">{member.role}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>,
  );
};
