import type { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;

/** A drizzle database on either driver (PGlite or postgres.js): services take this, never a driver. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction, or the database itself: what a service step runs its queries on. */
export type Executor = Db | PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export interface DatabaseHandle {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** The PostgreSQL URL, when on PostgreSQL (migrations take their own connection). */
  url?: string;
  /** The embedded instance, when on PGlite (tests dump it as a template). */
  pglite?: PGlite;
  /**
   * Checks the database answers, on a connection of its own on PostgreSQL: a health check must not
   * queue behind a pool full of publishes.
   */
  ping(): Promise<void>;
  /** Closes the connection; an unclosed PGlite keeps the process alive. */
  close(): Promise<void>;
}
