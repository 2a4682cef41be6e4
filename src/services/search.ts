import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../db/database.js';
import { queryRows } from '../db/rows.js';
import type { Actor } from './actor.js';
import { seesPublicOnly } from './search-cache.js';
import { textArray, wordsOf } from './search-document.js';
import { hasOperators, nameGuess, type QueryWord, type SearchRequest, tsqueryText } from './search-query.js';
import { correctWords, lookUpWords } from './search-spelling.js';

export { parseSearchRequest, type SearchRequest } from './search-query.js';

import type { SearchResponse, SearchResult } from '../core/types.js';

/*
 * Ranking. A package's relevance tier is the best one whose text holds every query word: its exact
 * name (4), its name and keywords (3), those and its description (2), or anywhere: members,
 * parameters, README (1). Within a tier, downloads, then recency, then the name decide: the
 * issue's "exact name first, then relevance, with downloads and recency as tie-breakers".
 *
 * The work is bounded by the page asked for, not by how many packages mention the words. Scoring
 * every match (ts_rank) costs tens of milliseconds at 10,000 packages on PGlite for a word like
 * "service", and PostgreSQL's estimates for correlated words ("disk" & "full") are too low for the
 * planner to avoid that by itself. So each tier's best `n` come from one of two bounded reads:
 * - a walk down the popularity index over the most downloaded packages (`walkLength`), checking
 *   each tier's vector: a tier with at least `n` matches there is done (its best `n` are the first
 *   `n` found, as the walk is in the tier's own order);
 * - otherwise the tier is sparse, and its GIN index gives all its matches cheaply.
 */
const TIER_EXACT = 4;
const TIER_NAME = 3;
const TIER_TITLE = 2;
const TIER_ANYWHERE = 1;
const TIERS = [
  { tier: TIER_NAME, vector: 'name_vector', flag: 'in_name' },
  { tier: TIER_TITLE, vector: 'title_vector', flag: 'in_title' },
  { tier: TIER_ANYWHERE, vector: 'search_vector', flag: 'in_any' },
] as const;

/**
 * Packages walked in download order: 200 for a first page (a tier matching at least one package in
 * ten is then served by the walk), more for deeper pages, never more than 2,000.
 */
function walkLength(wanted: number): number {
  return Math.min(Math.max(200, wanted * 5), 2000);
}

/**
 * Matches are counted up to this many; past it `total` is a lower bound (`totalExact: false`), as a
 * person reads "100+ results". An exact count would visit every match of a common word, the cost
 * the tiers are there to avoid.
 */
export const COUNT_LIMIT = 100;

/**
 * Which private packages the actor sees, as a condition on `p`: the same rule as `canRead` (members
 * of the owning org and administrators, through a token that can read and whose restriction covers
 * the package), so search never shows what a direct request would answer 404 for.
 */
function visibility(actor: Actor | null): SQL {
  if (!actor || seesPublicOnly(actor)) return sql`p.access = 'public'`;
  let restriction = sql`true`;
  if (actor.restriction) {
    const [scope = '', name] = actor.restriction.slice(1).split('/');
    restriction = name === undefined ? sql`p.scope = ${scope}` : sql`p.full_name = ${actor.restriction}`;
  }
  if (actor.isAdmin) return sql`(p.access = 'public' or ${restriction})`;
  return sql`(p.access = 'public' or (${restriction} and p.org_id in (
    select m.org_id from org_members m where m.user_id = ${actor.userId})))`;
}

/** The filter conditions of a request, deprecation aside (kind, scope, keyword, licence, uses). */
function filters(request: SearchRequest, usesPackages: Map<string, string[]>): SQL[] {
  const conditions: SQL[] = [sql`p.latest_version is not null`];
  for (const kind of request.kinds) conditions.push(sql`p.kind = ${kind}`);
  for (const scope of request.scopes) conditions.push(sql`p.scope = ${scope}`);
  for (const keyword of request.keywords) {
    // Keywords are stored as published; most are lower case, so the lower-cased form matches too.
    conditions.push(sql`p.keywords && ${textArray([...new Set([keyword, keyword.toLowerCase()])])}`);
  }
  for (const license of request.licenses) conditions.push(sql`lower(p.license) = lower(${license})`);
  for (const uses of request.uses) {
    const members = usesPackages.get(uses);
    // A package reference means "calls any of its actions or workflows": an indexed overlap.
    conditions.push(members ? sql`p.uses && ${textArray(members)}` : sql`p.uses @> ${textArray([uses])}`);
  }
  return conditions;
}

