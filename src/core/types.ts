/**
 * Shapes shared by every part: the manifest, the contents summary of a package, validation issues.
 * Field meanings are documented in the JSON Schemas under `schema/`; these types mirror them.
 */

export type PackageKind = 'pattern' | 'action';

/** The roles a member holds in an organisation, weakest last. */
export const ORG_ROLES = ['owner', 'publisher', 'reader'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export interface Manifest {
  name: string;
  version: string;
  kind: PackageKind;
  description: string;
  keywords?: string[];
  license?: string;
  authors?: string[];
  repository?: string;
  homepage?: string;
  access?: 'public' | 'private';
  dependencies?: Record<string, string>;
  files?: string[];
}

/** One parameter of an action or a workflow, StackStorm style. */
export interface ParameterSpec {
  type?: string | string[];
  required?: boolean;
  default?: unknown;
  description?: string;
  secret?: boolean;
  enum?: unknown[];
  immutable?: boolean;
  [extra: string]: unknown;
}

export interface ActionSummary {
  name: string;
  /** Path of the metadata file inside the package. */
  file: string;
  description?: string;
  runnerType: string;
  entryPoint?: string;
  parameters: Record<string, ParameterSpec>;
  outputSchema?: Record<string, unknown>;
}

export interface WorkflowSummary {
  name: string;
  file: string;
  description?: string;
  parameters: Record<string, ParameterSpec>;
  /** Names the workflow outputs. */
  output: string[];
  tasks: string[];
  /** Every `action:` the workflow calls, as written (`@scope/pkg.action`, `core.echo`, …), sorted, unique. */
  uses: string[];
}

/**
 * What a package offers and calls: stored with every published version, used to check dependents,
 * to index search, and to answer "which patterns use action X".
 */
export interface PackageContents {
  actions: ActionSummary[];
  workflows: WorkflowSummary[];
}

export type IssueSeverity = 'error' | 'warning';

/** One validation finding, located by file and JSON pointer. */
export interface ValidationIssue {
  /** Stable code, e.g. SCHEMA, UNKNOWN_ACTION, UNREACHABLE_TASK. */
  code: string;
  severity: IssueSeverity;
  message: string;
  file: string;
  /** RFC 6901 JSON pointer into the file's parsed document ('' for the whole file). */
  pointer: string;
  /** For an issue inside a string value (an expression): the 0-based character offset in that string. */
  offset?: number;
}

export interface ValidationResult {
  ok: boolean;
  issues: ValidationIssue[];
  manifest?: Manifest;
  contents?: PackageContents;
}

/** One version as the registry's package metadata lists it (what install resolves against). */
export interface PackumentVersion {
  version: string;
  integrity: string;
  dependencies: Record<string, string>;
  /** Deprecation message, when deprecated. */
  deprecated?: string;
  /** Yanked versions stay downloadable by exact version but are skipped by resolution. */
  yanked: boolean;
  publishedAt: string;
  /** Path of the tarball on the registry, e.g. `/v1/packages/acme/x/1.0.0/tarball`. */
  tarball: string;
}

/** The registry's answer to `GET /v1/packages/:scope/:name`. */
export interface Packument {
  name: string;
  kind: PackageKind;
  description: string;
  access: 'public' | 'private';
  distTags: Record<string, string>;
  versions: Record<string, PackumentVersion>;
  time: { created: string; modified: string };
}

/** One result of `GET /v1/search`. */
export interface SearchResult {
  /** `@scope/name` */
  name: string;
  scope: string;
  kind: 'pattern' | 'action';
  /** The version the `latest` tag names. */
  version: string;
  description: string;
  keywords: string[];
  license: string | null;
  downloads: number;
  /** When a version of the package was last published (ISO 8601). */
  publishedAt: string;
  /** The deprecation message of the latest version, or null. */
  deprecated: string | null;
  /**
   * The ranking score, higher first: the relevance tier (4 exact name, 3 every word in the name or
   * keywords, 2 in those or the description, 1 anywhere, 0 no text), plus up to 0.5 for downloads,
   * minus 0.5 when deprecated.
   */
  score: number;
}

/** The answer of `GET /v1/search`. */
export interface SearchResponse {
  /** How many packages match; when `totalExact` is false, at least this many. */
  total: number;
  totalExact: boolean;
  page: number;
  perPage: number;
  results: SearchResult[];
  /** How the text was read: the corrections made to misspelt words, and whether any-word matching was used. */
  query: { text: string; corrections: Array<{ from: string; to: string[] }>; relaxed: boolean };
}
