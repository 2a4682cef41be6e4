/**
 * A registry that mirrors other registries per scope (`PATTERNHUB_UPSTREAMS`), as Verdaccio's
 * uplinks do, with these rules:
 * - only scopes named for an upstream, and only while no organisation or user of that name exists
 *   here: a locally owned scope is never asked of an upstream, so a name published upstream never
 *   shadows (or adds to) a local one;
 * - metadata is kept and served for `ttlMs`, then asked for again; when the upstream is down or
 *   slow (`timeoutMs`), the kept copy is served, marked stale;
 * - every version's upstream signature is verified against the upstream's `/v1/keys` before it is
 *   kept, and the mirror adds its own signature (so clients verify against the mirror's keys);
 * - tarballs are kept forever, content-addressed, after their integrity is checked.
 */
import { and, eq, sql } from 'drizzle-orm';
import { KEYS_PATH, packagePath, tarballPath, versionPath } from '../core/api-paths.js';
import type { PackageDocument } from '../core/api-types.js';
import { isRegistryError, RegistryError } from '../core/errors.js';
import { formatPackageName, NAME_PART } from '../core/names.js';
import { sharedRuns } from '../core/shared-runs.js';
import { type RegistryKey, type VersionSignature, verifyVersionSignature } from '../core/signatures.js';
import { integrityToHex, verifyIntegrity } from '../core/tarball/index.js';
import type { PackumentVersion, SearchResult } from '../core/types.js';
import type { Db } from '../db/database.js';
import { queryRows } from '../db/rows.js';
import { mirroredPackages, mirroredVersions, orgs, users } from '../db/schema/index.js';
import type { BlobStore } from '../storage/blob-store.js';
import type { SearchRequest } from './search-query.js';
import type { Signer } from './signing-keys.js';

export interface MirrorOptions {
  db: Db;
  blobs: BlobStore;
  signer: Signer;
  /** Scope (without `@`) → upstream base URL. */
  upstreams: Record<string, string>;
  ttlMs: number;
  timeoutMs: number;
  maxTarballBytes: number;
  now: () => Date;
  fetch?: typeof fetch;
}

/** A mirrored answer; `stale` when the upstream could not be asked and a kept copy is served. */
export interface Mirrored<T> {
  document: T;
  stale: boolean;
}

export interface Mirror {
  /** Undefined when the scope is not mirrored (or owned here): the caller answers its own 404. */
  readPackage(scope: string, name: string): Promise<Mirrored<PackageDocument> | undefined>;
  readVersion(
    scope: string,
    name: string,
    selector: string,
  ): Promise<Mirrored<Record<string, unknown>> | undefined>;
  readTarball(
    scope: string,
    name: string,
    version: string,
  ): Promise<{ data: Uint8Array; integrity: string; fileName: string } | undefined>;
  /** Whether a scope is answered from an upstream now (configured and not owned here). */
  isMirrored(scope: string): Promise<boolean>;
  /**
   * Kept mirrored packages matching every word of the text (name, description, keywords) and the
   * kind and scope filters; never one of a scope owned here. Marked `mirrored: true`.
   */
  search(request: SearchRequest): Promise<Array<SearchResult & { mirrored: true }>>;
}

type Fetched = { status: 'ok'; body: unknown } | { status: 'missing' };