/**
 * `uses:@scope/package` (no member): the action and workflow references of that package's latest
 * version, so the filter is an index lookup rather than a prefix scan of every package's uses.
 */
async function expandPackageUses(executor: Executor, actor: Actor | null, request: SearchRequest) {
  const expanded = new Map<string, string[]>();
  for (const uses of request.uses) {
    if (!uses.startsWith('@') || uses.includes('.')) continue;
    const rows = await queryRows<{ member: string }>(
      executor,
      sql`
        select ${uses} || '.' || (m ->> 'name') as member
        from packages p
        join versions v on v.package_id = p.id and v.version = p.latest_version
        cross join lateral jsonb_array_elements(coalesce(v.contents -> 'actions', '[]') || coalesce(v.contents -> 'workflows', '[]')) as m
        where p.full_name = ${uses} and ${visibility(actor)}`,
    );
    expanded.set(
      uses,
      rows.map((row) => row.member),
    );
  }
  return expanded;
}

/** The free text as plain words (to correct and relax), or as websearch syntax (taken as written). */
interface TextPlan {
  /** The tsquery, or null when there is no text (filters only). */
  tsquery: SQL | null;
  /** The plain words, when the text is plain words. */
  words: QueryWord[];
}

/** Websearch syntax ("phrases", -words, or) is taken as written; plain words are searched all together. */
function planText(text: string): TextPlan {
  if (text === '') return { tsquery: null, words: [] };
  if (hasOperators(text)) return { tsquery: sql`websearch_to_tsquery('english', ${text})`, words: [] };
  const words = [...new Set(wordsOf(text))].map((word) => ({ word, corrections: [] as string[] }));
  if (words.length === 0) return { tsquery: null, words: [] };
  return { tsquery: sql`to_tsquery('english', ${tsqueryText(words, false)})`, words };
}

/**
 * Typo correction: words that no public package uses (by themselves or by their English lexeme)
 * get the closest vocabulary words as alternatives (search-spelling.ts). The original word stays in
 * the query, so a real word that only READMEs use still finds its packages. Stop words alone leave
 * no text: a filters-only search. One cheap indexed lookup when every word is known.
 */
async function correctText(executor: Executor, plan: TextPlan): Promise<TextPlan> {
  if (plan.words.length === 0) return plan;
  const facts = await lookUpWords(
    executor,
    plan.words.map((entry) => entry.word),
  );
  const searchable = facts.filter((fact) => !fact.stop);
  if (searchable.length === 0) return { tsquery: null, words: [] };
  const corrections = await correctWords(executor, searchable);
  if (corrections.size === 0 && searchable.length === plan.words.length) return plan;
  const words = searchable.map((fact) => ({
    word: fact.word,
    corrections: corrections.get(fact.word) ?? [],
  }));
  return { tsquery: sql`to_tsquery('english', ${tsqueryText(words, false)})`, words };
}

interface Row {
  full_name: string | null;
  scope: string;
  kind: 'pattern' | 'action';
  latest_version: string;
  description: string;
  keywords: string[];
  license: string | null;
  downloads: string | number;
  updated_at: string | Date;
  deprecated: string | null;
  published_at: string | Date;
  tier: number;
  total: string | number;
}

interface PagePlan {
  /** The text query, or null for filters only. */
  tsquery: SQL | null;
  /** Visibility and filters, deprecation aside. */
  conditions: SQL[];
  exactNames: string[];
  exactFullNames: string[];
}

/** The columns a hit carries: its id and its sort keys within a tier. */
function keys(alias: string): SQL {
  const p = sql.raw(alias);
  return sql`${p}.id, ${p}.downloads, ${p}.updated_at, ${p}.full_name`;
}

/** Download order, as the popularity index is built (drizzle's `.desc()` is NULLS LAST). */
function popularity(alias: string): SQL {
  const p = sql.raw(alias);
  return sql`${p}.downloads desc nulls last, ${p}.updated_at desc nulls last, ${p}.full_name`;
}

/**
 * One side of a search (current packages, or deprecated ones only): rows `offset` to
 * `offset + limit` in rank order, with their tier, and the count of every match up to COUNT_LIMIT + 1.
 * One statement: on PGlite every statement pays its planning, on PostgreSQL a round trip.
 */
