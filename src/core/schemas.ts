/**
 * The JSON Schemas under `schema/`, compiled at build time into standalone ajv code (draft 2020-12,
 * all errors, strict, verbose; `scripts/schema-validators.mjs` writes `generated/schema-validators.js`),
 * so no run compiles them.
 *
 * The schemas are the single source of truth for the package format: this module only loads them.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import actionSchema from '../../schema/action.schema.json';
import manifestSchema from '../../schema/manifest.schema.json';
import patternTestSchema from '../../schema/pattern-test.schema.json';
import workflowSchema from '../../schema/workflow.schema.json';
import { action, definition, manifest, patternTest, workflow } from './generated/schema-validators.js';

export type { ErrorObject };

/** Which document a schema describes. */
export type SchemaName = 'manifest' | 'action' | 'workflow' | 'pattern-test';

/** The `$id` of each schema, as published. */
export const SCHEMA_IDS: Readonly<Record<SchemaName, string>> = Object.freeze({
  manifest: manifestSchema.$id,
  action: actionSchema.$id,
  workflow: workflowSchema.$id,
  'pattern-test': patternTestSchema.$id,
});

/** The raw schema documents, e.g. for a server that publishes them. */
export const SCHEMAS: Readonly<Record<SchemaName, object>> = Object.freeze({
  manifest: manifestSchema,
  action: actionSchema,
  workflow: workflowSchema,
  'pattern-test': patternTestSchema,
});

const COMPILED: Readonly<Record<SchemaName, ValidateFunction>> = {
  manifest,
  action,
  workflow,
  'pattern-test': patternTest,
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

/** Validates a `patternhub.yaml` document. */
export function validateManifestDoc(doc: unknown): ErrorObject[] {
  return schemaErrors('manifest', doc);
}

/** Validates an `actions/<name>.yaml` document (StackStorm action metadata). */
export function validateActionDoc(doc: unknown): ErrorObject[] {
  return schemaErrors('action', doc);
}

/** Validates a `workflows/<name>.yaml` document (metadata plus the Orquesta definition). */
export function validateWorkflowDoc(doc: unknown): ErrorObject[] {
  return schemaErrors('workflow', doc);
}

/**
 * Validates a bare Orquesta definition (what StackStorm keeps in `actions/workflows/<name>.yaml`)
 * against the `workflow:` block of the workflow schema.
 */
export function validateOrquestaDefinition(doc: unknown): ErrorObject[] {
  return definition(doc) ? [] : [...(definition.errors ?? [])];
}
