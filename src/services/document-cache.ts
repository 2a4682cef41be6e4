/**
 * A bounded, in-process cache of what a package's reads serve (serialised documents, tarball bytes),
 * each entry valid for one package revision (`packages.revision`, moved by database triggers on every
 * write to the package, its versions or its dist-tags). Readers ask for the revision of the package's
 * head (package-heads.ts: trusted from memory while the change feed is live, else read from the
 * database), so a write through any server sharing the database makes every server's entry stale as
 * soon as that server has heard of it. The caller checks visibility on the head before `get`.
 */
export class DocumentCache<T> {
  readonly #entries = new Map<string, { revision: number; value: T; weight: number }>();
  #weight = 0;

  /** `maxWeight`: entries count 1 each unless `weigh` says otherwise (bytes, for tarballs). */
  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (value: T) => number = () => 1,
  ) {}

  get(key: string, revision: number): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.revision !== revision) {
      this.#weight -= entry.weight;
      return undefined;
    }
    this.#entries.set(key, entry); // most recently used last
    return entry.value;
  }

  set(key: string, revision: number, value: T): void {
    const weight = this.weigh(value);
    if (weight > this.maxWeight) return;
    const old = this.#entries.get(key);
    if (old) {
      this.#entries.delete(key);
      this.#weight -= old.weight;
    }
    this.#entries.set(key, { revision, value, weight });
    this.#weight += weight;
    for (const [oldest, entry] of this.#entries) {
      if (this.#weight <= this.maxWeight) break;
      this.#entries.delete(oldest);
      this.#weight -= entry.weight;
    }
  }
}

/** Whether an If-None-Match header names `etag` (a weak `W/` validator names the same bytes here). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}