async function searchSide(
  executor: Executor,
  plan: PagePlan,
  deprecated: boolean,
  window: { offset: number; limit: number },
): Promise<{ rows: Row[]; total: number }> {
  const { tsquery } = plan;
  const where = sql.join(
    [...plan.conditions, deprecated ? sql`p.deprecated is not null` : sql`p.deprecated is null`],
    sql` and `,
  );
  const wanted = window.offset + window.limit;
  const hasExact = plan.exactNames.length + plan.exactFullNames.length > 0;
  const exact = hasExact
    ? sql`(p.full_name = any(${textArray(plan.exactFullNames)}) or p.name = any(${textArray(plan.exactNames)}))`
    : sql`false`;

  const ctes: SQL[] = [];
  const hits: SQL[] = [];
  if (hasExact) {
    hits.push(sql`(select ${keys('p')}, ${TIER_EXACT}::int as tier from packages p where ${exact} and ${where}
      order by ${popularity('p')} limit ${wanted})`);
  }
  if (tsquery && deprecated) {
    // Deprecated packages are few: each tier straight from its index.
    for (const { tier, vector } of TIERS) {
      hits.push(sql`(select ${keys('p')}, ${tier}::int as tier from packages p where ${sql.raw(`p.${vector}`)} @@ ${tsquery} and ${where}
        order by ${popularity('p')} limit ${wanted})`);
    }
  } else if (tsquery) {
    const walk = walkLength(wanted);
    ctes.push(sql`walk as (
      select w.id, w.downloads, w.updated_at, w.full_name,
        w.name_vector @@ ${tsquery} as in_name, w.title_vector @@ ${tsquery} as in_title,
        -- The title is part of the whole document: only the others need the (large) search vector read.
        w.title_vector @@ ${tsquery} or w.search_vector @@ ${tsquery} as in_any
      from (select p.id, p.downloads, p.updated_at, p.full_name, p.name_vector, p.title_vector, p.search_vector
            from packages p where ${where} order by ${popularity('p')} limit ${walk}) as w)`);
    ctes.push(sql`walked as (select count(*) as rows,
      count(*) filter (where in_name) as in_name, count(*) filter (where in_title) as in_title,
      count(*) filter (where in_any) as in_any from walk)`);
    for (const { tier, vector, flag } of TIERS) {
      const column = sql.raw(`p.${vector}`);
      const found = sql.raw(`walked.${flag}`);
      hits.push(
        sql`(select ${keys('w')}, ${tier}::int as tier from walk w where w.${sql.raw(flag)} order by ${popularity('w')} limit ${wanted})`,
      );
      // Only when the walk went the whole way and found too few: a sparse tier, cheap from its index.
      hits.push(sql`(select ${keys('p')}, ${tier}::int as tier from packages p
        where ${column} @@ ${tsquery} and ${where}
          and (select walked.rows = ${walk} and ${found} < ${wanted} from walked)
        order by ${popularity('p')} limit ${wanted})`);
    }
  } else {
    hits.push(
      sql`(select ${keys('p')}, 0 as tier from packages p where ${where} order by ${popularity('p')} limit ${wanted})`,
    );
  }
  const match = tsquery ? sql`(p.search_vector @@ ${tsquery} or ${exact})` : sql`true`;
  // Each tier's first `wanted` rows hold every row of the first `wanted` overall: whatever ranks
  // above a row in its best tier's order also ranks above it overall. The hits carry their sort
  // keys, so only the page's rows are read in full (with their last publish); the count stops one
  // past COUNT_LIMIT.
  const rows = await queryRows<Row>(
    executor,
    sql`
      with ${sql.join([...ctes, sql`hits as (${sql.join(hits, sql` union all `)})`], sql`, `)},
      best as (select distinct on (id) * from hits order by id, tier desc),
      ranked as (select * from best b order by b.tier desc, ${popularity('b')} limit ${window.limit} offset ${window.offset}),
      counted as (
        select count(*) as total from (select 1 from packages p where ${match} and ${where} limit ${COUNT_LIMIT + 1}) as matches
      )
      select p.full_name, p.scope, p.kind, p.latest_version, p.description, p.keywords, p.license, p.downloads,
        p.updated_at, p.deprecated, r.tier, counted.total,
        (select max(v.published_at) from versions v where v.package_id = p.id and v.removed_at is null) as published_at
      from counted left join (ranked r join packages p on p.id = r.id) on true
      order by r.tier desc, ${popularity('r')}`,
  );
  return { rows: rows.filter((row) => row.full_name !== null), total: Number(rows[0]?.total ?? 0) };
}

