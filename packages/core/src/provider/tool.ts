/** A JSON Schema, as plain data (draft-07 and later keywords). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A function the model may call. */
export interface ToolDefinition {
  /** Letters, digits, `_` and `-`, up to 64 characters (what OpenAI-style APIs accept). */
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. @example { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } */
  parameters: JsonSchema;
  /** Ask the provider to follow the schema exactly, where it can. */
  strict?: boolean;
}

/** Whether and which tool the model must call: `auto` (it decides), `none`, `required` (some tool), or one named tool. */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'tool'; name: string };

/** A call the model made: which tool, with which arguments (a JSON text, as models produce it). */
export interface ToolCall {
  /** Unique within the response; a `tool` message answers it with the same `toolCallId`. */
  id: string;
  name: string;
  /** The arguments as JSON text. */
  arguments: string;
}
