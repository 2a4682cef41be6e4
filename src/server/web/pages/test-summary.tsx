import { Badge } from '../components.js';

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The version's test-result summary (the `tests` field of the version document, written when the
 * registry runs a pattern's tests at publish): counts when it has them, each case when it lists
 * them, and the document itself otherwise, so nothing it says is hidden.
 */
export function TestSummary(props: { tests: unknown }) {
  const tests = props.tests as Record<string, unknown>;
  const passed = count(tests?.passed);
  const failed = count(tests?.failed);
  const total =
    count(tests?.total) ?? (passed !== undefined && failed !== undefined ? passed + failed : undefined);
  const cases = Array.isArray(tests?.cases) ? (tests.cases as Array<Record<string, unknown>>) : [];
  return (
    <section aria-labelledby="tests">
      <h2 id="tests">Tests</h2>
      {passed !== undefined || failed !== undefined ? (
        <p>
          {failed ? <Badge kind="major">failing</Badge> : <Badge kind="patch">passing</Badge>}{' '}
          {`${passed ?? 0} passed${failed ? `, ${failed} failed` : ''}${total !== undefined ? ` of ${total}` : ''}`}
        </p>
      ) : null}
      {cases.length > 0 ? (
        <ul>
          {cases.map((entry) => (
            <li>
              {String(entry.name ?? entry.file ?? 'case')}:{' '}
              {String(entry.status ?? (entry.ok ? 'passed' : 'failed'))}
            </li>
          ))}
        </ul>
      ) : null}
      {passed === undefined && failed === undefined && cases.length === 0 ? (
        <pre>
          <code>{JSON.stringify(props.tests, null, 2)}</code>
        </pre>
      ) : null}
    </section>
  );
}
