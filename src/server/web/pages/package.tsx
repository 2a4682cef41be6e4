import { raw } from 'hono/html';
import semver from 'semver';
import { filesPath } from '../../../core/api-paths.js';
import { isWorkflowFile } from '../../../core/package-docs.js';
import type { PackumentVersion } from '../../../core/types.js';
import { readPackageView } from '../../../services/read-package.js';
import { packageParams } from '../../request.js';
import { Badge, day, ParametersTable, packageHref } from '../components.js';
import { cachedGraphSvg, isGraphCached } from '../graph-svg.js';
import { renderReadme } from '../markdown.js';
import { renderPage } from '../page.js';
import type { PageHandler } from '../web-page.js';
import { graphOfFile } from '../workflow-docs.js';
import { TestSummary } from './test-summary.js';

function VersionMarks(props: { version: PackumentVersion | undefined }) {
  if (!props.version) return null;
  return (
    <>
      {props.version.yanked ? <Badge kind="yanked" /> : null}
      {props.version.deprecated ? <Badge kind="deprecated" /> : null}
    </>
  );
}

/**
 * GET /packages/@scope/name and /packages/@scope/name/v/VERSION (a dist-tag works too): the
 * README, versions, tags, dependencies and dependents, each action's parameters and each workflow
 * drawn as a graph. A private package the viewer may not read is a 404, as in the API.
 */
