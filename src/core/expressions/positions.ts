import type { ExpressionLanguage, ExpressionSyntaxError } from './types.js';

/** 1-based line and column of `offset` in `text` (columns count UTF-16 code units). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Thrown inside the parsers, caught at their entry points and turned into an ExpressionSyntaxError. */
export class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** An ExpressionSyntaxError at `offset` of `text`. */
export function syntaxError(
  language: ExpressionLanguage | null,
  text: string,
  expression: string,
  message: string,
  offset: number,
): ExpressionSyntaxError {
  return { language, message, expression, offset, ...lineColumn(text, offset) };
}
