/**
 * The JSON Schemas under `schema/`, compiled at build time into standalone ajv code (draft 2020-12,
 * all errors, strict, verbose; `scripts/schema-validators.mjs` writes `generated/schema-validators.js`),
 * so no run compiles them.
 *
 * The schemas are the single source of truth for the package format: this module only loads them.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import actionSchema from '../../schema/action.schema.json';
import cliConfigSchema from '../../schema/cli-config.schema.json';
import lockfileSchema from '../../schema/lockfile.schema.json';
import manifestSchema from '../../schema/manifest.schema.json';
import patternTestSchema from '../../schema/pattern-test.schema.json';
import workflowSchema from '../../schema/workflow.schema.json';
import {
  action,
  cliConfig,
  lockfile,
  manifest,
  patternTest,
  workflow,
} from './generated/schema-validators.js';

export type { ErrorObject };

/** Which document a schema describes. */
export type SchemaName = 'manifest' | 'action' | 'workflow' | 'pattern-test' | 'lockfile' | 'cli-config';

/** The `$id` of each schema, as published. */
export const SCHEMA_IDS: Readonly<Record<SchemaName, string>> = Object.freeze({
  manifest: manifestSchema.$id,
  action: actionSchema.$id,
  workflow: workflowSchema.$id,
  'pattern-test': patternTestSchema.$id,
  lockfile: lockfileSchema.$id,
  'cli-config': cliConfigSchema.$id,
});

/** The raw schema documents, e.g. for a server that publishes them. */
export const SCHEMAS: Readonly<Record<SchemaName, object>> = Object.freeze({
  manifest: manifestSchema,
  action: actionSchema,
  workflow: workflowSchema,
  'pattern-test': patternTestSchema,
  lockfile: lockfileSchema,
  'cli-config': cliConfigSchema,
});

const COMPILED: Readonly<Record<SchemaName, ValidateFunction>> = {
  manifest,
  action,
  workflow,
  'pattern-test': patternTest,
  lockfile,
  'cli-config': cliConfig,
};

/** The compiled validator of one schema. */
export function getValidator(name: SchemaName): ValidateFunction {
  return COMPILED[name];
}

/**
 * Validates a parsed document against one schema and returns every error (an empty list when valid).
 * The errors are ajv's own; `validate/schema-issues.ts` turns them into located issues.
 */
export function schemaErrors(name: SchemaName, doc: unknown): ErrorObject[] {
  const validate = getValidator(name);
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
