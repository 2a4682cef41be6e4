import type { Actor } from './actor.js';
import { DocumentCache } from './document-cache.js';
import { createPackageHeads, type PackageHeads } from './package-heads.js';
import { findVisiblePackageHead, type PackageHead } from './package-lookup.js';
import { readIntegrity, readPackage, readTarball, readVersion } from './read-package.js';
import type { ServiceDeps } from './services.js';

/**
 * The registry's hot reads — package document, version document, tarball — served from documents
 * serialised once per package revision (see DocumentCache), behind the package's head (visibility,
 * revision, download count) from createPackageHeads: trusted from memory while the database's change
 * feed is live, so a hit runs no query; read from the database on every request otherwise.
 */

/** Documents kept per cache; a package document of a few versions is a few KB. */
const MAX_DOCUMENTS = 2000;
/** Hot tarballs kept in memory, in bytes. */
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;

type ReadDeps = Pick<ServiceDeps, 'db' | 'singleClient' | 'changes'>;

/** A package document without its download count, which moves on its own, and its last full body. */
interface PackageEntry {
  rest: string;
  downloads: number;
  bytes: Uint8Array<ArrayBuffer> | undefined;
}

/**
 * One set of caches per set of services: the three routes and the fast read path
 * (src/server/fast-reads.ts) share what any of them learnt.
 */
interface ReadCaches {
  heads: PackageHeads;
  packages: DocumentCache<PackageEntry>;
  versions: DocumentCache<Uint8Array<ArrayBuffer>>;
  tarballs: DocumentCache<CachedTarball>;
}
const readCaches = new WeakMap<ReadDeps, ReadCaches>();
function cachesOf(deps: ReadDeps): ReadCaches {
  let caches = readCaches.get(deps);
  if (!caches) {
    caches = {
      heads: createPackageHeads(deps),
      packages: new DocumentCache(MAX_DOCUMENTS),
      versions: new DocumentCache(MAX_DOCUMENTS),
      tarballs: new DocumentCache(MAX_TARBALL_BYTES, (tarball) => tarball.data.byteLength),
    };
    readCaches.set(deps, caches);
  }
  return caches;
}

const packageEtag = (head: PackageHead) => `"p${head.id}.${head.revision}.${head.downloads}"`;
const versionEtag = (head: PackageHead) => `"v${head.id}.${head.revision}"`;

/** The package document's bytes with the head's download count (rebuilt only when the count moved). */
function packageBytes(entry: PackageEntry, head: PackageHead): Uint8Array<ArrayBuffer> {
  if (entry.bytes === undefined || entry.downloads !== head.downloads) {
    entry.bytes = Buffer.from(`{"downloads":${head.downloads},${entry.rest}`);
    entry.downloads = head.downloads;
  }
  return entry.bytes;
}

export interface CachedDocument {
  /** Strong: the same tag always names the same bytes. */
  etag: string;
  access: 'public' | 'private';
  body(): Promise<Uint8Array<ArrayBuffer>>;
}

/** `fresh`: check the head in the database whatever is cached (a request's `Cache-Control: no-cache`). */
export function createPackageDocuments(deps: ReadDeps) {
  const { heads, packages: cache } = cachesOf(deps);
  return async (actor: Actor | null, scope: string, name: string, fresh = false): Promise<CachedDocument> => {
    const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name, fresh);
    return {
      etag: packageEtag(head),
      access: head.access,
      async body() {
        let entry = cache.get(head.fullName, head.revision);
        if (entry === undefined) {
          const { downloads: _, ...document } = await readPackage(deps.db, actor, scope, name);
          entry = { rest: JSON.stringify(document).slice(1), downloads: -1, bytes: undefined };
          // Read after the head: at least as new as head.revision, never older.
          cache.set(head.fullName, head.revision, entry);
        }
        return packageBytes(entry, head);
      },
    };
  };
}

export function createVersionDocuments(deps: ReadDeps) {
  const { heads, versions: cache } = cachesOf(deps);
  return async (
    actor: Actor | null,
    scope: string,
    name: string,
    selector: string,
    fresh = false,
  ): Promise<CachedDocument> => {
    const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name, fresh);
    const key = `${head.fullName}@${selector}`;
    let body = cache.get(key, head.revision);
    if (body === undefined) {
      body = Buffer.from(JSON.stringify(await readVersion(deps.db, actor, scope, name, selector)));
      cache.set(key, head.revision, body);
    }
    const bytes = body;
    return { etag: versionEtag(head), access: head.access, body: async () => bytes };
  };
}

export interface CachedTarball {
  data: Uint8Array;
  integrity: string;
  fileName: string;
  version: string;
}

export function createTarballs(deps: ServiceDeps) {
  const { heads, tarballs: cache } = cachesOf(deps);
  return {
    /** The version's integrity (for If-None-Match), without reading or counting the tarball. */
    async integrity(
      actor: Actor | null,
      scope: string,
      name: string,
      version: string,
      fresh = false,
    ): Promise<string> {
      const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name, fresh);
      const cached = cache.get(`${head.fullName}@${version}`, head.revision);
      return cached ? cached.integrity : readIntegrity(deps.db, actor, scope, name, version);
    },
    /** The tarball, counted as a download. */
    async read(
      actor: Actor | null,
      scope: string,
      name: string,
      version: string,
      fresh = false,
    ): Promise<CachedTarball> {
      const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name, fresh);
      const key = `${head.fullName}@${version}`;
      const cached = cache.get(key, head.revision);
      if (cached) {
        deps.downloads.record(head.id, cached.version);
        return cached;
      }
      const tarball = { ...(await readTarball(deps, actor, scope, name, version)), version };
      cache.set(key, head.revision, tarball);
      return tarball;
    },
  };
}

/** What the fast read path answers with: the bytes, their strong ETag. */
export interface HotAnswer {
  etag: string;
  body: Uint8Array;
}

/**
 * The reads an anonymous caller's hit can be served from without a promise (src/server/fast-reads.ts):
 * a public package whose head is trusted from memory (a live change feed) and whose answer is
 * cached for that head's revision. Anything else is undefined, and the request goes the routes' way,
 * which fill these caches. `fullName` is a valid `@scope/name`: the caller checked its parts.
 */
export function createHotReads(deps: ServiceDeps) {
  const { heads, packages, versions, tarballs } = cachesOf(deps);
  const publicHead = (fullName: string) => {
    const head = heads.peek(fullName);
    return head?.access === 'public' ? head : undefined;
  };
  return {
    package(fullName: string): HotAnswer | undefined {
      const head = publicHead(fullName);
      const entry = head && packages.get(fullName, head.revision);
      return entry && head ? { etag: packageEtag(head), body: packageBytes(entry, head) } : undefined;
    },
    version(fullName: string, selector: string): HotAnswer | undefined {
      const head = publicHead(fullName);
      const body = head && versions.get(`${fullName}@${selector}`, head.revision);
      return body && head ? { etag: versionEtag(head), body } : undefined;
    },
    /** The cached tarball, not yet counted: `count` records the download once it is served. */
    tarball(fullName: string, version: string): (CachedTarball & { count(): void }) | undefined {
      const head = publicHead(fullName);
      const tarball = head && tarballs.get(`${fullName}@${version}`, head.revision);
      if (!tarball || !head) return undefined;
      return { ...tarball, count: () => deps.downloads.record(head.id, tarball.version) };
    },
  };
}

export type HotReads = ReturnType<typeof createHotReads>;
