import type { JsonSchema } from './tool.js';

/**
 * The shape of the answer: free `text`, any `json` object, or JSON following a schema
 * (`json_schema`, what `generateObject` does: the result carries the parsed, validated object).
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json' }
  | {
      type: 'json_schema';
      /** JSON Schema the answer must satisfy. */
      schema: JsonSchema;
      /** A name for the schema (OpenAI requires one). @default 'response' */
      name?: string;
      description?: string;
      /** Ask for strict schema adherence where the provider supports it. @default true */
      strict?: boolean;
    };
