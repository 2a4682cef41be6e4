/** Where the generated validators module is written. */
export const OUTPUT: string;
/** The source of the generated validators module (see schema-validators.mjs). */
export function generateSchemaValidators(): string;
