/**
 * The JSON Schemas under `schema/`, compiled once, on first use, with ajv (draft 2020-12, all errors).
 *
 * The schemas are the single source of truth for the package format: this module only loads them.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import actionSchema from '../../schema/action.schema.json';
import cliConfigSchema from '../../schema/cli-config.schema.json';
import lockfileSchema from '../../schema/lockfile.schema.json';
import manifestSchema from '../../schema/manifest.schema.json';
import workflowSchema from '../../schema/workflow.schema.json';

export type { ErrorObject };

/** Which document a schema describes. */
export type SchemaName = 'manifest' | 'action' | 'workflow' | 'lockfile' | 'cli-config';

/** The `$id` of each schema, as published. */
export const SCHEMA_IDS: Readonly<Record<SchemaName, string>> = Object.freeze({
  manifest: manifestSchema.$id,
  action: actionSchema.$id,
  workflow: workflowSchema.$id,
  lockfile: lockfileSchema.$id,
  'cli-config': cliConfigSchema.$id,
});

/** The raw schema documents, e.g. for a server that publishes them. */
export const SCHEMAS: Readonly<Record<SchemaName, object>> = Object.freeze({
  manifest: manifestSchema,
  action: actionSchema,
  workflow: workflowSchema,
  lockfile: lockfileSchema,
  'cli-config': cliConfigSchema,
});

let ajv: Ajv2020 | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

function instance(): Ajv2020 {
  if (!ajv) {
    // One instance holds all three so the workflow schema can `$ref` the action schema's parameters.
    // verbose: errors carry the failing value and the schema, whose `description` explains the field.
    ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    addFormats(ajv);
    for (const schema of Object.values(SCHEMAS)) ajv.addSchema(schema);
  }
  return ajv;
}

/** The compiled validator of one schema (compiled on first call, then cached). */
export function getValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = instance().getSchema(SCHEMA_IDS[name]);
    if (!validate) throw new Error(`schema ${SCHEMA_IDS[name]} did not compile`);
    compiled.set(name, validate);
  }
  return validate;
}

/**
 * Validates a parsed document against one schema and returns every error (an empty list when valid).
 * The errors are ajv's own; `validate/schema-issues.ts` turns them into located issues.
 */
export function schemaErrors(name: SchemaName, doc: unknown): ErrorObject[] {
  const validate = getValidator(name);
  return validate(doc) ? [] : [...(validate.errors ?? [])];
}