export const packagePage: PageHandler = async (c, deps, viewer) => {
  const { scope, name } = packageParams(c);
  // A workflow already drawn for this (immutable) version needs no reading.
  const view = await readPackageView(
    deps,
    viewer.actor,
    scope,
    name,
    c.req.param('version'),
    (path, integrity) => isWorkflowFile(path) && !isGraphCached(`${integrity}:${path}`),
  );
  const { document: doc, dependents } = view;
  const ordered = Object.values(doc.versions).sort((a, b) => semver.rcompare(a.version, b.version));
  if (!view.version) {
    return renderPage(
      c,
      { title: doc.name, viewer },
      <>
        <h1>{doc.name}</h1>
        <p>{doc.description}</p>
        <p class="muted">Every version of this package was removed.</p>
      </>,
    );
  }
  const version = view.version;
  const entry = doc.versions[version.version];
  const manifest = version.manifest;
  const filesBase = filesPath(doc.name, version.version);
  const isLatest = doc.latest === version.version;
  const install = `patternhub install ${doc.name}${isLatest ? '' : `@${version.version}`}`;
  const tagsOf = (v: string) => Object.entries(doc.distTags).filter(([, tagged]) => tagged === v);
  const previous = (v: string) => ordered[ordered.findIndex((o) => o.version === v) + 1]?.version;
  const tests = (version as { tests?: unknown }).tests;
  const repository =
    manifest.repository && /^https?:\/\//.test(manifest.repository) ? manifest.repository : undefined;

  return renderPage(
    c,
    { title: `${doc.name}@${version.version}`, viewer },
    <>
      <h1>
        {doc.name} <span class="muted">{version.version}</span>
        <Badge kind={doc.kind} />
        {doc.access === 'private' ? <Badge kind="private" /> : null}
        <VersionMarks version={entry} />
      </h1>
      <p>{manifest.description}</p>
      {version.deprecated ? <p class="error">Deprecated: {version.deprecated}</p> : null}
      {version.yanked ? (
        <p class="error">This version was yanked: installs skip it unless a lockfile names it.</p>
      ) : null}
      <div class="cols">
        <div>
          <section aria-labelledby="install">
            <h2 id="install">Install</h2>
            <pre>
              <code>{install}</code>
            </pre>
          </section>
          {tests !== undefined && tests !== null ? <TestSummary tests={tests} /> : null}
          {version.contents.workflows.length > 0 ? (
            <section aria-labelledby="workflows">
              <h2 id="workflows">Workflows</h2>
              {version.contents.workflows.map((workflow, index) => {
                const svg = cachedGraphSvg(
                  `${version.integrity}:${workflow.file}`,
                  () => graphOfFile(view.files, workflow.file, deps.limits),
                  { id: `wf${index}`, title: `Workflow ${workflow.name}` },
                );
                return (
                  <div class="card">
                    <h3 id={`workflow-${index}`}>{workflow.name}</h3>
                    {workflow.description ? <p>{workflow.description}</p> : null}
                    {svg ? raw(svg) : <p class="muted">This workflow could not be drawn.</p>}
                    <ParametersTable
                      parameters={workflow.parameters}
                      caption={`Parameters of ${workflow.name}`}
                    />
                    {workflow.output.length > 0 ? (
                      <p class="small">
                        Outputs: <code>{workflow.output.join(', ')}</code>
                      </p>
                    ) : null}
                  </div>
                );
              })}
            </section>
          ) : null}
          {version.contents.actions.length > 0 ? (
            <section aria-labelledby="actions">
              <h2 id="actions">Actions</h2>
              {version.contents.actions.map((action) => (
                <div class="card">
                  <h3>
                    <code>{`${doc.name}.${action.name}`}</code>
                  </h3>
                  {action.description ? <p>{action.description}</p> : null}
                  <p class="small muted">
                    runner {action.runnerType}
                    {action.entryPoint ? `, runs ${action.entryPoint}` : ''}
                  </p>
                  <ParametersTable parameters={action.parameters} caption={`Parameters of ${action.name}`} />
                  {action.outputSchema ? (
                    <p class="small">
                      Output: <code>{Object.keys(action.outputSchema).join(', ')}</code>
                    </p>
                  ) : null}
                </div>
              ))}
            </section>
          ) : null}
          <section aria-labelledby="readme">
            <h2 id="readme">README</h2>
            {view.readme ? (
              <div
                class="card readme"
                dangerouslySetInnerHTML={{ __html: renderReadme(view.readme, filesBase) }}
              />
            ) : (
              <p class="muted">No README.</p>
            )}
          </section>
        </div>
        <aside>
          <section class="card" aria-labelledby="facts">
            <h2 id="facts">About</h2>
            <dl class="facts">
              <dt>Published</dt>
              <dd>{day(version.publishedAt)}</dd>
              <dt>Licence</dt>
              <dd>{manifest.license ?? 'none given'}</dd>
              {repository ? (
                <>
                  <dt>Repository</dt>
                  <dd>
                    <a href={repository} rel="nofollow noopener noreferrer">
                      {repository}
                    </a>
                  </dd>
                </>
              ) : null}
              <dt>Downloads</dt>
              <dd>{doc.downloads}</dd>
              <dt>Size</dt>
              <dd>{`${version.size} bytes, ${version.files.length} files`}</dd>
              <dt>Scope</dt>
              <dd>
                <a href={`/orgs/${doc.scope}`}>@{doc.scope}</a>
              </dd>
              {doc.keywords.length > 0 ? (
                <>
                  <dt>Keywords</dt>
                  <dd>
                    {doc.keywords.map((keyword, index) => (
                      <>
                        {index > 0 ? ', ' : ''}
                        <a href={`/search?keyword=${encodeURIComponent(keyword)}`}>{keyword}</a>
                      </>
                    ))}
                  </dd>
                </>
              ) : null}
            </dl>
          </section>
          <section class="card" aria-labelledby="dependencies">
            <h2 id="dependencies">Dependencies</h2>
            {Object.keys(version.dependencies).length === 0 ? (
              <p class="muted small">None.</p>
            ) : (
              <ul>
                {Object.entries(version.dependencies).map(([dep, range]) => (
                  <li>
                    <a href={packageHref(dep)}>{dep}</a> <code>{range}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-labelledby="dependents">
            <h2 id="dependents">Dependents</h2>
            {dependents.length === 0 ? (
              <p class="muted small">None that you can see.</p>
            ) : (
              <ul>
                {dependents.map((dependent) => (
                  <li>
                    <a href={packageHref(dependent.name)}>{dependent.name}</a> <code>{dependent.range}</code>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section class="card" aria-labelledby="versions">
            <h2 id="versions">Versions</h2>
            <table>
              <tbody>
                {ordered.map((v) => {
                  const before = previous(v.version);
                  return (
                    <tr>
                      <td>
                        {v.version === version.version ? (
                          <strong>{v.version}</strong>
                        ) : (
                          <a href={packageHref(doc.name, v.version)}>{v.version}</a>
                        )}
                        {tagsOf(v.version).map(([tag]) => (
                          <Badge kind="tag">{tag}</Badge>
                        ))}
                        <VersionMarks version={v} />
                      </td>
                      <td class="small">{day(v.publishedAt)}</td>
                      <td class="small">
                        {before ? (
                          <a
                            href={`/diff?${new URLSearchParams({ from: `${doc.name}@${before}`, to: `${doc.name}@${v.version}` })}`}
                            aria-label={`Changes from ${before} to ${v.version}`}
                          >
                            changes
                          </a>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {doc.removed.length > 0 ? <p class="muted small">Removed: {doc.removed.join(', ')}</p> : null}
          </section>
        </aside>
      </div>
    </>,
  );
};
