import type { MediaInput } from '../provider/media-input.js';
import type { ResilienceOptions } from '../orchestration/resilience-options.js';
import type { ToolOptions } from '../tools/tool-options.js';

/** What to do with images beyond what a provider takes in one request. */
export type ExtraMediaPolicy = 'error' | 'warn';

/**
 * Options of one `generate` or `stream` call. `OBJECT` is the type of `result.object`, inferred
 * from a Standard Schema response format.
 */
export interface CallOptions<OBJECT = unknown> extends ToolOptions<OBJECT> {
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
}
