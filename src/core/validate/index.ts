/**
 * Package validation: the same code runs in the CLI before packing and in the server on every
 * publish. It reports every issue it finds (not the first), each with a stable code, a severity, the
 * file and an RFC 6901 JSON pointer into that file's parsed YAML. Issues about the package as a whole
 * (limits) have the file `''`.
 */
import type { RegistryError } from '../errors.js';
import { type PackageLimits, resolveLimits } from '../limits.js';
import { type PackageDocs, type ParsedDoc, readPackageDocs } from '../package-docs.js';
import { MANIFEST_FILE, type PackageFiles, textOf } from '../package-files.js';
import type { Manifest, ValidationResult } from '../types.js';
import type { YamlLocationError } from '../yaml.js';
import { checkEntryPoints } from './entry-points.js';
import { checkFiles } from './file-checks.js';
import { IssueList } from './issues.js';
import { checkDependencyRanges, checkExpected, checkKind, type ExpectedIdentity } from './manifest-rules.js';
import { checkMemberNames } from './member-names.js';
import { actionModelOf, workflowModelOf } from './model.js';
import { checkTaskCalls, type DependencyLookup, lookUpDependencies } from './references.js';
import { checkSchema } from './schema-issues.js';
import { summarizeDocs } from './summarize.js';
import { isRecord } from './values.js';
import { checkWorkflowDefinition } from './workflow-definition.js';
import { checkWorkflowInputs } from './workflow-inputs.js';

export { ISSUE_CODES, type IssueCode } from './issue-codes.js';
export type { ExpectedIdentity } from './manifest-rules.js';
export type { DependencyLookup } from './references.js';
export { summarizePackage } from './summarize.js';

export interface ValidateOptions {
  /**
   * The contents of a declared dependency (the version the range resolves to), or undefined when not
   * known: calls into it are then not checked, and a `DEPENDENCY_NOT_CHECKED` warning says so.
   */
  dependencies?: DependencyLookup;
  /** The name and version the package must carry (the server passes the publish URL's). */
  expect?: ExpectedIdentity;
  /** Limits on files, sizes and YAML aliases; defaults from `DEFAULT_LIMITS`. */
  limits?: Partial<PackageLimits>;
  /** The files' YAML, already parsed by `readPackageDocs` with the same limits: each file is parsed once. */
  docs?: PackageDocs;
}

function yamlMessage(error: RegistryError): string {
  const details = error.details as Partial<YamlLocationError> | undefined;
  // The parser's first line may end with its own "at line L, column C:"; the position is added once below.
  const message = (details?.message ?? error.message)
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '');
  return details?.line === undefined
    ? message
    : `${message} (line ${details.line}, column ${details.column})`;
}

/** Adds a `INVALID_YAML` issue per file that did not parse; returns the files that did. */
function parsedOnly(docs: ParsedDoc[], issues: IssueList): ParsedDoc[] {
  const parsed: ParsedDoc[] = [];
  for (const doc of docs) {
    if (doc.error) issues.add('INVALID_YAML', doc.file, '', yamlMessage(doc.error));
    else parsed.push(doc);
  }
  return parsed;
}

/**
 * Validates a package: limits and paths; each YAML file parses; the manifest, every
 * `actions/*.yaml` and every `workflows/*.yaml` against `schema/`; then the semantics (names, entry
 * points, kind, dependency ranges, the task graph, `ctx()` reads, and every `action:` a task calls
 * against the package itself or its dependencies' contents).
 *
 * `ok` is true when no issue has severity `error`. `manifest` (schema-valid) and `contents` (the
 * package's summary, as `summarizePackage` gives it) are present whenever the manifest is valid.
 */
export function validatePackage(files: PackageFiles, options: ValidateOptions = {}): ValidationResult {
  const limits = resolveLimits(options.limits);
  const issues = new IssueList();
  checkFiles(files, limits, issues);

  const docs = options.docs ?? readPackageDocs(files, limits);
  let manifest: Manifest | undefined;
  if (!docs.manifest) {
    issues.add('MANIFEST_MISSING', MANIFEST_FILE, '', `the package has no ${MANIFEST_FILE} at its root`);
  } else {
    const [parsed] = parsedOnly([docs.manifest], issues);
    if (parsed && checkSchema('manifest', parsed.doc, parsed.file, issues)) manifest = parsed.doc as Manifest;
  }

  const actionDocs = parsedOnly(docs.actions, issues);
  const workflowDocs = parsedOnly(docs.workflows, issues);
  for (const doc of actionDocs) checkSchema('action', doc.doc, doc.file, issues);
  for (const doc of workflowDocs) checkSchema('workflow', doc.doc, doc.file, issues);

  // Semantic rules run on every document that is at least a mapping, so one pass reports everything.
  const actions = actionDocs.filter((doc) => isRecord(doc.doc)).map(actionModelOf);
  const workflows = workflowDocs.filter((doc) => isRecord(doc.doc)).map(workflowModelOf);
  checkMemberNames([...actions, ...workflows], issues);
  checkEntryPoints(actions, files, issues);
  for (const workflow of workflows) {
    checkWorkflowInputs(workflow, issues);
    checkWorkflowDefinition(workflow, textOf(files.get(workflow.file)!), issues);
  }

  if (!manifest) return { ok: !issues.hasErrors, issues: issues.items };

  const contents = summarizeDocs({ manifest: docs.manifest, actions: actionDocs, workflows: workflowDocs });
  checkExpected(manifest, options.expect, issues);
  checkDependencyRanges(manifest, issues);
  checkKind(manifest, { actions: docs.actions.length, workflows: docs.workflows.length }, files, issues);
  const dependencies = lookUpDependencies(manifest, options.dependencies, issues);
  for (const workflow of workflows) checkTaskCalls(workflow, manifest, contents, dependencies, issues);

  return { ok: !issues.hasErrors, issues: issues.items, manifest, contents };
}
