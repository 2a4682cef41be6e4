import { sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import type { VersionRow } from './package-lookup.js';

/** Longest README text indexed: enough for relevance, bounded for tsvector's limits. */
const README_INDEX_CHARS = 60_000;

/** The weighted texts of a package's search document, from its latest version. */
export function searchTexts(row: VersionRow): { a: string; b: string; c: string; d: string } {
  const manifest = row.manifest;
  const [scope = '', name = ''] = manifest.name.slice(1).split('/');
  const names = [scope, name, name.replaceAll('-', ' '), ...(manifest.keywords ?? [])];
  const members: string[] = [];
  for (const action of row.contents.actions) {
    members.push(action.name, action.name.replaceAll(/[_-]/g, ' '), action.description ?? '');
    for (const [param, spec] of Object.entries(action.parameters))
      members.push(param, spec.description ?? '');
  }
  for (const workflow of row.contents.workflows) {
    members.push(workflow.name, workflow.name.replaceAll(/[_-]/g, ' '), workflow.description ?? '');
    for (const [param, spec] of Object.entries(workflow.parameters))
      members.push(param, spec.description ?? '');
    members.push(...workflow.uses);
  }
  return {
    a: names.join(' '),
    b: manifest.description ?? '',
    c: members.filter(Boolean).join(' '),
    d: (row.readme ?? '').slice(0, README_INDEX_CHARS),
  };
}

/**
 * Points the package's listing columns (description, keywords, latest, uses, search vector) at
 * `row`, the version its `latest` tag names. Runs in the publish or dist-tag transaction.
 */
export async function refreshPackageListing(
  executor: Executor,
  packageId: number,
  row: VersionRow,
): Promise<void> {
  const texts = searchTexts(row);
  const uses = [...new Set(row.contents.workflows.flatMap((workflow) => workflow.uses))].sort();
  const keywords = row.manifest.keywords ?? [];
  await executor.execute(sql`
    update packages set
      kind = ${row.manifest.kind},
      description = ${row.manifest.description ?? ''},
      keywords = ${sql`array[${sql.join(
        keywords.map((keyword) => sql`${keyword}`),
        sql`, `,
      )}]::text[]`},
      license = ${row.manifest.license ?? null},
      latest_version = ${row.version},
      uses = ${sql`array[${sql.join(
        uses.map((use) => sql`${use}`),
        sql`, `,
      )}]::text[]`},
      deprecated = ${row.deprecated},
      search_vector =
        setweight(to_tsvector('simple', ${texts.a}), 'A') ||
        setweight(to_tsvector('english', ${texts.a}), 'A') ||
        setweight(to_tsvector('english', ${texts.b}), 'B') ||
        setweight(to_tsvector('english', ${texts.c}), 'C') ||
        setweight(to_tsvector('english', ${texts.d}), 'D'),
      updated_at = now()
    where id = ${packageId}`);
}
