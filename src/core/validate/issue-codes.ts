import type { IssueSeverity } from '../types.js';

interface IssueCodeSpec {
  /** The severity an issue of this code has unless a rule says otherwise. */
  severity: IssueSeverity;
  /** What the code means, for documentation and `--help` output. */
  summary: string;
  /**
   * Set on checks StackStorm's Orquesta inspector does not make (Patternhub is stricter on purpose;
   * the README's table says why). The differential test against the inspector leaves them out.
   */
  beyondOrquesta?: true;
}

/**
 * Every issue code validation reports, with its default severity. Codes are stable: scripts and
 * tests match on them, so they are never renamed.
 */
export const ISSUE_CODES = {
  // Files and limits
  UNSAFE_PATH: { severity: 'error', summary: 'A path is absolute, has a `..` segment, or is not POSIX.' },
  RESERVED_PATH: {
    severity: 'error',
    summary: 'A top-level name starting `.patternhub-` is reserved for install bookkeeping.',
  },
  PATH_TOO_LONG: { severity: 'error', summary: 'A path is longer than the configured limit.' },
  TOO_MANY_FILES: { severity: 'error', summary: 'The package has more files than the configured limit.' },
  FILE_TOO_LARGE: { severity: 'error', summary: 'A file is larger than the configured limit.' },
  PACKAGE_TOO_LARGE: { severity: 'error', summary: 'The files add up to more than the configured limit.' },
  NAME_CONFUSABLE: {
    severity: 'warning',
    summary: "The name looks like another package's of the same organisation (`disk-fu11`, `disk-full`).",
  },
  // Documents
  MANIFEST_MISSING: { severity: 'error', summary: 'There is no patternhub.yaml at the package root.' },
  INVALID_YAML: {
    severity: 'error',
    summary: 'A YAML file does not parse (syntax, duplicate key, too many aliases).',
  },
  SCHEMA: { severity: 'error', summary: 'A document does not match its JSON Schema under schema/.' },
  // Manifest
  EXPECT_MISMATCH: { severity: 'error', summary: 'The manifest name or version is not the one asked for.' },
  KIND_MISMATCH: {
    severity: 'error',
    summary:
      'The folders do not match `kind`: a pattern has workflows/ and no actions/, an action package the reverse.',
  },
  INVALID_RANGE: { severity: 'error', summary: 'A dependency range is not a valid semver range.' },
  SELF_DEPENDENCY: { severity: 'error', summary: 'The package lists itself among its dependencies.' },
  DEPENDENCY_NOT_CHECKED: {
    severity: 'warning',
    summary: "A dependency's contents are unknown, so calls into it were not checked.",
  },
  // Actions and workflows
  NAME_MISMATCH: { severity: 'error', summary: 'A `name:` differs from its file name.' },
  INVALID_MEMBER_NAME: {
    severity: 'error',
    summary: 'An action or workflow name cannot be called as `@scope/pkg.name` (letters, digits, `_`, `-`).',
  },
  DUPLICATE_NAME: {
    severity: 'error',
    summary: 'Two actions or workflows of the package have the same name.',
  },
  MISSING_ENTRY_POINT: { severity: 'error', summary: "An action's entry point is missing from the package." },
  PARAMETER_NOT_IN_INPUT: {
    severity: 'error',
    summary: "A workflow parameter is not in `workflow.input`, so StackStorm would drop the caller's value.",
  },
  INPUT_NOT_A_PARAMETER: {
    severity: 'warning',
    summary: 'A workflow input is not a parameter, so no caller can set it (it only takes its default).',
  },
  // Workflow graph and expressions (Orquesta's inspector rules)
  UNKNOWN_TASK: { severity: 'error', summary: 'A transition `do` names no task of the workflow.' },
  NO_START_TASK: {
    severity: 'error',
    summary: 'Every task is the target of some transition: nothing can start.',
  },
  UNREACHABLE_TASK: {
    severity: 'warning',
    summary: 'A task cannot be reached from any start task, so it never runs.',
    beyondOrquesta: true,
  },
  JOIN_UNSATISFIABLE: {
    severity: 'warning',
    summary: 'A `join` count exceeds the number of inbound tasks, so the join never runs.',
    beyondOrquesta: true,
  },
  JOIN_AFTER_NESTED_FORKS: {
    severity: 'error',
    summary:
      'A join task follows nested forks from multi-referenced tasks; Orquesta cannot tell at which level it joins.',
  },
  RESERVED_TASK_NAME: {
    severity: 'error',
    summary: 'A task is named like an engine command (`continue`, `fail`, `noop`, `retry`).',
  },
  WITH_ITEMS_WITHOUT_ACTION: { severity: 'error', summary: 'A task with `with` items has no action.' },
  TASK_NAME_NOT_A_STRING: {
    severity: 'error',
    summary:
      "A task name that StackStorm's YAML 1.1 loader reads as a boolean, number or null (`yes`, `off`, `123`): quote it.",
  },
  UNKNOWN_VARIABLE: {
    severity: 'error',
    summary: 'An expression reads a variable before anything assigns it on some path to it.',
  },
  PRIVATE_VARIABLE: { severity: 'error', summary: 'An expression reads a `__private` variable.' },
  EXPRESSION_SYNTAX: {
    severity: 'error',
    summary: 'A YAQL `<% %>` or Jinja `{{ }}` / `{% %}` expression does not parse.',
  },
  MIXED_EXPRESSIONS: { severity: 'error', summary: 'One string holds both YAQL and Jinja expressions.' },
  // Calls
  DYNAMIC_ACTION: {
    severity: 'warning',
    summary: 'A task `action:` is an expression and cannot be checked.',
    beyondOrquesta: true,
  },
  UNKNOWN_ACTION: {
    severity: 'error',
    summary: 'A task `action:` is malformed, or names no action or workflow of its package.',
    beyondOrquesta: true,
  },
  UNDECLARED_DEPENDENCY: {
    severity: 'error',
    summary: 'A task calls a package that is not in `dependencies` (and is not the package itself).',
    beyondOrquesta: true,
  },
  UNKNOWN_INPUT: {
    severity: 'error',
    summary: 'A task input key is not a parameter of the called action (or of its runner).',
    beyondOrquesta: true,
  },
  INLINE_INPUT_IGNORED: {
    severity: 'warning',
    summary:
      'A task has inline parameters on its `action:` line and an `input:`, which Orquesta silently drops.',
    beyondOrquesta: true,
  },
  MISSING_REQUIRED_INPUT: {
    severity: 'error',
    summary: 'A task does not give a required parameter (one without default) of the called action.',
    beyondOrquesta: true,
  },
  IMMUTABLE_INPUT: {
    severity: 'error',
    summary: 'A task gives a parameter the called action declares immutable.',
    beyondOrquesta: true,
  },
  // Pattern tests (tests/*.yaml)
  TEST_UNKNOWN_WORKFLOW: {
    severity: 'error',
    summary: 'A test case names a workflow the package does not have.',
  },
  TEST_UNKNOWN_TASK: { severity: 'error', summary: 'A test case names a task its workflow does not have.' },
} as const satisfies Record<string, IssueCodeSpec>;

export type IssueCode = keyof typeof ISSUE_CODES;