/** Rank order across both sides: tier, then current before deprecated, then downloads, recency, name. */
function compareRows(a: Row, b: Row): number {
  return (
    b.tier - a.tier ||
    Number(a.deprecated !== null) - Number(b.deprecated !== null) ||
    Number(b.downloads) - Number(a.downloads) ||
    new Date(b.updated_at).getTime() - new Date(a.updated_at).getTime() ||
    (a.full_name! < b.full_name! ? -1 : a.full_name! > b.full_name! ? 1 : 0)
  );
}

/**
 * A page of results and the capped total. With deprecated packages asked for, they are read as a
 * second side and merged in after the current packages of their tier: a deprecated exact match still
 * comes before packages that merely mention the words.
 */
async function searchPage(
  executor: Executor,
  plan: PagePlan,
  request: SearchRequest,
): Promise<{ rows: Row[]; total: number }> {
  const offset = (request.page - 1) * request.perPage;
  if (!request.includeDeprecated)
    return searchSide(executor, plan, false, { offset, limit: request.perPage });
  const wanted = { offset: 0, limit: offset + request.perPage };
  const current = await searchSide(executor, plan, false, wanted);
  const old = await searchSide(executor, plan, true, wanted);
  return {
    rows: [...current.rows, ...old.rows].sort(compareRows).slice(offset, offset + request.perPage),
    total: current.total + old.total,
  };
}

function score(row: Row): number {
  const downloads = Number(row.downloads);
  const value = row.tier + (0.5 * downloads) / (downloads + 1000) - (row.deprecated === null ? 0 : 0.5);
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Ranked full-text search over the packages the actor may see, with identical SQL on PGlite and
 * PostgreSQL: websearch syntax, or plain words with typo correction (search-spelling.ts); relevance
 * tiers from three GIN-indexed vectors (search-document.ts), downloads and recency within a tier;
 * filters as indexed conditions; any-word matching when no package has every word.
 */
export async function searchPackages(
  executor: Executor,
  actor: Actor | null,
  request: SearchRequest,
): Promise<SearchResponse> {
  const text = await correctText(executor, planText(request.text));
  const usesPackages = await expandPackageUses(executor, actor, request);
  const guess = nameGuess(request.text);
  const base = {
    conditions: [visibility(actor), ...filters(request, usesPackages)],
    exactNames: guess && request.fullNames.length === 0 ? [guess] : [],
    exactFullNames: request.fullNames,
  };
  let page = await searchPage(executor, { ...base, tsquery: text.tsquery }, request);
  let relaxed = false;
  if (page.total === 0 && text.words.length > 1) {
    relaxed = true;
    page = await searchPage(
      executor,
      { ...base, tsquery: sql`to_tsquery('english', ${tsqueryText(text.words, true)})` },
      request,
    );
  }
  return {
    total: Math.min(page.total, COUNT_LIMIT),
    totalExact: page.total <= COUNT_LIMIT,
    page: request.page,
    perPage: request.perPage,
    results: page.rows.map((row) => resultOf(row, score(row))),
    query: {
      text: request.text,
      corrections: text.words
        .filter((word) => word.corrections.length > 0)
        .map((word) => ({ from: word.word, to: word.corrections })),
      relaxed,
    },
  };
}

/**
 * The packages most recently published to, newest first, as the actor may see them (the same
 * visibility as search; deprecated packages left out): the home page's "recently published".
 */
export async function recentlyPublished(
  executor: Executor,
  actor: Actor | null,
  limit: number,
): Promise<SearchResult[]> {
  const rows = await queryRows<Omit<Row, 'tier' | 'total'>>(
    executor,
    sql`
      select p.full_name, p.scope, p.kind, p.latest_version, p.description, p.keywords, p.license, p.downloads,
        p.updated_at, p.deprecated,
        (select max(v.published_at) from versions v where v.package_id = p.id and v.removed_at is null) as published_at
      from packages p
      where ${visibility(actor)} and p.latest_version is not null and p.deprecated is null
      order by p.updated_at desc, p.full_name
      limit ${limit}`,
  );
  return rows.map((row) => resultOf(row, 0));
}

function resultOf(row: Omit<Row, 'tier' | 'total'>, rank: number): SearchResult {
  return {
    name: row.full_name!,
    scope: row.scope,
    kind: row.kind,
    version: row.latest_version,
    description: row.description,
    keywords: row.keywords,
    license: row.license,
    downloads: Number(row.downloads),
    publishedAt: new Date(row.published_at).toISOString(),
    deprecated: row.deprecated,
    score: rank,
  };
}
