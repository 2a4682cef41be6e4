/**
 * The registry API's answers, declared once: the services build them, the server sends them, and
 * the CLI and the tests read them. (Package metadata, search and diff shapes live beside the logic
 * they come from: `Packument` and `SearchResponse` in types.ts, `PackageDiff` in diff/types.ts.)
 */
import type { TestReport } from './pattern-tests/run.js';
import type { Manifest, OrgRole, PackageContents, PackageKind, Packument, ValidationIssue } from './types.js';

/** `GET /v1/packages/:scope/:name`: the packument plus what people read. */
export interface PackageDocument extends Packument {
  scope: string;
  keywords: string[];
  license: string | null;
  latest: string | null;
  downloads: number;
  /** Versions that were removed: listed so nobody expects to reuse their numbers. */
  removed: string[];
}

/** `GET /v1/packages/:scope/:name/:version`: one version in full. */
export interface VersionDocument {
  name: string;
  version: string;
  kind: PackageKind;
  access: 'public' | 'private';
  manifest: Manifest;
  integrity: string;
  tarball: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
  contents: PackageContents;
  dependencies: Record<string, string>;
  publishedAt: string;
  deprecated: string | null;
  yanked: boolean;
  /** Who published despite a too-small semver bump, and why. */
  bumpOverride: Record<string, unknown> | null;
  /** The package's pattern tests as the registry ran them at publish (null when it has none). */
  tests: TestReport | null;
}

/** `PUT /v1/packages/:scope/:name/:version` (201). */
export interface PublishResponse extends VersionDocument {
  /** The tags this publish set. */
  distTags: Record<string, string>;
  warnings: ValidationIssue[];
}

/** `POST /v1/packages/:scope/:name/deprecate`. */
export interface DeprecateResponse {
  name: string;
  versions: string[];
  deprecated: string | null;
}

/** `PUT/DELETE /v1/packages/:scope/:name/:version/yank`. */
export interface YankResponse {
  name: string;
  version: string;
  yanked: boolean;
}

/** `DELETE /v1/packages/:scope/:name/:version`. */
export interface RemoveResponse {
  name: string;
  version: string;
  removed: true;
}

/** What a token may do. `publish` implies `read`; `admin` implies both. */
export type TokenScope = 'read' | 'publish' | 'admin';
export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'publish', 'admin'];

/** A token as listed: never its secret. */
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  restriction: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** `POST /v1/tokens` (201): the secret, shown once. */
export interface TokenCreatedResponse extends TokenView {
  token: string;
}

/** `POST /v1/users` (201): the user and its first token's secret, shown once. */
export interface UserCreatedResponse {
  id: number;
  username: string;
  email: string | null;
  isAdmin: boolean;
  token: string;
  tokenId: string;
}

/** `GET /v1/whoami`. */
export interface WhoamiResponse {
  username: string;
  admin: boolean;
  token: { id: string; name: string; scopes: TokenScope[]; restriction: string | null };
  orgs: OrgMembership[];
}

export interface OrgMembership {
  name: string;
  role: OrgRole;
}

export interface OrgMember {
  username: string;
  role: OrgRole;
}

/** `GET /v1/orgs/:org`, `POST /v1/orgs`. */
export interface OrgView {
  name: string;
  description: string | null;
  personal: boolean;
  createdAt: string;
  /** Listed for members only. */
  members?: OrgMember[];
}

/** `GET /v1/orgs/:org/audit`: newest first. */
export interface AuditPage {
  entries: Array<{
    id: number;
    at: string;
    actor: string | null;
    tokenId: string | null;
    action: string;
    target: string | null;
    details: Record<string, unknown> | null;
    requestId: string | null;
  }>;
  /** Pass as `before` for the next page; absent on the last page. */
  next?: number;
}
