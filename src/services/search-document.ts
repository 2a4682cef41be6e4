import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { queryRows } from '../db/rows.js';
import type { VersionRow } from './package-lookup.js';

/**
 * Longest README text indexed: the overview and usage sections that say what a package is for. A
 * long tail of changelog and reference text would only add weak matches for common words (and
 * width to the row every search reads).
 */
const README_INDEX_CHARS = 8_000;

/** Words shorter or longer than this are not learnt for typo correction (ids, hashes, noise). */
const MIN_WORD = 2;
const MAX_WORD = 40;

/**
 * The texts of a package's search document, by weight:
 * - `name` (A): the name, as written and as words, and the keywords;
 * - `summary` (B): the description and the scope;
 * - `members` (C): names and descriptions of its actions and workflows, and the actions it calls;
 * - `details` (D): parameter names and descriptions, and the start of the README.
 * A match in the name outranks one in the description, which outranks one deep in the README.
 */
export interface SearchTexts {
  name: string;
  summary: string;
  members: string;
  details: string;
}

/** A name or identifier as words: `disk-full_remediation` → `disk full remediation`. */
function asWords(identifier: string): string {
  return identifier.replaceAll(/[_.\-/@]+/g, ' ').trim();
}

/** The weighted texts of a package's search document, from the version its `latest` tag names. */
export function searchTexts(row: VersionRow): SearchTexts {
  const manifest = row.manifest;
  const [scope = '', name = ''] = manifest.name.slice(1).split('/');
  const keywords = manifest.keywords ?? [];
  const members: string[] = [];
  const details: string[] = [];
  const describeParameters = (parameters: Record<string, { description?: string }>) => {
    for (const [param, spec] of Object.entries(parameters))
      details.push(asWords(param), spec.description ?? '');
  };
  for (const action of row.contents.actions) {
    members.push(asWords(action.name), action.description ?? '');
    describeParameters(action.parameters);
  }
  for (const workflow of row.contents.workflows) {
    members.push(asWords(workflow.name), workflow.description ?? '');
    // `@community/linux.check_disk` → `linux check disk`: what the pattern does, in words.
    for (const use of workflow.uses)
      members.push(asWords(use.includes('/') ? use.slice(use.indexOf('/') + 1) : use));
    describeParameters(workflow.parameters);
  }
  details.push((row.readme ?? '').slice(0, README_INDEX_CHARS));
  return {
    name: [name, asWords(name), ...keywords.map((keyword) => `${keyword} ${asWords(keyword)}`)].join(' '),
    summary: `${manifest.description ?? ''} ${scope}`,
    members: members.filter(Boolean).join(' '),
    details: details.filter(Boolean).join(' '),
  };
}

/**
 * Splits text into lower-case words the way search compares them: runs of letters and digits.
 * Used for the vocabulary at publish and for the query words at search, so both sides agree.
 */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * Most words one package teaches typo correction. Each word is a row and a trigram-index entry
 * written in the publish transaction, which on PGlite holds the only connection (health included):
 * 9,000 parameter names took over a second there. Real packages teach a few dozen.
 */
export const MAX_VOCABULARY_WORDS = 1_000;

/**
 * The words a package teaches typo correction: those of its name, keywords, description, members
 * and parameters (not its README: prose is where typos live), in that order of preference up to
 * `MAX_VOCABULARY_WORDS`. Sorted and unique.
 */
export function vocabularyWords(texts: SearchTexts, row: VersionRow): string[] {
  const parameterNames = [...row.contents.actions, ...row.contents.workflows].flatMap((member) =>
    Object.keys(member.parameters).map(asWords),
  );
  const words = new Set<string>();
  for (const text of [texts.name, texts.summary, texts.members, ...parameterNames]) {
    for (const word of wordsOf(text)) {
      if (words.size >= MAX_VOCABULARY_WORDS) return [...words].sort();
      if (word.length >= MIN_WORD && word.length <= MAX_WORD && !/^\p{N}+$/u.test(word)) words.add(word);
    }
  }
  return [...words].sort();
}

/**
 * A text[] as one bind parameter: a PostgreSQL array literal with every element quoted. One
 * parameter whatever the length, so the statement text stays the same for every call (prepared-
 * statement friendly), and a plain cast, which plans far cheaper on PGlite than unnesting JSON.
 */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

/**
 * Moves the vocabulary's package counts from `before` to `after` (the package's old and new words).
 * Sorted, so concurrent publishes lock shared words in the same order and cannot deadlock.
 */
