import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The words of the public packages' listings (names, keywords, descriptions, action, workflow and
 * parameter names), with how many packages use each: what search corrects a misspelt query word
 * against, as the pg_trgm documentation suggests (a word table with a trigram index) rather than
 * trigram-matching every package. Maintained by `refreshPackageListing`.
 */
export const searchVocabulary = pgTable(
  'search_vocabulary',
  {
    word: text('word').primaryKey(),
    /** The word's English lexeme (`restarting` → `restart`): a query word with a known lexeme needs no correction. */
    lexeme: text('lexeme').notNull(),
    /** How many public packages' latest versions contain the word; ties between corrections go to the commoner word. */
    packages: integer('packages').notNull(),
  },
  (t) => [
    index('search_vocabulary_lexeme_idx').on(t.lexeme),
    index('search_vocabulary_word_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
  ],
);
