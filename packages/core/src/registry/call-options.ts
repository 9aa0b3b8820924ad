import type { CallBudget } from '../orchestration/budget-options.js';
import type { CallSettings } from '../provider/call-settings.js';
import type { MediaInput } from '../provider/media-input.js';
import type { TextPartsMode } from '../provider/stream-part.js';
import type { ResilienceOptions } from '../orchestration/resilience-options.js';
import type { ToolOptions } from '../tools/tool-options.js';

/** What to do with images beyond what a provider takes in one request. */
export type ExtraMediaPolicy = 'error' | 'warn';

/**
 * Options of one `generate` or `stream` call: the standard call settings (`temperature`,
 * `maxOutputTokens`…, see {@link CallSettings}), tools and the answer's format, and how the call
 * runs. `OBJECT` is the type of `result.object`, inferred from a Standard Schema response format.
 */
export interface CallOptions<OBJECT = unknown> extends CallSettings, ToolOptions<OBJECT> {
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
  /**
   * What only one provider has, by provider id; each provider checks its own (a provider without
   * per-call options refuses any). The standard settings (`temperature`…) are options of their own.
   * @example { 'openai-compatible': { logit_bias: { '50256': -100 } } }
   */
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
   * `'per-read'` lets a provider hand over the text of the upstream pieces that arrived in one
   * network read of its body as ONE text part whose `pieces` lists them in order (`text` is them
   * joined; a part of one piece has no `pieces`): one hop through the registry per read instead of
   * one per piece, for a consumer that writes or counts pieces itself (the gateway writes one
   * client event per piece). A provider may still deliver one part per piece. `'per-piece'`: every
   * text part is one piece as the upstream sent it (a part a provider joined anyway is split
   * back into its pieces). Only streams are
   * affected (`generate()` returns the text whole either way).
   * @default 'per-piece'
   * @example for await (const part of model.stream(prompt, { textParts: 'per-read' })) if (part.type === 'text') for (const piece of part.pieces ?? [part.text]) write(piece);
   */
  textParts?: TextPartsMode;
  /**
   * The caller's own budget, shared by every call that names it (across replicas, with a shared
   * store): reserved before the call, held until its answer ends, settled with the tokens used.
   * Past it, the call fails with a `BudgetExceededError` (a `RateLimitError`) before anything is
   * sent. The gateway gives each of its client keys one.
   * @example { name: 'key:alice', rpm: 5, tpm: 20_000 }
   */
  budget?: CallBudget;
}
