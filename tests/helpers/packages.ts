/**
 * Test packages built in memory (never from disk), and small helpers to publish them and to set up
 * users, organisations and tokens on a test registry. Shared by the server integration tests.
 */
import assert from 'node:assert/strict';
import type { SQL } from 'drizzle-orm';
import { orgMemberPath, orgPath, usersPath, versionPath } from '../../src/core/api-paths.js';
import type { UserCreatedResponse } from '../../src/core/api-types.js';
import { ERROR_CODES, type ErrorCode } from '../../src/core/errors.js';
import { parsePackageName } from '../../src/core/names.js';
import { filesFromRecord, type PackageFiles } from '../../src/core/package-files.js';
import { packFiles } from '../../src/core/tarball/index.js';
import type { OrgRole } from '../../src/core/types.js';
import { queryRows } from '../../src/db/rows.js';
import type { TestRegistry } from './registry.js';

export interface PackageSpec {
  /** `@scope/name` */
  name: string;
  version: string;
  kind?: 'pattern' | 'action';
  description?: string;
  keywords?: string[];
  dependencies?: Record<string, string>;
  /**
   * Pattern only: actions (`@scope/pkg.action`) the workflow calls in sequence, each with
   * `{ message }` as input (the parameter every action built here takes).
   */
  calls?: string[];
  /** Extra workflow (pattern) or action parameters: name → required. Changes the semver weight. */
  parameters?: Record<string, boolean>;
  /** Extra or replacing files. */
  files?: Record<string, string | Uint8Array>;
  /** Raw lines appended to the manifest. */
  manifestExtra?: string[];
}

function member(name: string): string {
  return parsePackageName(name).name;
}

function manifest(spec: PackageSpec): string {
  const lines = [
    `name: "${spec.name}"`,
    `version: ${spec.version}`,
    `kind: ${spec.kind ?? 'pattern'}`,
    `description: ${JSON.stringify(spec.description ?? `Test package ${spec.name}.`)}`,
    `keywords: [${(spec.keywords ?? []).join(', ')}]`,
    'license: Apache-2.0',
  ];
  const deps = Object.entries(spec.dependencies ?? {});
  if (deps.length > 0) {
    lines.push('dependencies:');
    for (const [dep, range] of deps) lines.push(`  "${dep}": "${range}"`);
  }
  lines.push(...(spec.manifestExtra ?? []));
  return `${lines.join('\n')}\n`;
}

function extraParameterLines(parameters: Record<string, boolean> | undefined): string[] {
  return Object.entries(parameters ?? {}).flatMap(([param, required]) => [
    `  ${param}:`,
    '    type: string',
    ...(required ? ['    required: true'] : []),
  ]);
}

function workflow(spec: PackageSpec): string {
  const calls = spec.calls ?? [];
  const extra = Object.keys(spec.parameters ?? {});
  const tasks: string[] = [];
  const steps = calls.length > 0 ? calls : ['core.echo'];
  steps.forEach((action, index) => {
    tasks.push(`    step${index}:`, `      action: ${JSON.stringify(action)}`, '      input:');
    tasks.push('        message: <% ctx().message %>');
    if (index < steps.length - 1) tasks.push('      next:', `        - do: step${index + 1}`);
  });
  return [
    `name: ${member(spec.name)}`,
    'description: Say something.',
    'parameters:',
    '  message:',
    '    type: string',
    '    default: hello',
    ...extraParameterLines(spec.parameters),
    'workflow:',
    '  version: 1.0',
    '  input:',
    '    - message',
    ...extra.map((param) => `    - ${param}`),
    '  tasks:',
    ...tasks,
    '',
  ].join('\n');
}

function action(spec: PackageSpec): string {
  const name = member(spec.name);
  return [
    `name: ${name}`,
    'description: Print a message.',
    'runner_type: local-shell-script',
    `entry_point: ${name}.sh`,
    'parameters:',
    '  message:',
    '    type: string',
    '    required: true',
    ...extraParameterLines(spec.parameters),
    'output_schema:',
    '  stdout:',
    '    type: string',
    '',
  ].join('\n');
}

/** A valid package: a pattern with one workflow named like the package, or an action package. */
export function buildFiles(spec: PackageSpec): PackageFiles {
  const name = member(spec.name);
  const record: Record<string, string | Uint8Array> = {
    'patternhub.yaml': manifest(spec),
    'README.md': `# ${spec.name}\n\n${spec.description ?? 'A test package.'}\n`,
  };
  if ((spec.kind ?? 'pattern') === 'pattern') {
    record[`workflows/${name}.yaml`] = workflow(spec);
  } else {
    record[`actions/${name}.yaml`] = action(spec);
    record[`actions/${name}.sh`] = '#!/usr/bin/env bash\necho "$1"\n';
  }
  return filesFromRecord({ ...record, ...spec.files });
}

