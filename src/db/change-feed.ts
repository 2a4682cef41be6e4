import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { DatabaseHandle } from './database.js';

/** The channel migrations/0008's trigger announces package changes on; payload `<full name> <revision>`. */
export const PACKAGE_CHANGES_CHANNEL = 'patternhub_changes';

/** How often a PostgreSQL feed proves its connection still hears notifications. */
const HEARTBEAT_MS = 5_000;
/** Longest a notification round trip may take before the feed counts as lost. */
const ROUND_TRIP_TIMEOUT_MS = 5_000;
/** Reconnection back-off after a loss, first and longest wait. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 5_000;

export interface ChangeListener {
  /** A package's committed change: its revision (documents) or its download count moved. */
  changed(fullName: string, revision: number): void;
  /** The feed stopped hearing changes: whatever was trusted because of it must go. */
  lost(): void;
  /** The feed hears changes again (after a loss). */
  resumed?(): void;
}

/**
 * Committed changes to packages, as the database announces them (NOTIFY from the revision trigger).
 * While `live`, every change committed from then on is reported, in commit order; a cache may trust
 * what it read until a change names it. When the feed is lost (a PostgreSQL restart drops the
 * listening connection) listeners hear `lost()` and the feed reconnects on its own.
 */
export interface ChangeFeed {
  readonly live: boolean;
  /**
   * Moves on every change, loss and recovery. A reader that notes it before a query and finds it
   * unchanged after knows no change was reported meanwhile, so what it read may be trusted.
   */
  readonly epoch: number;
  subscribe(listener: ChangeListener): () => void;
  /**
   * Resolves once every change committed before the call has been reported to the listeners (or
   * the feed is not live, when nothing is trusted). A write calls it before answering, so the
   * writer's next read through this server sees the write; a test calls it on another server.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the feed of the database: PGlite's own LISTEN, or one dedicated PostgreSQL connection. */
export async function openChangeFeed(
  database: DatabaseHandle,
  options: { log?: (line: string) => void } = {},
): Promise<ChangeFeed> {
  if (database.pglite) return openPgliteFeed(database.pglite);
  if (!database.url) throw new Error('a PostgreSQL handle without its URL has no change feed');
  const feed = new PostgresChangeFeed(database.url, options.log);
  await feed.start();
  return feed;
}

/** Splits a payload into the package's full name and revision; undefined for anything else. */
function parsePayload(payload: string): { fullName: string; revision: number } | undefined {
  const space = payload.lastIndexOf(' ');
  if (space <= 0 || payload[0] !== '@') return undefined;
  return { fullName: payload.slice(0, space), revision: Number(payload.slice(space + 1)) };
}

class Listeners {
  readonly #all = new Set<ChangeListener>();
  epoch = 0;

  subscribe(listener: ChangeListener): () => void {
    this.#all.add(listener);
    return () => this.#all.delete(listener);
  }

