import type { ResponseFormat } from '../provider/response-format.js';
import type { JsonSchema, ToolChoice, ToolDefinition } from '../provider/tool.js';
import type { StandardSchemaV1 } from '../validation/standard-schema.js';

/**
 * An answer that must satisfy a Standard Schema (zod, valibot, ArkType: anything with
 * `~standard`): `result.object` is typed as the schema's output and validated by the schema's own
 * `~standard.validate`. Providers get the schema's JSON Schema, taken from the library's converter
 * (see `jsonSchema`).
 * @example { type: 'json_schema', schema: z.object({ name: z.string() }) }
 */
export interface StandardSchemaResponseFormat<OBJECT = unknown> {
  type: 'json_schema';
  schema: StandardSchemaV1<unknown, OBJECT>;
  /**
   * The schema as JSON Schema, for the provider and the prompt fallback. Needed only when core
   * cannot derive it: it asks the schema's Standard JSON Schema (`~standard.jsonSchema`, zod 4.2+,
   * ArkType), ArkType's `toJsonSchema()` and, for valibot, `@valibot/to-json-schema`.
   * @default derived from the schema
   * @example z.toJSONSchema(schema)
   */
  jsonSchema?: JsonSchema;
  /** A name for the schema (OpenAI requires one). @default 'response' */
  name?: string;
  description?: string;
  /** Ask for strict schema adherence where the provider supports it. @default true */
  strict?: boolean;
}

/** What `responseFormat` takes: a provider's response format (JSON Schema as data), or a Standard Schema. */
export type ResponseFormatOption<OBJECT = unknown> = ResponseFormat | StandardSchemaResponseFormat<OBJECT>;

/** Options for structured output from models that lack it natively. */
export interface StructuredOutputOptions {
  /**
   * `'prompt'`: models without native structured output may still be used; the schema is put in
   * the prompt and the answer validated, with `repairAttempts` chances to correct an invalid one.
   * Off by default: a prompt is a weaker promise than a native response format.
   */
  fallback?: 'prompt';
  /** Follow-up requests asking the model to fix an answer that did not validate. @default 1 */
  repairAttempts?: number;
}

/** The options of a call about tools and the shape of the answer. */
export interface ToolOptions<OBJECT = unknown> {
  /**
   * Functions the model may call. The call goes only to models declaring `tools`; a call the
   * model makes comes back in `result.toolCalls` (or as `tool-call` stream parts), and its result
   * goes back as a `{ role: 'tool', toolCallId, content }` message.
   */
  tools?: readonly ToolDefinition[];
  /** @default 'auto' */
  toolChoice?: ToolChoice;
  /** Allow several tool calls in one answer; `true` routes only to models declaring `parallelToolCalls`. */
  parallelToolCalls?: boolean;
  /**
   * The shape of the answer. `json_schema` makes `generate()` parse the answer and validate it
   * against the schema (`result.object`), failing with a `StructuredOutputError` otherwise; with a
   * Standard Schema, `result.object` has the schema's type. Goes only to models declaring
   * `structuredOutput`, unless `structuredOutput.fallback` allows others.
   */
  responseFormat?: ResponseFormatOption<OBJECT>;
  /** How structured output may be obtained from models without native support. */
  structuredOutput?: StructuredOutputOptions;
}
