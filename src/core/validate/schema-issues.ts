import { type ErrorObject, type SchemaName, schemaErrors } from '../schemas.js';
import type { IssueList } from './issues.js';

const ALTERNATIVES = new Set(['anyOf', 'oneOf']);
const SHAPE_KEYWORDS = new Set(['type', 'const', 'enum']);

function isWithin(instancePath: string, parent: string): boolean {
  return instancePath === parent || instancePath.startsWith(`${parent}/`);
}

const ARTICLES: Record<string, string> = {
  array: 'an array',
  boolean: 'a boolean',
  integer: 'an integer',
  null: 'null',
  number: 'a number',
  object: 'an object',
  string: 'a string',
};

/** "must be a string or an object", from the shape errors of the branches of an `anyOf`/`oneOf`. */
function shapesMessage(shapes: ErrorObject[]): string | undefined {
  const forms: string[] = [];
  for (const error of shapes) {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'type') {
      for (const type of String(params.type).split(',')) forms.push(ARTICLES[type] ?? type);
    } else if (error.keyword === 'const') {
      forms.push(JSON.stringify(params.allowedValue));
    } else {
      for (const value of params.allowedValues as unknown[]) forms.push(JSON.stringify(value));
    }
  }
  const unique = [...new Set(forms)];
  return unique.length === 0 ? undefined : `must be ${unique.join(' or ')}`;
}

/**
 * ajv reports, for a value that fits no branch of an `anyOf`/`oneOf`, the failures of every branch
 * and then a summary. Branches fail either on the value's shape ("must be string": the wrong branch)
 * or deeper (the right branch, with a real fault). Keep the deeper failures when there are any;
 * otherwise keep only the summary, saying which shapes would fit. A branch's errors are the ones just
 * before its summary, at or below the same instance (ajv reports in evaluation order; `$ref`s hide
 * the branch in the schema path, so it cannot be used).
 */
function pruneAlternatives(errors: ErrorObject[]): { error: ErrorObject; message?: string }[] {
  const dropped = new Set<number>();
  const messages = new Map<number, string>();
  errors.forEach((summary, index) => {
    if (!ALTERNATIVES.has(summary.keyword)) return;
    const branch: number[] = [];
    for (let j = index - 1; j >= 0 && isWithin(errors[j]!.instancePath, summary.instancePath); j--) {
      if (!dropped.has(j)) branch.push(j);
    }
    branch.reverse();
    if (branch.length === 0) return; // e.g. a oneOf that matched twice: the summary is the whole story.
    const shapes = branch.filter(
      (j) => errors[j]!.instancePath === summary.instancePath && SHAPE_KEYWORDS.has(errors[j]!.keyword),
    );
    for (const j of shapes) dropped.add(j);
    if (shapes.length < branch.length) {
      dropped.add(index);
    } else {
      const message = shapesMessage(shapes.map((j) => errors[j]!));
      if (message) messages.set(index, message);
    }
  });
  return errors.flatMap((error, index) =>
    dropped.has(index) ? [] : [{ error, message: messages.get(index) }],
  );
}

/** The first sentence of a schema `description`, which says what a valid value looks like. */
function firstSentence(description: unknown): string | undefined {
  if (typeof description !== 'string' || description === '') return undefined;
  const end = description.search(/\.(\s|$)/);
  return end === -1 ? description : description.slice(0, end + 1);
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown field "${String(params.additionalProperty)}"`;
    case 'required':
      return `missing required field "${String(params.missingProperty)}"`;
    case 'enum':
      return `must be one of: ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case 'anyOf':
    case 'oneOf':
      return 'matches none of the allowed forms';
    case 'not':
      return error.propertyName === undefined
        ? 'is not allowed here'
        : `"${error.propertyName}" is a reserved name`;
    case 'pattern': {
      const value = error.propertyName === undefined ? JSON.stringify(error.data) : `"${error.propertyName}"`;
      const help = firstSentence(error.parentSchema?.description);
      return `${value} is not valid: ${help ?? `it must match ${String(params.pattern)}`}`;
    }
    default: {
      const name = error.propertyName === undefined ? '' : `name "${error.propertyName}" `;
      return `${name}${error.message ?? 'is invalid'}`;
    }
  }
}

/** One schema error in words, located by an RFC 6901 pointer into the document. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

/**
 * Checks a parsed document against one of the schemas: every error, in words, each at the pointer
 * of the value it is about (an unknown field at the field itself). Empty when the document matches.
 */
export function schemaProblems(schema: SchemaName, doc: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const { error, message: summary } of pruneAlternatives(schemaErrors(schema, doc))) {
    // A `propertyNames` failure comes twice: the inner keyword, and the summary. Keep the inner one.
    if (error.keyword === 'propertyNames') continue;
    const message = summary ?? messageOf(error);
    const pointer = error.instancePath;
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ pointer, message });
  }
  return problems;
}

/**
 * Checks a parsed document against one of the schemas and adds a `SCHEMA` issue per error, located
 * by the error's instance path (an RFC 6901 pointer into the document). Returns whether it matched.
 */
export function checkSchema(schema: SchemaName, doc: unknown, file: string, issues: IssueList): boolean {
  const problems = schemaProblems(schema, doc);
  for (const { pointer, message } of problems) issues.add('SCHEMA', file, pointer, message);
  return problems.length === 0;
}
