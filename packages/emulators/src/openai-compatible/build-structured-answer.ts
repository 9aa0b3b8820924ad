import type { ChatRequest } from './chat-request.js';
import { sampleFromSchema } from './sample-from-schema.js';

/** Options for {@link buildStructuredAnswer}. */
export interface BuildStructuredAnswerOptions {
  format: NonNullable<ChatRequest['response_format']>;
  /** The echo answer, for `json_object`. */
  echo: string;
  /** What strings of a schema's object become. */
  text: string;
  /** Break the schema on purpose (`#invalid-object`), for tests of validation. */
  invalid: boolean;
}

/**
 * The JSON text answering a response format, or undefined for `text`: `json_object` gets
 * `{"echo": <the echo answer>}`; `json_schema` gets an object generated from the schema (see
 * `sampleFromSchema`), or with `invalid`, one without its first required property (a string when
 * the schema requires none).
 */
export function buildStructuredAnswer({ format, echo, text, invalid }: BuildStructuredAnswerOptions): string | undefined {
  if (format.type === 'json_object') return JSON.stringify({ echo });
  if (format.type !== 'json_schema') return undefined;
  const { schema } = format.json_schema;
  const value = sampleFromSchema(schema, { text });
  if (!invalid) return JSON.stringify(value);
  const required = (schema as { required?: unknown }).required;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray(required) && typeof required[0] === 'string') {
    const { [required[0]]: _dropped, ...rest } = value as Record<string, unknown>;
    return JSON.stringify(rest);
  }
  return JSON.stringify(typeof value === 'string' ? 0 : 'not what the schema asks for');
}
