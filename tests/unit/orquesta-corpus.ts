/**
 * The Orquesta differential corpus (tests/fixtures/orquesta-corpus) and our verdict on each case, for
 * the differential test and for `scripts/orquesta/agreement.ts`.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesFromRecord } from '../../src/core/package-files.js';
import type { ValidationIssue } from '../../src/core/types.js';
import { ISSUE_CODES, type IssueCode, validatePackage } from '../../src/core/validate/index.js';

export const CORPUS_DIR = fileURLToPath(new URL('../fixtures/orquesta-corpus/', import.meta.url));

/** The inspector's recorded verdict (see scripts/orquesta/record-verdicts.ts). */
export interface RecordedVerdict {
  ok: boolean;
  errors: { kind: string; path: string | null; message: string }[];
}

export function recordedVerdicts(): Record<string, RecordedVerdict> {
  return JSON.parse(readFileSync(join(CORPUS_DIR, 'verdicts.json'), 'utf8')) as Record<
    string,
    RecordedVerdict
  >;
}

/** The inspector's error kind each of our codes corresponds to. */
const KIND_OF: Partial<Record<IssueCode, string>> = {
  SCHEMA: 'syntax',
  UNKNOWN_TASK: 'semantics',
  NO_START_TASK: 'semantics',
  JOIN_AFTER_NESTED_FORKS: 'semantics',
  WITH_ITEMS_WITHOUT_ACTION: 'semantics',
  RESERVED_TASK_NAME: 'semantics',
  EXPRESSION_SYNTAX: 'expressions',
  MIXED_EXPRESSIONS: 'expressions',
  UNKNOWN_VARIABLE: 'context',
  PRIVATE_VARIABLE: 'context',
  TASK_NAME_NOT_A_STRING: 'exception',
};

export interface OurVerdict {
  ok: boolean;
  /** The errors that count against Orquesta's verdict (not those of checks beyond Orquesta). */
  errors: ValidationIssue[];
  kinds: Set<string>;
}

/** Validates one corpus file as the only workflow of a pattern package. */
export function ourVerdict(relativePath: string): OurVerdict {
  const text = readFileSync(join(CORPUS_DIR, relativePath));
  const stem = basename(relativePath, '.yaml');
  const files = filesFromRecord({
    'patternhub.yaml': 'name: "@corpus/case"\nversion: 1.0.0\nkind: pattern\ndescription: One corpus case.\n',
    [`workflows/${stem}.yaml`]: text,
  });
  const result = validatePackage(files);
  const errors = result.issues.filter(
    (issue) =>
      issue.severity === 'error' &&
      !(ISSUE_CODES[issue.code as IssueCode] as { beyondOrquesta?: true }).beyondOrquesta,
  );
  const kinds = new Set(errors.map((issue) => KIND_OF[issue.code as IssueCode] ?? issue.code));
  return { ok: errors.length === 0, errors, kinds };
}
