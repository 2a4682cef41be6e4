import type { Actor } from './actor.js';
import { DocumentCache } from './document-cache.js';
import { findVisiblePackageHead, type HeadReader, readPackageHead } from './package-lookup.js';
import { readIntegrity, readPackage, readTarball, readVersion } from './read-package.js';
import type { ServiceDeps } from './services.js';

/**
 * The registry's hot reads — package document, version document, tarball — served from documents
 * serialised once per package revision (see DocumentCache). Each request still reads the package's
 * head row, so visibility (private packages) and freshness (any write, through any server) are checked
 * every time; only the heavy part (versions, tags, serialisation, blob) comes from memory.
 */

/** Documents kept per cache; a package document of a few versions is a few KB. */
const MAX_DOCUMENTS = 2000;
/** Hot tarballs kept in memory, in bytes. */
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;

/**
 * The head reader of a set of cached reads. When this process is the database's only client
 * (`singleClient`: embedded PGlite, which runs statements one at a time in order), concurrent reads of
 * one package share one query: a query still running when a request arrives was queued after every
 * write that had already answered, so it cannot be stale. On a shared PostgreSQL another server's
 * write may commit while a query runs, so every request reads its own.
 */
function headReader(deps: Pick<ServiceDeps, 'db' | 'singleClient'>): HeadReader {
  const read = readPackageHead(deps.db);
  if (!deps.singleClient) return read;
  const running = new Map<string, ReturnType<HeadReader>>();
  return (fullName) => {
    let pending = running.get(fullName);
    if (!pending) {
      pending = read(fullName).finally(() => running.delete(fullName));
      running.set(fullName, pending);
    }
    return pending;
  };
}

export interface CachedDocument {
  /** Strong: the same tag always names the same bytes. */
  etag: string;
  access: 'public' | 'private';
  body(): Promise<string>;
}

export function createPackageDocuments(deps: Pick<ServiceDeps, 'db' | 'singleClient'>) {
  const heads = headReader(deps);
  // The document without its download count, which moves on its own and is spliced in per request.
  const cache = new DocumentCache<string>(MAX_DOCUMENTS);
  return async (actor: Actor | null, scope: string, name: string): Promise<CachedDocument> => {
    const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name);
    return {
      etag: `"p${head.id}.${head.revision}.${head.downloads}"`,
      access: head.access,
      async body() {
        let rest = cache.get(head.fullName, head.revision);
        if (rest === undefined) {
          const { downloads: _, ...document } = await readPackage(deps.db, actor, scope, name);
          rest = JSON.stringify(document).slice(1);
          // Read after the head: at least as new as head.revision, never older.
          cache.set(head.fullName, head.revision, rest);
        }
        return `{"downloads":${head.downloads},${rest}`;
      },
    };
  };
}

export function createVersionDocuments(deps: Pick<ServiceDeps, 'db' | 'singleClient'>) {
  const heads = headReader(deps);
  const cache = new DocumentCache<string>(MAX_DOCUMENTS);
  return async (
    actor: Actor | null,
    scope: string,
    name: string,
    selector: string,
  ): Promise<CachedDocument> => {
    const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name);
    const key = `${head.fullName}@${selector}`;
    let body = cache.get(key, head.revision);
    if (body === undefined) {
      body = JSON.stringify(await readVersion(deps.db, actor, scope, name, selector));
      cache.set(key, head.revision, body);
    }
    const text = body;
    return { etag: `"v${head.id}.${head.revision}"`, access: head.access, body: async () => text };
  };
}

export interface CachedTarball {
  data: Uint8Array;
  integrity: string;
  fileName: string;
  version: string;
}

export function createTarballs(deps: ServiceDeps) {
  const heads = headReader(deps);
  const cache = new DocumentCache<CachedTarball>(MAX_TARBALL_BYTES, (tarball) => tarball.data.byteLength);
  return {
    /** The version's integrity (for If-None-Match), without reading or counting the tarball. */
    async integrity(actor: Actor | null, scope: string, name: string, version: string): Promise<string> {
      const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name);
      const cached = cache.get(`${head.fullName}@${version}`, head.revision);
      return cached ? cached.integrity : readIntegrity(deps.db, actor, scope, name, version);
    },
    /** The tarball, counted as a download. */
    async read(actor: Actor | null, scope: string, name: string, version: string): Promise<CachedTarball> {
      const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name);
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
