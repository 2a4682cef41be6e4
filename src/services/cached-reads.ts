import type { Actor } from './actor.js';
import { DocumentCache } from './document-cache.js';
import { createPackageHeads } from './package-heads.js';
import { findVisiblePackageHead, type HeadReader } from './package-lookup.js';
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

/** One head reader per set of services: the three routes share what any of them learnt. */
const headReaders = new WeakMap<ReadDeps, HeadReader>();
function headsOf(deps: ReadDeps): HeadReader {
  let heads = headReaders.get(deps);
  if (!heads) {
    heads = createPackageHeads(deps);
    headReaders.set(deps, heads);
  }
  return heads;
}

export interface CachedDocument {
  /** Strong: the same tag always names the same bytes. */
  etag: string;
  access: 'public' | 'private';
  body(): Promise<Uint8Array<ArrayBuffer>>;
}

/** A package document without its download count, which moves on its own, and its last full body. */
interface PackageEntry {
  rest: string;
  downloads: number;
  bytes: Uint8Array<ArrayBuffer> | undefined;
}

/** `fresh`: check the head in the database whatever is cached (a request's `Cache-Control: no-cache`). */
export function createPackageDocuments(deps: ReadDeps) {
  const heads = headsOf(deps);
  const cache = new DocumentCache<PackageEntry>(MAX_DOCUMENTS);
  return async (actor: Actor | null, scope: string, name: string, fresh = false): Promise<CachedDocument> => {
    const head = await findVisiblePackageHead(deps.db, heads, actor, scope, name, fresh);
    return {
      etag: `"p${head.id}.${head.revision}.${head.downloads}"`,
      access: head.access,
      async body() {
        let entry = cache.get(head.fullName, head.revision);
        if (entry === undefined) {
          const { downloads: _, ...document } = await readPackage(deps.db, actor, scope, name);
          entry = { rest: JSON.stringify(document).slice(1), downloads: -1, bytes: undefined };
          // Read after the head: at least as new as head.revision, never older.
          cache.set(head.fullName, head.revision, entry);
        }
        if (entry.bytes === undefined || entry.downloads !== head.downloads) {
          entry.bytes = Buffer.from(`{"downloads":${head.downloads},${entry.rest}`);
          entry.downloads = head.downloads;
        }
        return entry.bytes;
      },
    };
  };
}

export function createVersionDocuments(deps: ReadDeps) {
  const heads = headsOf(deps);
  const cache = new DocumentCache<Uint8Array<ArrayBuffer>>(MAX_DOCUMENTS);
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
    return { etag: `"v${head.id}.${head.revision}"`, access: head.access, body: async () => bytes };
  };
}

export interface CachedTarball {
  data: Uint8Array;
  integrity: string;
  fileName: string;
  version: string;
}

export function createTarballs(deps: ServiceDeps) {
  const heads = headsOf(deps);
  const cache = new DocumentCache<CachedTarball>(MAX_TARBALL_BYTES, (tarball) => tarball.data.byteLength);
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