export function createMirror(options: MirrorOptions): Mirror {
  const { db, blobs, signer, upstreams, ttlMs, timeoutMs, now } = options;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const keyCache = new Map<string, { keys: RegistryKey[]; at: number }>();
  const inFlight = sharedRuns<string, unknown>();

  const unavailable = (upstream: string, why: string) =>
    new RegistryError('UPSTREAM_UNAVAILABLE', `The upstream registry ${upstream} did not answer: ${why}`, {
      details: { upstream },
    });

  async function request(
    upstream: string,
    path: string,
    accept: 'json' | 'bytes',
  ): Promise<Response | undefined> {
    let response: Response;
    try {
      response = await doFetch(upstream + path, {
        headers: { accept: accept === 'json' ? 'application/json' : 'application/gzip' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unavailable(
        upstream,
        (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message,
      );
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(upstream, `HTTP ${response.status}`);
    }
    return response;
  }

  async function getJson(upstream: string, path: string): Promise<Fetched> {
    const response = await request(upstream, path, 'json');
    if (!response) return { status: 'missing' };
    try {
      return { status: 'ok', body: await response.json() };
    } catch (error) {
      throw unavailable(upstream, `unreadable answer (${(error as Error).message})`);
    }
  }

  async function upstreamKeys(upstream: string, refresh: boolean): Promise<RegistryKey[]> {
    const cached = keyCache.get(upstream);
    if (cached && !refresh && Date.now() - cached.at < ttlMs) return cached.keys;
    const fetched = await getJson(upstream, KEYS_PATH);
    const keys = fetched.status === 'ok' ? ((fetched.body as { keys?: RegistryKey[] }).keys ?? []) : [];
    keyCache.set(upstream, { keys, at: Date.now() });
    return keys;
  }

  /** Verifies the upstream's signature; returns the signatures to serve: the upstream's and ours. */
  async function vouch(
    upstream: string,
    subject: {
      name: string;
      version: string;
      integrity: string;
      signatures?: VersionSignature[];
      publishedAt?: string;
    },
  ): Promise<VersionSignature[]> {
    const check = async (refresh: boolean) =>
      verifyVersionSignature(
        { ...subject, signatures: subject.signatures ?? [] },
        await upstreamKeys(upstream, refresh),
        upstream,
      );
    try {
      await check(false);
    } catch (error) {
      // A key we have not seen may be a rotation upstream: ask for its keys once more.
      if (!isRegistryError(error, 'SIGNATURE_KEY_UNKNOWN')) throw error;
      await check(true);
    }
    return [...(subject.signatures ?? []), ...signer.sign(subject.name, subject.version, subject.integrity)];
  }

  async function upstreamFor(scope: string): Promise<string | undefined> {
    const upstream = upstreams[scope];
    if (!upstream || !NAME_PART.test(scope)) return undefined;
    const [[org], [user]] = await Promise.all([
      db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, scope)).limit(1),
      db.select({ id: users.id }).from(users).where(eq(users.username, scope)).limit(1),
    ]);
    const owned = org ?? user;
    return owned ? undefined : upstream;
  }

  /** One refresh per key at a time: concurrent readers of an expired entry share it. */
  const once = <T>(key: string, task: () => Promise<T>): Promise<T> => inFlight(key, task) as Promise<T>;

  const fresh = (fetchedAt: Date) => now().getTime() - fetchedAt.getTime() < ttlMs;

  async function refreshPackage(
    upstream: string,
    scope: string,
    name: string,
  ): Promise<PackageDocument | undefined> {
    const fullName = formatPackageName(scope, name);
    const fetched = await getJson(upstream, packagePath(fullName));
    if (fetched.status === 'missing') {
      await db.delete(mirroredPackages).where(eq(mirroredPackages.fullName, fullName));
      return undefined;
    }
    const document = fetched.body as PackageDocument;
    if (document?.name !== fullName || typeof document.versions !== 'object' || document.versions === null) {
      throw unavailable(upstream, `answered something else than ${fullName}`);
    }
    for (const entry of Object.values(document.versions) as PackumentVersion[]) {
      entry.signatures = await vouch(upstream, { name: fullName, ...entry });
    }
    const kept: PackageDocument = { ...document, mirrored: true, upstream };
    await db
      .insert(mirroredPackages)
      .values({
        fullName,
        scope,
        upstream,
        document: kept as unknown as Record<string, unknown>,
        fetchedAt: now(),
      })
      .onConflictDoUpdate({
        target: mirroredPackages.fullName,
        set: { upstream, document: kept as unknown as Record<string, unknown>, fetchedAt: now() },
      });
    return kept;
  }

  async function readPackage(scope: string, name: string): Promise<Mirrored<PackageDocument> | undefined> {
    const upstream = await upstreamFor(scope);
    if (!upstream) return undefined;
    const fullName = formatPackageName(scope, name);
    const [row] = await db
      .select()
      .from(mirroredPackages)
      .where(eq(mirroredPackages.fullName, fullName))
      .limit(1);
    if (row && row.upstream === upstream && fresh(row.fetchedAt)) {
      return { document: row.document as unknown as PackageDocument, stale: false };
    }
    try {
      const document = await once(`p:${fullName}`, () => refreshPackage(upstream, scope, name));
      if (!document) throw new RegistryError('PACKAGE_NOT_FOUND', `No package ${fullName}`);
      return { document, stale: false };
    } catch (error) {
      if (row && isRegistryError(error, 'UPSTREAM_UNAVAILABLE')) {
        return { document: row.document as unknown as PackageDocument, stale: true };
      }
      throw error;
    }
  }

  async function readVersion(scope: string, name: string, selector: string) {
    const upstream = await upstreamFor(scope);
    if (!upstream) return undefined;
    const fullName = formatPackageName(scope, name);
    let version = selector;
    let staleTag = false;
    if (!/^\d/.test(selector)) {
      const pkg = await readPackage(scope, name);
      version = pkg?.document.distTags[selector] ?? '';
      if (!version)
        throw new RegistryError('VERSION_NOT_FOUND', `${fullName} has no version or tag "${selector}"`);
      staleTag = pkg?.stale ?? false;
    }
    const [row] = await db
      .select()
      .from(mirroredVersions)
      .where(and(eq(mirroredVersions.fullName, fullName), eq(mirroredVersions.version, version)))
      .limit(1);
    if (row && fresh(row.fetchedAt)) return { document: row.document, stale: staleTag };
    try {
      const document = await once(`v:${fullName}@${version}`, async () => {
        const fetched = await getJson(upstream, versionPath(fullName, version));
        if (fetched.status === 'missing') return undefined;
        const body = fetched.body as Record<string, unknown> & {
          name?: string;
          version?: string;
          integrity?: string;
          publishedAt?: string;
          dist?: { integrity?: string; tarball?: string; signatures?: VersionSignature[] };
        };
        if (body?.name !== fullName || body.version !== version || typeof body.integrity !== 'string') {
          throw unavailable(upstream, `answered something else than ${fullName}@${version}`);
        }
        const signatures = await vouch(upstream, {
          name: fullName,
          version,
          integrity: body.integrity,
          signatures: body.dist?.signatures ?? [],
          ...(body.publishedAt ? { publishedAt: body.publishedAt } : {}),
        });
        const kept = {
          ...body,
          dist: { ...body.dist, integrity: body.integrity, signatures },
          mirrored: true,
          upstream,
        };
        await db
          .insert(mirroredVersions)
          .values({ fullName, version, document: kept, fetchedAt: now() })
          .onConflictDoUpdate({
            target: [mirroredVersions.fullName, mirroredVersions.version],
            set: { document: kept, fetchedAt: now() },
          });
        return kept;
      });
      if (!document) throw new RegistryError('VERSION_NOT_FOUND', `No version ${version} of ${fullName}`);
      return { document, stale: staleTag };
    } catch (error) {
      if (row && isRegistryError(error, 'UPSTREAM_UNAVAILABLE'))
        return { document: row.document, stale: true };
      throw error;
    }
  }

  async function readTarball(scope: string, name: string, version: string) {
    const pkg = await readPackage(scope, name);
    if (!pkg) return undefined;
    const fullName = formatPackageName(scope, name);
    const upstream = upstreams[scope]!;
    const entry = pkg.document.versions[version];
    if (!entry) throw new RegistryError('VERSION_NOT_FOUND', `No version ${version} of ${fullName}`);
    const key = integrityToHex(entry.integrity);
    const fileName = `${scope}-${name}-${version}.tgz`;
    const kept = await blobs.get(key);
    if (kept) return { data: kept, integrity: entry.integrity, fileName };
    const data = await once(`t:${key}`, async () => {
      const response = await request(upstream, tarballPath(fullName, version), 'bytes');
      if (!response)
        throw new RegistryError('VERSION_NOT_FOUND', `No version ${version} of ${fullName} upstream`);
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > options.maxTarballBytes) {
        await response.body?.cancel();
        throw unavailable(
          upstream,
          `the tarball of ${fullName}@${version} is over ${options.maxTarballBytes} bytes`,
        );
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw unavailable(upstream, (error as Error).message);
      }
      if (bytes.byteLength > options.maxTarballBytes) {
        throw unavailable(
          upstream,
          `the tarball of ${fullName}@${version} is over ${options.maxTarballBytes} bytes`,
        );
      }
      // The metadata's integrity was vouched for by the upstream's signature; the bytes must match it.
      verifyIntegrity(bytes, entry.integrity);
      await blobs.put(key, bytes, db);
      return bytes;
    });
    return { data, integrity: entry.integrity, fileName };
  }

  async function search(request: SearchRequest) {
    const scopes = Object.keys(upstreams).filter(
      (scope) => request.scopes.length === 0 || request.scopes.includes(scope),
    );
    if (scopes.length === 0) return [];
    const words = request.text.toLowerCase().split(/\s+/).filter(Boolean);
    const text = sql`lower(m.full_name || ' ' || coalesce(m.document->>'description', '') || ' ' || coalesce(m.document->>'keywords', ''))`;
    const conditions = [
      sql`m.scope in (${sql.join(
        scopes.map((scope) => sql`${scope}`),
        sql`, `,
      )})`,
      sql`not exists (select 1 from orgs o where o.name = m.scope)`,
      sql`not exists (select 1 from users u where u.username = m.scope)`,
      ...words.map((word) => sql`strpos(${text}, ${word}) > 0`),
      ...(request.kinds.length > 0 ? [sql`m.document->>'kind' = ${request.kinds[0]}`] : []),
    ];
    const list = await queryRows<{ document: PackageDocument }>(
      db,
      sql`select m.document from mirrored_packages m where ${sql.join(conditions, sql` and `)} order by m.full_name limit ${request.perPage}`,
    );
    return list.map(({ document }) => {
      const latest = document.latest ? document.versions[document.latest] : undefined;
      return {
        name: document.name,
        scope: document.scope,
        kind: document.kind,
        version: document.latest ?? '',
        description: document.description,
        keywords: document.keywords ?? [],
        license: document.license ?? null,
        downloads: document.downloads ?? 0,
        publishedAt: latest?.publishedAt ?? document.time.modified,
        deprecated: latest?.deprecated ?? null,
        score: 0,
        mirrored: true as const,
      };
    });
  }

  return {
    search,
    readPackage,
    readVersion,
    readTarball,
    isMirrored: async (scope) => (await upstreamFor(scope)) !== undefined,
  };
}

/** Headers of an answer served from a kept copy while the upstream is away (RFC 7234's warning). */
export function staleHeaders(stale: boolean): Record<string, string> {
  return stale ? { 'x-patternhub-stale': '1', warning: '110 - "Response is Stale"' } : {};
}

/**
 * For a route's `.catch`: a package this registry does not hold (or hides) is asked of the mirror;
 * the local error stands when the scope is not mirrored (or is owned here), so nothing leaks and
 * nothing upstream shadows a local name.
 */
export function orMirrored<T>(fallback: () => Promise<T | undefined> | undefined) {
  return async (error: unknown): Promise<T> => {
    if (!isRegistryError(error, 'PACKAGE_NOT_FOUND')) throw error;
    const answer = await fallback();
    if (answer === undefined) throw error;
    return answer;
  };
}
