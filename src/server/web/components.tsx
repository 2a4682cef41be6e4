import type { ParameterSpec, SearchResult } from '../../core/types.js';

/** `/packages/@scope/name`, or a version's page. */
export function packageHref(name: string, version?: string): string {
  return version === undefined ? `/packages/${name}` : `/packages/${name}/v/${encodeURIComponent(version)}`;
}

/** A date as people read it in a list (UTC, no time). */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function Badge(props: { kind: string; children?: unknown }) {
  return <span class={`badge ${props.kind}`}>{props.children ?? props.kind}</span>;
}

/** Search results, or any list of packages in the same shape. */
export function PackageList(props: { packages: SearchResult[]; empty: string }) {
  if (props.packages.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <ul class="results">
      {props.packages.map((pkg) => (
        <li>
          <a class="name" href={packageHref(pkg.name)}>
            {pkg.name}
          </a>{' '}
          <span class="muted">{pkg.version}</span>
          <Badge kind={pkg.kind} />
          {pkg.deprecated ? <Badge kind="deprecated" /> : null}
          <div>{pkg.description}</div>
          <div class="muted small">
            {pkg.keywords.length > 0 ? `${pkg.keywords.join(', ')} · ` : ''}
            {pkg.license ? `${pkg.license} · ` : ''}
            {`${pkg.downloads} downloads · published ${day(pkg.publishedAt)}`}
          </div>
        </li>
      ))}
    </ul>
  );
}

function typeOf(spec: ParameterSpec): string {
  if (Array.isArray(spec.type)) return spec.type.join(' | ');
  return spec.type ?? 'any';
}

/** A table's column headings. */
export function TableHead(props: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((column) => (
          <th scope="col">{column}</th>
        ))}
      </tr>
    </thead>
  );
}

/** Parameters of an action or workflow: type, required, default, secret. */
export function ParametersTable(props: { parameters: Record<string, ParameterSpec>; caption: string }) {
  const entries = Object.entries(props.parameters);
  if (entries.length === 0) return <p class="muted small">No parameters.</p>;
  return (
    <table>
      <caption class="muted small">{props.caption}</caption>
      <TableHead columns={['parameter', 'type', 'required', 'default', 'description']} />
      <tbody>
        {entries.map(([name, spec]) => (
          <tr>
            <td>
              <code>{name}</code>
              {spec.secret ? <Badge kind="private">secret</Badge> : null}
            </td>
            <td>{typeOf(spec)}</td>
            <td>{spec.required ? 'yes' : 'no'}</td>
            <td>{spec.default === undefined ? '' : <code>{JSON.stringify(spec.default)}</code>}</td>
            <td>{spec.description ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The filters of `/search`, each one of `/v1/search`'s. */
export function SearchFilters(props: { query: Record<string, string | undefined> }) {
  const q = props.query;
  return (
    <form class="filters card" action="/search" method="get">
      <label>
        Words
        <input type="search" name="q" value={q.q ?? ''} />
      </label>
      <label>
        Kind
        <select name="kind">
          <option value="" selected={!q.kind}>
            any
          </option>
          <option value="pattern" selected={q.kind === 'pattern'}>
            pattern
          </option>
          <option value="action" selected={q.kind === 'action'}>
            action
          </option>
        </select>
      </label>
      <label>
        Scope
        <input name="scope" value={q.scope ?? ''} placeholder="acme" size={12} />
      </label>
      <label>
        Keyword
        <input name="keyword" value={q.keyword ?? ''} size={12} />
      </label>
      <label>
        Uses action
        <input name="uses" value={q.uses ?? ''} placeholder="@community/linux.check_disk" size={28} />
      </label>
      <button type="submit">Search</button>
    </form>
  );
}

/** A problem explained on a page: what went wrong and what to do. */
export function ErrorBox(props: { message: string; hint?: string | undefined }) {
  return (
    <div class="error" role="alert">
      <p>{props.message}</p>
      {props.hint ? <p class="small">{props.hint}</p> : null}
    </div>
  );
}
