import type { JsonSchema } from '../provider/tool.js';
import type { SchemaViolation } from '../errors/structured-output-error.js';

/** Checks JSON Schemas and values against them. */
export interface JsonSchemaValidator {
  /** Why `schema` is not a JSON Schema, or an empty list when it is one. */
  schemaProblems(schema: unknown): SchemaViolation[];
  /** A validating function for `schema` (compiled once per schema object). */
  compile(schema: JsonSchema): (value: unknown) => SchemaViolation[];
}

let loading: Promise<JsonSchemaValidator> | undefined;

/**
 * The JSON Schema validator (ajv), loaded on first use: it costs more to import than the rest of
 * core together, and only calls with tools or a response schema need it.
 */
export function loadJsonSchemaValidator(): Promise<JsonSchemaValidator> {
  return (loading ??= import('ajv').then(({ default: AjvModule }) => {
    // ajv is CommonJS: its class is the module's default export, or that export's `default`.
    const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as typeof import('ajv').default;
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    const compiled = new WeakMap<object, (value: unknown) => SchemaViolation[]>();
    const violations = (errors: typeof ajv.errors): SchemaViolation[] =>
      (errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? 'is invalid' }));
    return {
      schemaProblems(schema) {
        if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [{ path: '', message: 'must be a JSON Schema object' }];
        return ajv.validateSchema(schema) ? [] : violations(ajv.errors);
      },
      compile(schema) {
        let validate = compiled.get(schema);
        if (!validate) {
          const check = ajv.compile(schema);
          validate = (value) => (check(value) ? [] : violations(check.errors));
          compiled.set(schema, validate);
        }
        return validate;
      },
    };
  }));
}