  changed(payload: string): void {
    const change = parsePayload(payload);
    if (!change) return;
    this.epoch++;
    for (const listener of this.#all) listener.changed(change.fullName, change.revision);
  }

  lost(): void {
    this.epoch++;
    for (const listener of this.#all) listener.lost();
  }

  resumed(): void {
    this.epoch++;
    for (const listener of this.#all) listener.resumed?.();
  }
}

/**
 * PGlite: one process owns the database (the data folder's lock), and PGlite hands a committed
 * statement's notifications to its listeners before that statement's promise resolves (checked in
 * tests/integration/change-feed.test.ts). So a change is reported before the write that made it
 * returns: exact, with nothing to wait for, and nothing to lose.
 */
async function openPgliteFeed(pglite: PGlite): Promise<ChangeFeed> {
  const listeners = new Listeners();
  const unlisten = await pglite.listen(PACKAGE_CHANGES_CHANNEL, (payload) => listeners.changed(payload));
  let live = true;
  return {
    get live() {
      return live;
    },
    get epoch() {
      return listeners.epoch;
    },
    subscribe: (listener) => listeners.subscribe(listener),
    settle: async () => {},
    async close() {
      if (!live) return;
      live = false;
      listeners.lost();
      if (!pglite.closed) await unlisten().catch(() => {});
    },
  };
}

/**
 * PostgreSQL: one LISTEN connection per server, apart from the pool. `settle` sends a token on a
 * channel of this server's own and waits to hear it back: PostgreSQL delivers notifications in
 * commit order, so by then every change committed before has been heard. The same round trip, every
 * HEARTBEAT_MS, proves the connection alive; a dropped connection or a round trip over
 * ROUND_TRIP_TIMEOUT_MS counts as lost, and the feed reconnects with back-off.
 */
class PostgresChangeFeed implements ChangeFeed {
  readonly #listeners = new Listeners();
  /** This server's settle channel (a per-process name: tokens never fan out to other servers). */
  readonly #syncChannel = `patternhub_sync_${randomBytes(8).toString('hex')}`;
  readonly #waiting = new Map<string, () => void>();
  #client: pg.Client | undefined;
  #live = false;
  #closed = false;
  #nextToken = 0;
  #retryMs = RECONNECT_FIRST_MS;
  #retry: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly log?: (line: string) => void,
  ) {}

  get live(): boolean {
    return this.#live;
  }

  get epoch(): number {
    return this.#listeners.epoch;
  }

  subscribe(listener: ChangeListener): () => void {
    return this.#listeners.subscribe(listener);
  }

  /** Connects once; a failure leaves the feed down and retrying (reads check the database meanwhile). */
  async start(): Promise<void> {
    this.#heartbeat = setInterval(() => {
      this.settle().catch(() => {});
    }, HEARTBEAT_MS);
    this.#heartbeat.unref();
    await this.#connect();
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    if (this.#closed) return;
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: ROUND_TRIP_TIMEOUT_MS,
      keepAlive: true,
      application_name: 'patternhub-changes',
    });
    this.#client = client;
    client.on('error', (error) => void this.#drop(client, error));
    client.on('end', () => void this.#drop(client, new Error('the connection ended')));
    client.on('notification', (message) => {
      if (client !== this.#client) return;
      if (message.channel === PACKAGE_CHANGES_CHANNEL) this.#listeners.changed(message.payload ?? '');
      else if (message.channel === this.#syncChannel) this.#heard(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PACKAGE_CHANGES_CHANNEL}`);
      await client.query(`LISTEN ${this.#syncChannel}`);
    } catch (error) {
      void this.#drop(client, error as Error);
      return;
    }
    if (client !== this.#client || this.#closed) return;
    // Everything committed from here on will be heard; nothing was trusted while down.
    this.#live = true;
    this.#listeners.resumed();
    if (this.#retryMs > RECONNECT_FIRST_MS)
      this.log?.('change feed back: cached package heads trusted again');
    this.#retryMs = RECONNECT_FIRST_MS;
  }

  #heard(token: string): void {
    const resolve = this.#waiting.get(token);
    if (!resolve) return;
    this.#waiting.delete(token);
    resolve();
  }

  /** Forgets the connection, tells the listeners, and reconnects unless closed. */
  #drop(client: pg.Client, error: Error): Promise<void> {
    if (client !== this.#client) return Promise.resolve();
    this.#client = undefined;
    const wasLive = this.#live;
    this.#live = false;
    this.#listeners.lost();
    for (const resolve of this.#waiting.values()) resolve();
    this.#waiting.clear();
    client.removeAllListeners('notification');
    client.on('error', () => {});
    const ended = client.end().catch(() => {});
    if (this.#closed) return ended;
    if (wasLive || this.#retryMs === RECONNECT_FIRST_MS) {
      this.log?.(`change feed lost (${error.message}): every read checks the database until it is back`);
    }
    this.#retry = setTimeout(() => void this.#connect(), this.#retryMs);
    this.#retry.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, RECONNECT_MAX_MS);
    return ended;
  }

  settle(): Promise<void> {
    const client = this.#client;
    if (!this.#live || !client) return Promise.resolve();
    const token = String(this.#nextToken++);
    return new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => void this.#drop(client, new Error(`no notification round trip in ${ROUND_TRIP_TIMEOUT_MS} ms`)),
        ROUND_TRIP_TIMEOUT_MS,
      );
      timer.unref();
      this.#waiting.set(token, () => {
        clearTimeout(timer);
        resolve();
      });
      client
        .query('select pg_notify($1, $2)', [this.#syncChannel, token])
        .catch((error: Error) => this.#drop(client, error));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#retry);
    const client = this.#client;
    if (!client) return;
    // A connection that stopped answering may never finish ending: do not hold the server's close.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#drop(client, new Error('closed')),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ROUND_TRIP_TIMEOUT_MS).unref();
      }),
    ]);
    clearTimeout(timer);
  }
}
