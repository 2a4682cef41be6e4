import { RegistryError } from '../core/errors.js';
import { NAME_PART, PACKAGE_NAME } from '../core/names.js';

/**
 * What a search asks for, once the HTTP parameters and the qualifiers inside `q` are merged.
 * Every filter list is a conjunction: `uses:a uses:b` finds patterns that call both.
 */
export interface SearchRequest {
  /** Free text: words, "quoted phrases", -exclusions and `or`, as PostgreSQL's websearch syntax reads them. */
  text: string;
  kinds: Array<'pattern' | 'action'>;
  scopes: string[];
  keywords: string[];
  licenses: string[];
  /** `@scope/package.action`, `@scope/package` (any of its actions) or an engine built-in such as `core.http`. */
  uses: string[];
  /** `@scope/name` tokens of the query: the packages named exactly so rank first. */
  fullNames: string[];
  includeDeprecated: boolean;
  page: number;
  perPage: number;
}

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
/**
 * Paging stops at this many results, as GitHub's search does: deeper pages are not what a person
 * reads, and each one costs the ranking of everything before it. Narrow the query instead.
 */
export const MAX_RESULTS = 1000;
const MAX_QUERY_LENGTH = 256;

/** `@scope/package.member`, `@scope/package`, or a built-in `core.x`. */
const USES_REF =
  /^(?:@[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}(?:\.[A-Za-z0-9_-]{1,128})?|core\.[A-Za-z0-9_]{1,64})$/;
const ACTION_REF = /^@[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}\.[A-Za-z0-9_-]{1,128}$/;
const QUALIFIERS = new Set(['kind', 'scope', 'keyword', 'license', 'uses']);

function badRequest(message: string, hint?: string): RegistryError {
  return new RegistryError('BAD_REQUEST', message, hint ? { hint } : {});
}

function checkKind(value: string): 'pattern' | 'action' {
  if (value !== 'pattern' && value !== 'action')
    throw badRequest(`kind must be pattern or action, not "${value}"`);
  return value;
}

function checkScope(value: string): string {
  const scope = value.startsWith('@') ? value.slice(1) : value;
  if (!NAME_PART.test(scope))
    throw badRequest(`"${value}" is not a scope`, 'A scope looks like acme or @acme.');
  return scope;
}

function checkUses(value: string): string {
  if (!USES_REF.test(value)) {
    throw badRequest(
      `"${value}" is not an action reference`,
      'Use @scope/package.action, @scope/package or core.name.',
    );
  }
  return value;
}

function checkText(value: string, what: string, max: number): string {
  if (value.length === 0 || value.length > max) throw badRequest(`${what} must be 1 to ${max} characters`);
  return value;
}

function positiveInteger(value: string | undefined, what: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,6}$/.test(value)) throw badRequest(`${what} must be a positive integer`);
  const number = Number(value);
  if (number < 1 || number > max) throw badRequest(`${what} must be between 1 and ${max}`);
  return number;
}

/** Splits on spaces, keeping "quoted phrases" whole (an unclosed quote runs to the end). */
function tokenize(q: string): string[] {
  return [...q.matchAll(/"[^"]*"?|[^\s"]+/g)].map((match) => match[0]);
}

/**
 * Parses the search parameters of `GET /v1/search` (and the qualifiers written inside `q`:
 * `kind:pattern`, `scope:acme`, `keyword:disk`, `license:MIT`, `uses:@community/linux.check_disk`,
 * or `uses @community/linux.check_disk` as a person would type it). Throws BAD_REQUEST on any
 * malformed value, so a typo in a filter is an error rather than a silently empty answer.
 */
export function parseSearchRequest(params: Record<string, string | undefined>): SearchRequest {
  const q = params.q ?? '';
  if (q.length > MAX_QUERY_LENGTH) throw badRequest(`q must be at most ${MAX_QUERY_LENGTH} characters`);
  const deprecated = params.deprecated ?? 'exclude';
  if (deprecated !== 'include' && deprecated !== 'exclude') {
    throw badRequest(`deprecated must be include or exclude, not "${deprecated}"`);
  }
  const request: SearchRequest = {
    text: '',
    kinds: params.kind ? [checkKind(params.kind)] : [],
    scopes: params.scope ? [checkScope(params.scope)] : [],
    keywords: params.keyword ? [checkText(params.keyword, 'keyword', 64)] : [],
    licenses: params.license ? [checkText(params.license, 'license', 256)] : [],
    uses: params.uses ? [checkUses(params.uses)] : [],
    fullNames: [],
    includeDeprecated: deprecated === 'include',
    page: positiveInteger(params.page, 'page', 1, MAX_RESULTS),
    perPage: positiveInteger(params.perPage, 'perPage', DEFAULT_PER_PAGE, MAX_PER_PAGE),
  };
  if (request.page * request.perPage > MAX_RESULTS) {
    throw badRequest(
      `Search pages stop at result ${MAX_RESULTS}`,
      'Narrow the query with more words or a filter.',
    );
  }

  const text: string[] = [];
  const tokens = tokenize(q);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const colon = token.indexOf(':');
    const key = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    if (QUALIFIERS.has(key) && colon < token.length - 1) {
      const value = token.slice(colon + 1).replace(/^"|"$/g, '');
      if (key === 'kind') request.kinds.push(checkKind(value));
      else if (key === 'scope') request.scopes.push(checkScope(value));
      else if (key === 'keyword') request.keywords.push(checkText(value, 'keyword', 64));
      else if (key === 'license') request.licenses.push(checkText(value, 'license', 256));
      else request.uses.push(checkUses(value));
      continue;
    }
    const next = tokens[i + 1];
    if (token.toLowerCase() === 'uses' && next && USES_REF.test(next)) {
      request.uses.push(next);
      i++;
      continue;
    }
    // A bare action reference can only mean "what calls this action".
    if (ACTION_REF.test(token)) {
      request.uses.push(token);
      continue;
    }
    if (PACKAGE_NAME.test(token)) {
      request.fullNames.push(token);
      // Its name still counts as words: related packages follow the exact one.
      text.push(token.slice(token.indexOf('/') + 1));
      continue;
    }
    text.push(token);
  }
  request.text = text.join(' ').trim();
  return request;
}

/** One term of a plain query: a word and, when it looked misspelt, what it was corrected to. */
export interface QueryWord {
  word: string;
  corrections: string[];
}

/**
 * Whether the text uses websearch operators ("phrases", -exclusions, or). Such a query is taken as
 * written; a plain list of words gets typo correction and, when nothing matches them all, matches
 * any of them instead.
 */
export function hasOperators(text: string): boolean {
  return /"|(^|\s)-\S|(^|\s)or(\s|$)/i.test(text);
}

/** The name a query would be if it were one: `Disk Full Remediation` → `disk-full-remediation`. */
export function nameGuess(text: string): string | undefined {
  const guess = text
    .trim()
    .toLowerCase()
    .replaceAll(/[\s_]+/g, '-');
  return NAME_PART.test(guess) ? guess : undefined;
}

/**
 * The `to_tsquery` text for plain words: every word (or one of its corrections) must match, or,
 * `relaxed`, any of them. Words are letters and digits only (see `wordsOf`), so they need no quoting.
 */
export function tsqueryText(words: readonly QueryWord[], relaxed: boolean): string {
  const groups = words.map((entry) => {
    const alternatives = [entry.word, ...entry.corrections];
    return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' | ')})`;
  });
  return groups.join(relaxed ? ' | ' : ' & ');
}
