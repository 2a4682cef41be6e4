import type { IssueSeverity, ValidationIssue } from '../types.js';
import { ISSUE_CODES, type IssueCode } from './issue-codes.js';

/** Collects the issues of one validation run, each with its code's default severity unless overridden. */
export class IssueList {
  readonly items: ValidationIssue[] = [];

  add(code: IssueCode, file: string, pointer: string, message: string, severity?: IssueSeverity): void {
    this.items.push({ code, severity: severity ?? ISSUE_CODES[code].severity, message, file, pointer });
  }

  get hasErrors(): boolean {
    return this.items.some((issue) => issue.severity === 'error');
  }
}
