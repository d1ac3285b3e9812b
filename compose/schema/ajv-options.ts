/**
 * The one set of Ajv options used both to generate the standalone validator at
 * build time and to compile the schema at run time when the generated module
 * is missing, so the two paths cannot behave differently.
 */
import type { Options } from 'ajv';

export const AJV_OPTIONS = {
  // Report every problem of a file at once, not just the first.
  allErrors: true,
  // Catch mistakes in our own schema (unknown keywords, ignored keywords).
  strict: true,
  // `type: ["string", "number"]` is how interpolated scalars are written.
  allowUnionTypes: true,
  // Messages are written by validate.ts from the keyword and params; Ajv's own would only add weight.
  messages: false,
} as const satisfies Options;