async function updateVocabulary(
  executor: Executor,
  before: readonly string[],
  after: readonly string[],
): Promise<void> {
  const old = new Set(before);
  const next = new Set(after);
  const removed = [...old].filter((word) => !next.has(word)).sort();
  const added = [...next].filter((word) => !old.has(word)).sort();
  if (removed.length > 0) {
    await executor.execute(sql`
      update search_vocabulary set packages = packages - 1 where word = any(${textArray(removed)})`);
    await executor.execute(sql`
      delete from search_vocabulary where word = any(${textArray(removed)}) and packages <= 0`);
  }
  if (added.length > 0) {
    // The lexeme comes from PostgreSQL's own English configuration, the one the search vector uses;
    // a stop word has none and keeps itself (a misspelt stop word then corrects to it, and drops out).
    await executor.execute(sql`
      insert into search_vocabulary (word, lexeme, packages)
      select w.word, coalesce((select t.lexeme from unnest(to_tsvector('english', w.word)) as t limit 1), w.word), 1
      from unnest(${textArray(added)}) with ordinality as w(word, n)
      order by w.n
      on conflict (word) do update set packages = search_vocabulary.packages + 1`);
  }
}

/**
 * The words the package contributes to the vocabulary now: those of the version its listing was
 * built from (`latest_version`, read before the listing moves), when the package is public. Private
 * words never reach the vocabulary, so a correction cannot reveal them. Recomputed from the stored
 * version rather than kept in a column: the packages row stays narrow, which search reads a lot.
 */
async function currentContribution(
  executor: Executor,
  packageId: number,
): Promise<{ words: string[]; isPublic: boolean }> {
  const [current] = await queryRows<{
    access: string;
    manifest: VersionRow['manifest'] | null;
    contents: VersionRow['contents'] | null;
  }>(
    executor,
    sql`
      select p.access, v.manifest, v.contents
      from packages p
      left join versions v on v.package_id = p.id and v.version = p.latest_version
      where p.id = ${packageId}`,
  );
  const isPublic = current?.access === 'public';
  if (!isPublic || !current?.manifest || !current.contents) return { words: [], isPublic };
  const previous = { manifest: current.manifest, contents: current.contents, readme: null } as VersionRow;
  return { words: vocabularyWords(searchTexts(previous), previous), isPublic };
}

/**
 * Points the package's listing columns (kind, description, keywords, licence, latest, uses,
 * deprecation, search vectors) and the vocabulary at `row`, the version its `latest` tag names. Runs
 * in the publish, dist-tag, deprecate or removal transaction, after the package row is locked.
 */
export async function refreshPackageListing(
  executor: Executor,
  packageId: number,
  row: VersionRow,
): Promise<void> {
  const texts = searchTexts(row);
  const words = vocabularyWords(texts, row);
  const uses = [...new Set(row.contents.workflows.flatMap((workflow) => workflow.uses))].sort();
  const keywords = row.manifest.keywords ?? [];
  const before = await currentContribution(executor, packageId);
  // The three vectors share their parts: the name vector is the A part, the title vector A and B.
  await executor.execute(sql`
    update packages set
      kind = ${row.manifest.kind},
      description = ${row.manifest.description ?? ''},
      keywords = ${textArray(keywords)},
      license = ${row.manifest.license ?? null},
      latest_version = ${row.version},
      uses = ${textArray(uses)},
      deprecated = ${row.deprecated},
      name_vector = v.a,
      title_vector = v.a || v.b,
      search_vector = v.a || v.b || v.c || v.d,
      updated_at = now()
    from (
      select
        setweight(to_tsvector('english', ${texts.name}), 'A') as a,
        setweight(to_tsvector('english', ${texts.summary}), 'B') as b,
        setweight(to_tsvector('english', ${texts.members}), 'C') as c,
        setweight(to_tsvector('english', ${texts.details}), 'D') as d
    ) as v
    where id = ${packageId}`);
  await updateVocabulary(executor, before.words, before.isPublic ? words : []);
}

/**
 * Takes a package out of search: no latest version, no vectors, no vocabulary. For when its last
 * live version is removed; the row stays (names are never reused).
 */
export async function clearPackageListing(executor: Executor, packageId: number): Promise<void> {
  const before = await currentContribution(executor, packageId);
  await executor.execute(sql`
    update packages set latest_version = null, search_vector = null, name_vector = null, title_vector = null,
      uses = '{}', updated_at = now()
    where id = ${packageId}`);
  await updateVocabulary(executor, before.words, []);
}

/**
 * Changes a package's visibility and, with it, its share of the vocabulary: a private package's words
 * must leave it (a correction could reveal them), a package made public brings its words in. Runs in
 * the access change's transaction, after the package row is locked.
 */
export async function setListingAccess(
  executor: Executor,
  packageId: number,
  access: 'public' | 'private',
): Promise<void> {
  const before = await currentContribution(executor, packageId);
  await executor.execute(
    sql`update packages set access = ${access}, updated_at = now() where id = ${packageId}`,
  );
  const after = await currentContribution(executor, packageId);
  await updateVocabulary(executor, before.isPublic ? before.words : [], after.isPublic ? after.words : []);
}
