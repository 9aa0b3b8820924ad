import type { MediaInput } from '../provider/media-input.js';
import type { ResilienceOptions } from '../orchestration/resilience-options.js';
import type { ResponseFormat } from '../provider/response-format.js';
import type { ToolChoice, ToolDefinition } from '../provider/tool.js';

/** What to do with images beyond what a provider takes in one request. */
export type ExtraMediaPolicy = 'error' | 'warn';

/** Options of one `generate` or `stream` call. */
export interface CallOptions {
  /** Cancels the call: the request in flight is aborted, no further attempt starts. */
  signal?: AbortSignal;
  /**
   * Images to send: bytes, file paths, `file:` URLs or `data:image/...;base64,` URIs, each
   * optionally with a file name.
   * @example media: [['./cat.jpg', 'cat.jpg']]
   */
  media?: readonly MediaInput[];
  /** Proxy URL for this call. @example 'http://user:pass@127.0.0.1:3128' */
  proxy?: string;
  /** Provider-specific extras, by provider id. @example { 'openai-compatible': { temperature: 0.2 } } */
  providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Retry, timeout and fallback settings for this call, over the registry's. */
  resilience?: ResilienceOptions;
  /** Largest image, bytes. @default the registry's `maxMediaBytes` (10 MiB) */
  maxMediaBytes?: number;
  /**
   * More images than a provider takes: `'error'` refuses the provider (and fails the call with a
   * `MediaError` when no provider can take them all); `'warn'` sends what it takes and yields a
   * `warning` part. Never silent. @default the registry's (`'error'`)
   */
  extraMedia?: ExtraMediaPolicy;
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
   * against the schema (`result.object`), failing with a `StructuredOutputError` otherwise. Goes
   * only to models declaring `structuredOutput`, unless `structuredOutput.fallback` allows others.
   */
  responseFormat?: ResponseFormat;
  /** How structured output may be obtained from models without native support. */
  structuredOutput?: StructuredOutputOptions;
}

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
