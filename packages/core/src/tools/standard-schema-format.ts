import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { JsonSchema } from '../provider/tool.js';
import { describeValue } from '../validation/describe-value.js';
import type { StandardSchemaV1 } from '../validation/standard-schema.js';

/** True for a Standard Schema (zod, valibot, ArkType…): an object, or a function (ArkType's types are), with `~standard`. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard'];
  return (typeof value === 'object' || typeof value === 'function') && standard?.version === 1 && typeof standard.validate === 'function';
}

/** A schema that can say what it is as JSON Schema (the Standard JSON Schema spec: zod 4.2+, ArkType 2.1+, valibot's `toStandardJsonSchema`). */
interface StandardJsonSchema {
  readonly '~standard': { readonly jsonSchema?: { readonly output?: (options: { target: string }) => unknown } };
}

/** Converters that live on the schema itself, by `~standard.vendor`, for versions without Standard JSON Schema. */
const SCHEMA_METHODS: Readonly<Record<string, string>> = { arktype: 'toJsonSchema', zod: 'toJSONSchema' };

/** Converters in a package of their own, loaded on first use, by vendor. */
const CONVERTER_PACKAGES: Readonly<Record<string, () => Promise<(schema: never) => unknown>>> = {
  valibot: async () => (await import('@valibot/to-json-schema')).toJsonSchema as (schema: never) => unknown,
};

const ARGUMENT = 'options.responseFormat.schema';

/**
 * The JSON Schema of a Standard Schema, for the provider (OpenAI's `response_format`) and the
 * prompt fallback, taken from the schema library's own converter, never written by hand: the
 * caller's `jsonSchema` when given (the documented hook, for any library), else the schema's
 * Standard JSON Schema (`~standard.jsonSchema.output({ target: 'draft-07' })`), else the library's
 * converter chosen by `~standard.vendor` (ArkType's `toJsonSchema()`, zod's `toJSONSchema()`,
 * `@valibot/to-json-schema` for valibot). A schema none of them can convert (a zod transform, a
 * valibot custom check) is an `InvalidArgumentError` saying how to pass the JSON Schema.
 */
export async function jsonSchemaOf(schema: StandardSchemaV1, given: JsonSchema | undefined): Promise<JsonSchema> {
  if (given !== undefined) return given;
  const vendor = schema['~standard'].vendor;
  const cannot = (why: string, cause?: unknown): never => {
    throw new InvalidArgumentError({
      argument: ARGUMENT,
      reason: `is a ${vendor} schema ${why}; pass its JSON Schema as responseFormat.jsonSchema (from the library's converter, e.g. z.toJSONSchema(schema)).`,
      cause,
    });
  };
  try {
    const output = (schema as StandardJsonSchema)['~standard'].jsonSchema?.output;
    if (typeof output === 'function') return asJsonSchema(output({ target: 'draft-07' }), cannot);
    const method = Object.hasOwn(SCHEMA_METHODS, vendor) ? (schema as unknown as Record<string, unknown>)[SCHEMA_METHODS[vendor]!] : undefined;
    if (typeof method === 'function') return asJsonSchema(method.call(schema), cannot);
    const load = Object.hasOwn(CONVERTER_PACKAGES, vendor) ? CONVERTER_PACKAGES[vendor] : undefined;
    if (load) return asJsonSchema((await load())(schema as never), cannot);
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) throw error;
    return cannot(`that its converter cannot turn into JSON Schema (${error instanceof Error ? error.message : String(error)})`, error);
  }
  return cannot('whose JSON Schema Switchboard cannot derive (it has no ~standard.jsonSchema and no converter is known for its vendor)');
}

function asJsonSchema(value: unknown, cannot: (why: string) => never): JsonSchema {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as JsonSchema;
  return cannot(`whose converter gave ${describeValue(value)} instead of a JSON Schema object`);
}
