import { sql } from 'drizzle-orm';
import { allowedDistance, editDistance } from '../core/edit-distance.js';
import type { Executor } from '../db/database.js';
import { queryRows } from '../db/rows.js';
import { textArray } from './search-document.js';

/**
 * Typo tolerance for search. Query words that no public package uses are corrected against the
 * vocabulary (search_vocabulary), the way the pg_trgm documentation suggests: a table of the
 * corpus's words with a trigram index. Candidates come from two sources, because trigrams alone
 * miss the commonest typo in short words (a swap: "dsik" shares one trigram with "disk"):
 * every word one edit away (an indexed equality probe, Norvig-style), and trigram-similar words
 * (`%`, for two edits in longer words). The closest candidate by Damerau-Levenshtein distance wins,
 * the commoner word on a tie. The original word stays in the query beside its correction, so a
 * rare but right word (one only a README uses) still finds its packages.
 */

/** Words shorter than this are too ambiguous to correct ("ec", "k8"). */
const MIN_CORRECTABLE = 3;
/** At most this many words per query are corrected: a query of twenty typos is not a query. */
const MAX_CORRECTED_WORDS = 4;
/** Trigram candidates looked at per word. */
const TRIGRAM_CANDIDATES = 20;
/** Letters only: words with digits are not corrected (versions, ports, k8s), so no edit needs one. */
const EDIT_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one deletion, swap, substitution or insertion away from `word`. */
export function editsOf(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    if (tail) out.add(head + tail.slice(1));
    if (tail.length > 1) out.add(head + tail[1] + tail[0] + tail.slice(2));
    for (const letter of EDIT_ALPHABET) {
      if (tail) out.add(head + letter + tail.slice(1));
      out.add(head + letter + tail);
    }
  }
  out.delete(word);
  return [...out];
}

interface WordFacts {
  word: string;
  /** Whether the word, or another word with the same English lexeme, is in the vocabulary. */
  known: boolean;
  /** Whether PostgreSQL's English configuration drops the word (a stop word). */
  stop: boolean;
}

/** For each word: is it known to the vocabulary (as itself or by its lexeme), or a stop word? */
export async function lookUpWords(executor: Executor, words: readonly string[]): Promise<WordFacts[]> {
  if (words.length === 0) return [];
  const rows = await queryRows<{ word: string; lexeme: string | null; known: boolean }>(
    executor,
    sql`
      select w.word, l.lexeme,
        exists (select 1 from search_vocabulary v where v.word = w.word)
          or exists (select 1 from search_vocabulary v where v.lexeme = l.lexeme) as known
      from unnest(${textArray(words)}) as w(word)
      left join lateral (select t.lexeme from unnest(to_tsvector('english', w.word)) as t limit 1) as l on true`,
  );
  return rows.map((row) => ({ word: row.word, known: Boolean(row.known), stop: row.lexeme === null }));
}

/**
 * Corrections for the misspelt words among `words`: word → its corrections (usually one; two when
 * equally close and equally common). Known words, stop words, short words and words with digits are
 * left alone.
 */
export async function correctWords(
  executor: Executor,
  facts: readonly WordFacts[],
): Promise<Map<string, string[]>> {
  const typos = facts
    .filter(
      (fact) => !fact.known && !fact.stop && fact.word.length >= MIN_CORRECTABLE && !/\p{N}/u.test(fact.word),
    )
    .map((fact) => fact.word)
    .slice(0, MAX_CORRECTED_WORDS);
  const corrections = new Map<string, string[]>();
  if (typos.length === 0) return corrections;
  const edits = [...new Set(typos.flatMap(editsOf))];
  // `%` is pg_trgm's similarity operator (threshold pg_trgm.similarity_threshold, 0.3 unless a
  // session changes it, which nothing here does): it is what lets the trigram index answer.
  const candidates = await queryRows<{ word: string; packages: number }>(
    executor,
    sql`
      select v.word, v.packages from search_vocabulary v where v.word = any(${textArray(edits)})
      union
      select c.word, c.packages
      from unnest(${textArray(typos)}) as t(typo)
      cross join lateral (
        select v.word, v.packages from search_vocabulary v
        where v.word % t.typo
        order by similarity(v.word, t.typo) desc, v.packages desc
        limit ${TRIGRAM_CANDIDATES}
      ) as c`,
  );
  for (const typo of typos) {
    const max = allowedDistance(typo.length);
    let best: Array<{ word: string; distance: number; packages: number }> = [];
    for (const candidate of candidates) {
      const distance = editDistance(typo, candidate.word, max);
      if (distance > max) continue;
      const entry = { word: candidate.word, distance, packages: Number(candidate.packages) };
      const top = best[0];
      if (!top || distance < top.distance || (distance === top.distance && entry.packages > top.packages)) {
        best = [entry];
      } else if (distance === top.distance && entry.packages === top.packages) {
        best.push(entry);
      }
    }
    if (best.length > 0) {
      corrections.set(
        typo,
        best
          .map((entry) => entry.word)
          .sort()
          .slice(0, 2),
      );
    }
  }
  return corrections;
}