/** The package as a deterministic gzipped tarball. */
export function buildTarball(spec: PackageSpec): Uint8Array {
  return packFiles(buildFiles(spec));
}

export interface PublishOptions {
  token: string | undefined;
  /** A prepared tarball; otherwise built from the spec. */
  tarball?: Uint8Array;
  tag?: string;
  access?: 'public' | 'private';
  overrideBump?: string;
  /** Publish under this URL name@version instead of the spec's (mismatch tests). */
  urlName?: string;
  urlVersion?: string;
}

/** PUT /v1/packages/:scope/:name/:version with the package's tarball. */
export function publish(
  registry: TestRegistry,
  spec: PackageSpec,
  options: PublishOptions,
): Promise<Response> {
  const query = new URLSearchParams();
  if (options.tag) query.set('tag', options.tag);
  if (options.access) query.set('access', options.access);
  if (options.overrideBump) query.set('overrideBump', options.overrideBump);
  const qs = query.size > 0 ? `?${query}` : '';
  const path = versionPath(options.urlName ?? spec.name, options.urlVersion ?? spec.version);
  const body = options.tarball ?? buildTarball(spec);
  return registry.request(path + qs, {
    method: 'PUT',
    token: options.token,
    body: body as Uint8Array<ArrayBuffer>,
    headers: { 'content-type': 'application/gzip' },
  });
}

/** Publishes and asserts a 201; returns the answer. */
export async function publishOk(
  registry: TestRegistry,
  spec: PackageSpec,
  options: PublishOptions,
): Promise<Record<string, unknown>> {
  const res = await publish(registry, spec, options);
  const body = (await res.json()) as Record<string, unknown>;
  assert.equal(res.status, 201, `publish ${spec.name}@${spec.version}: ${JSON.stringify(body)}`);
  return body;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  requestId: string;
  hint?: string;
  /** `{}` when the problem has none, so tests can read fields without a guard. */
  details: Record<string, unknown>;
}

/** Asserts an application/problem+json answer with this status and code; returns the problem. */
export async function expectProblem(res: Response, status: number, code: ErrorCode): Promise<Problem> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${text}`);
  const mapped = ERROR_CODES[code].status;
  assert.equal(mapped, status, `the code table maps ${code} to ${mapped}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = JSON.parse(text) as Problem;
  problem.details ??= {};
  assert.equal(problem.code, code, text);
  assert.equal(problem.status, status);
  assert.ok(problem.requestId, 'a problem carries its request id');
  return problem;
}

/** Reads a JSON answer, asserting its status. */
export async function expectJson<T = Record<string, unknown>>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** POST /v1/users as the admin: a new user with its first (read, publish, admin) token. */
export async function createUser(registry: TestRegistry, username: string): Promise<string> {
  const res = await registry.request(usersPath(), json('POST', { username }, registry.adminToken));
  const body = await expectJson<UserCreatedResponse>(res, 201);
  return body.token;
}

/** POST /v1/orgs: the caller becomes owner. */
export async function createOrg(registry: TestRegistry, token: string, name: string): Promise<void> {
  await expectJson(await registry.request(orgPath(), json('POST', { name }, token)), 201);
}

/** PUT /v1/orgs/:org/members/:user */
export async function setMember(
  registry: TestRegistry,
  token: string,
  org: string,
  username: string,
  role: OrgRole,
): Promise<void> {
  const res = await registry.request(orgMemberPath(org, username), json('PUT', { role }, token));
  await expectJson(res, 200);
}

/** POST /v1/tokens: returns the secret and the token's id. */
export async function createToken(
  registry: TestRegistry,
  token: string,
  input: { name?: string; scopes: string[]; restriction?: string | null },
): Promise<{ token: string; id: string }> {
  const res = await registry.request('/v1/tokens', {
    method: 'POST',
    token,
    body: JSON.stringify({ name: input.name ?? 'test', ...input }),
    headers: { 'content-type': 'application/json' },
  });
  return expectJson<{ token: string; id: string }>(res, 201);
}

/** A JSON request body with its content type. */
export function json(method: string, body: unknown, token?: string): RequestInit & { token?: string } {
  return {
    method,
    token,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  };
}

/** Rows of a raw query on the registry's own database (to check what was, or was not, written). */
export function rowsOf<T = Record<string, unknown>>(registry: TestRegistry, query: SQL): Promise<T[]> {
  return queryRows<T>(registry.database.db, query);
}
