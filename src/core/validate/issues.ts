import type { IssueSeverity, ValidationIssue } from '../types.js';
import { ISSUE_CODES, type IssueCode } from './issue-codes.js';

/** Collects the issues of one validation run, each with its code's default severity unless overridden. */
export class IssueList {
  readonly items: ValidationIssue[] = [];

  /** `offset`: for an issue inside a string (an expression), where in that string it is. */
  add(
    code: IssueCode,
    file: string,
    pointer: string,
    message: string,
    severity?: IssueSeverity,
    offset?: number,
  ): void {
    const issue: ValidationIssue = {
      code,
      severity: severity ?? ISSUE_CODES[code].severity,
      message,
      file,
      pointer,
    };
    if (offset !== undefined) issue.offset = offset;
    this.items.push(issue);
  }

  get hasErrors(): boolean {
    return this.items.some((issue) => issue.severity === 'error');
  }
}
