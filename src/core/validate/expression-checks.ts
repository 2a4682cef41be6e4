/**
 * Expression checks with Orquesta's rules (orquesta `expressions/base.py` `validate`): every string of
 * the definition, mapping keys included, is either plain text, YAQL or Jinja, never both ("Expression
 * with multiple types is not supported"); each YAQL `<% … %>` must parse, and a string with Jinja must
 * parse as a whole Jinja template. Errors carry the pointer of the string and the offset inside it.
 */
import { hasJinja, hasYaql, stringsUnder } from './expressions.js';
import { parseInlineParams } from './inline-params.js';
import type { IssueList } from './issues.js';
import { pointerTo } from './json-pointer.js';
import { isRecord } from './values.js';

/** A syntax error inside one string: what and where (offset in the whole string). */
export interface SyntaxProblem {
  message: string;
  offset: number;
}

/** Checks the syntax of the expressions of one string; an empty list when it parses. */
export type SyntaxChecker = (text: string) => SyntaxProblem[];

/** Checks each string of the definition; `syntax` parses YAQL and Jinja. */
export function checkExpressionStrings(
  file: string,
  definition: Record<string, unknown>,
  definitionPointer: string,
  syntax: { yaql: SyntaxChecker; jinja: SyntaxChecker },
  issues: IssueList,
): void {
  const visit = (text: string, pointer: string): void => {
    if (!text.includes('<%') && !text.includes('{')) return;
    const yaql = hasYaql(text);
    const jinja = hasJinja(text);
    if (yaql && jinja) {
      issues.add(
        'MIXED_EXPRESSIONS',
        file,
        pointer,
        'YAQL and Jinja in one string are not supported: use one language',
        undefined,
        text.search(/\{\{|\{%/),
      );
      return;
    }
    const problems = yaql ? syntax.yaql(text) : jinja ? syntax.jinja(text) : [];
    for (const problem of problems)
      issues.add('EXPRESSION_SYNTAX', file, pointer, problem.message, undefined, problem.offset);
  };
  for (const [key, value] of Object.entries(definition)) {
    const at = pointerTo(definitionPointer, key);
    if (key !== 'tasks' || !isRecord(value)) {
      stringsUnder(value, at, visit);
      continue;
    }
    for (const [name, task] of Object.entries(value)) {
      const taskPointer = pointerTo(at, name);
      if (!isRecord(task)) continue;
      // Inline parameters on the action line replace `input:`, which Orquesta then never reads.
      const inline = typeof task.action === 'string' && parseInlineParams(task.action).length > 0;
      for (const [property, item] of Object.entries(task)) {
        if (inline && property === 'input') continue;
        stringsUnder(item, pointerTo(taskPointer, property), visit);
      }
    }
  }
}
