/**
 * Expression checks with Orquesta's rules (orquesta `expressions/base.py` `validate`): every string of
 * the definition, mapping keys included, is either plain text, YAQL or Jinja, never both ("Expression
 * with multiple types is not supported"); each YAQL `<% … %>` must parse, and a string with Jinja must
 * parse as a whole Jinja template. Errors carry the pointer of the string and the offset inside it.
 */
import { parseValue } from '../expressions/index.js';
import { pointerTo } from '../json-pointer.js';
import { stringsUnder } from './expressions.js';
import { parseInlineParams } from './inline-params.js';
import type { IssueList } from './issues.js';
import { isRecord } from './values.js';

/** Checks each string of the definition with the parsers of `src/core/expressions`. */
export function checkExpressionStrings(
  file: string,
  definition: Record<string, unknown>,
  definitionPointer: string,
  issues: IssueList,
): void {
  const visit = (text: string, pointer: string): void => {
    if (!text.includes('<%') && !text.includes('{')) return;
    for (const error of parseValue(text).errors) {
      if (error.language === null) {
        issues.add(
          'MIXED_EXPRESSIONS',
          file,
          pointer,
          'YAQL and Jinja in one string are not supported: use one language',
          undefined,
          Math.max(0, text.search(/\{\{|\{%/)),
        );
      } else {
        issues.add(
          'EXPRESSION_SYNTAX',
          file,
          pointer,
          `${error.language === 'yaql' ? 'YAQL' : 'Jinja'}: ${error.message} (in ${error.expression})`,
          undefined,
          error.offset,
        );
      }
    }
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
