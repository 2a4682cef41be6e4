import type { Change, FileDiff, Weight } from '../../../core/diff/index.js';
import { RegistryError } from '../../../core/errors.js';
import { effectiveBump } from '../../../core/semver-rules.js';
import { diffWorkflowGraphs } from '../../../core/workflow-graph.js';
import { diffVersions } from '../../../services/diff.js';
import { Badge, ErrorBox, packageHref, TableHead } from '../components.js';
import { WorkflowGraphSvg } from '../graph-svg.js';
import { renderPage } from '../page.js';
import type { PageHandler } from '../web-page.js';

function DiffForm(props: { from?: string | undefined; to?: string | undefined }) {
  return (
    <form class="filters card" action="/diff" method="get">
      <label>
        From
        <input name="from" value={props.from ?? ''} placeholder="@acme/disk-full@1.0.0" size={30} />
      </label>
      <label>
        To
        <input name="to" value={props.to ?? ''} placeholder="@acme/disk-full@1.1.0" size={30} />
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

function subjectOf(change: Change): string {
  const where =
    change.subject.type === 'manifest' ? 'manifest' : `${change.subject.type} ${change.subject.name}`;
  return change.path ? `${where} · ${change.path}` : where;
}

function TextDiff(props: { file: FileDiff }) {
  const { file } = props;
  const stat = file.binary
    ? 'binary'
    : file.tooLarge
      ? 'too large to show'
      : `+${file.added} −${file.removed}`;
  return (
    <details class="diff-file">
      <summary>
        {file.path} <span class="muted small">{`${file.status}, ${stat}`}</span>
      </summary>
      {file.hunks.length > 0 ? (
        <pre class="diff-lines">
          {file.hunks.map((hunk) => (
            <>
              <span class="hunk">{`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`}</span>
              {hunk.lines.map((line) => (
                <span
                  class={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : undefined}
                >{`${line}\n`}</span>
              ))}
            </>
          ))}
        </pre>
      ) : null}
    </details>
  );
}

const WEIGHTS: Weight[] = ['major', 'minor', 'patch'];

/**
 * GET /diff?from=@a/x@1.0.0&to=@b/y@2.0.0 — the semantic changes with their weights and the bump
 * they require, each workflow's graph with what was added, removed and changed coloured, and the
 * text diff folded below. Both sides are resolved and checked by the diff service, as /v1/diff.
 */
export const diffPage: PageHandler = async (c, deps, viewer) => {
  const from = c.req.query('from');
  const to = c.req.query('to');
  if (!from && !to) {
    return renderPage(
      c,
      { title: 'Compare versions', viewer },
      <>
        <h1>Compare two versions</h1>
        <p class="muted">Two versions of a package, or the same pattern from two organisations.</p>
        <DiffForm />
      </>,
    );
  }
  let result: Awaited<ReturnType<typeof diffVersions>>;
  try {
    result = await diffVersions(deps, viewer.actor, from, to, { sides: true });
  } catch (error) {
    if (!(error instanceof RegistryError) || error.status === 404) throw error;
    return renderPage(
      c,
      { title: 'Compare versions', viewer, status: error.status },
      <>
        <h1>Compare two versions</h1>
        <ErrorBox message={error.message} hint={error.hint} />
        <DiffForm from={from} to={to} />
      </>,
    );
  }
  const { diff, sides } = result;
  let bump = diff.requiredBump;
  try {
    bump = effectiveBump(diff.requiredBump, diff.from.version);
  } catch {
    // A side without a readable version: the bump as the changes weigh it.
  }
  const graphs = diffWorkflowGraphs(sides![0], sides![1], diff.changes, {
    maxAliases: deps.limits.maxYamlAliases,
  });
  const touched = graphs.filter(
    ({ graph }) =>
      graph.nodes.some((n) => n.status !== 'same') || graph.edges.some((e) => e.status !== 'same'),
  );
  const untouched = graphs.filter((entry) => !touched.includes(entry));
  const label = (side: typeof diff.from) => `${side.name}@${side.version}`;
  return renderPage(
    c,
    { title: `${label(diff.from)} → ${label(diff.to)}`, viewer },
    <>
      <h1>
        <a href={packageHref(diff.from.name, diff.from.version)}>{label(diff.from)}</a> →{' '}
        <a href={packageHref(diff.to.name, diff.to.version)}>{label(diff.to)}</a>
      </h1>
      <DiffForm from={from} to={to} />
      <section class="card" aria-labelledby="bump">
        <h2 id="bump">Required bump</h2>
        <p>
          {bump === 'none' ? (
            'No semantic change: any new version will do.'
          ) : (
            <>
              These changes need a <Badge kind={bump}>{bump}</Badge> version bump
              {bump !== diff.requiredBump
                ? ` (a ${diff.requiredBump} change, one level lower under 1.0.0)`
                : ''}
              .
            </>
          )}
        </p>
        <p class="small">{WEIGHTS.map((weight) => `${diff.summary[weight]} ${weight}`).join(' · ')}</p>
      </section>
      <section aria-labelledby="changes">
        <h2 id="changes">Changes</h2>
        {diff.changes.length === 0 ? (
          <p class="muted">No semantic change.</p>
        ) : (
          <table>
            <TableHead columns={['weight', 'where', 'change']} />
            <tbody>
              {diff.changes.map((change) => (
                <tr>
                  <td>
                    <Badge kind={change.weight} />
                  </td>
                  <td class="small">
                    <code>{subjectOf(change)}</code>
                  </td>
                  <td>{change.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {touched.length > 0 ? (
        <section aria-labelledby="graphs">
          <h2 id="graphs">Workflow graphs</h2>
          <p class="legend">
            <span class="l-added">added</span>
            <span class="l-removed">removed</span>
            <span class="l-changed">changed</span>
          </p>
          {touched.map(({ name, graph }, index) => (
            <div class="card">
              <h3>{name}</h3>
              <WorkflowGraphSvg graph={graph} id={`diff${index}`} title={`Changes to workflow ${name}`} />
            </div>
          ))}
        </section>
      ) : null}
      {untouched.length > 0 ? (
        <p class="muted small">
          Workflows whose graph did not change: {untouched.map((entry) => entry.name).join(', ')}
        </p>
      ) : null}
      <section aria-labelledby="text">
        <h2 id="text">Text diff</h2>
        <details>
          <summary>{`${diff.files.length} file${diff.files.length === 1 ? '' : 's'} changed`}</summary>
          {diff.files.map((file) => (
            <TextDiff file={file} />
          ))}
        </details>
      </section>
    </>,
  );
};
