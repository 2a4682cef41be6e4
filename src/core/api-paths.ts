/**
 * The registry API's URL layout, built in one place: the server's documents (tarball links), the
 * CLI and the tests all take their paths from here. Names are `@scope/name`; every variable part is
 * percent-encoded.
 */
import { parsePackageName } from './names.js';

export const API_PREFIX = '/v1';

const enc = encodeURIComponent;

/** `/v1/packages/:scope/:name` */
export function packagePath(fullName: string): string {
  const { scope, name } = parsePackageName(fullName);
  return `${API_PREFIX}/packages/${enc(scope)}/${enc(name)}`;
}

/** `/v1/packages/:scope/:name/:version` (a dist-tag works where the server reads one) */
export function versionPath(fullName: string, version: string): string {
  return `${packagePath(fullName)}/${enc(version)}`;
}

/** `/v1/packages/:scope/:name/:version/tarball` */
export function tarballPath(fullName: string, version: string): string {
  return `${versionPath(fullName, version)}/tarball`;
}

/** `/v1/packages/:scope/:name/:version/files`: a file's path follows, its slashes kept. */
export function filesPath(fullName: string, version: string): string {
  return `${versionPath(fullName, version)}/files`;
}

/** `/v1/packages/:scope/:name/:version/yank` */
export function yankPath(fullName: string, version: string): string {
  return `${versionPath(fullName, version)}/yank`;
}

/** `/v1/packages/:scope/:name/dist-tags[/:tag]` */
export function distTagsPath(fullName: string, tag?: string): string {
  return `${packagePath(fullName)}/dist-tags${tag === undefined ? '' : `/${enc(tag)}`}`;
}

/** `/v1/packages/:scope/:name/deprecate` */
export function deprecatePath(fullName: string): string {
  return `${packagePath(fullName)}/deprecate`;
}

/** `/v1/orgs[/:org]` */
export function orgPath(org?: string): string {
  return `${API_PREFIX}/orgs${org === undefined ? '' : `/${enc(org)}`}`;
}

/** `/v1/tokens[/:id]` (`current` is the token making the request) */
export function tokensPath(id?: string): string {
  return `${API_PREFIX}/tokens${id === undefined ? '' : `/${enc(id)}`}`;
}

/** `/v1/users[/:username]` */
export function usersPath(username?: string): string {
  return `${API_PREFIX}/users${username === undefined ? '' : `/${enc(username)}`}`;
}

export const WHOAMI_PATH = `${API_PREFIX}/whoami`;

/** `/v1/search?…` */
export function searchPath(query: URLSearchParams | Record<string, string>): string {
  return `${API_PREFIX}/search?${new URLSearchParams(query)}`;
}

/** `/v1/diff?from=…&to=…` */
export function diffPath(from: string, to: string): string {
  return `${API_PREFIX}/diff?${new URLSearchParams({ from, to })}`;
}

/** `/v1/orgs/:org/members/:username` */
export function orgMemberPath(org: string, username: string): string {
  return `${orgPath(org)}/members/${enc(username)}`;
}

/** `/v1/orgs/:org/audit[?…]` */
export function orgAuditPath(org: string, query?: URLSearchParams): string {
  return `${orgPath(org)}/audit${query && query.size > 0 ? `?${query}` : ''}`;
}
