import type { Logger } from '../logging/logger.js';
import type { Cancellation } from './cancellation.js';
import type { CallSettings } from './call-settings.js';
import type { LoadedMedia } from './media-input.js';
import type { ResponseFormat } from './response-format.js';
import type { StreamPart, TextPartsMode } from './stream-part.js';
import type { ToolChoice, ToolDefinition } from './tool.js';

/** What the registry hands a provider's `createAsyncGenerator` for one attempt. */
export interface ProviderCallOptions {
  /**
   * Cancels the attempt: the caller's signal combined with the attempt's timeouts. Providers pass
   * it to their HTTP request so an abort cancels the request in flight. The registry builds it on
   * first read: a provider on core's HTTP client passes `cancellation` instead, and saves it.
   */
  signal: AbortSignal;
  /**
   * The same cancellation as `signal`, without an `AbortSignal`: pass it to core's HTTP client as
   * `HttpRequest.cancellation`. Always set by the registry; options built
   * by hand, in a provider's own tests, may carry only `signal`.
   * @example http.request({ path, body, model, ...(options.cancellation ? { cancellation: options.cancellation } : { signal: options.signal }) })
   */
  cancellation?: Cancellation;
  /**
   * Images for this call, already read, type-checked and size-checked: the call's `media` option
   * first, then images given as `data:` URIs inside messages.
   */
  media: readonly LoadedMedia[];
  /** Proxy URL for this call (`http://user:pass@host:port`), when the caller gave one. */
  proxy: string | undefined;
  /**
   * The call's standard settings (`temperature`, `maxOutputTokens`…), already checked, holding only
   * those this provider declares its model honours (`Provider.callSettings`); empty when the call
   * set none. Map each to the service's own field. (Contract v3; older providers never get any.)
   */
  settings: Readonly<CallSettings>;
  /** Provider-specific options of this call (`options.providerOptions[provider.id]`), already checked by `checkCallOptions`. */
  extra: Readonly<Record<string, unknown>>;
  /** The registry's logger, a child bound to this provider and request. */
  logger: Logger;
  /**
   * Whether the caller asked for the whole answer (`generate`) or a stream (`stream`). A provider
   * whose service can do either should ask for what the caller wants (a JSON request for
   * `generate`): some servers cannot stream at all.
   */
  mode: 'generate' | 'stream';
  /**
   * `'per-read'`: the caller takes a stream's text per network read, so the provider MAY hand
   * over the text of the pieces that arrived in one read of the body (SSE events, say) as one
   * text part with `pieces` listing them in order and `text` them joined; a part of one piece
   * needs no `pieces`. Absent or `'per-piece'`: the provider MUST NOT join pieces; it yields one
   * text part per piece as the upstream sent it (what `model.stream()` callers count on by
   * default; the registry splits a joined part it did not ask for). Set by the registry from the
   * call's `textParts` option, only for `'per-read'`.
   */
  textParts?: TextPartsMode;
  /** Functions the model may call; only sent to models declaring `tools`. */
  tools?: readonly ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Let the model make several tool calls in one answer. */
  parallelToolCalls?: boolean;
  /**
   * The shape of the answer; only sent to models declaring `structuredOutput` (or, with the
   * host's prompt fallback, described in the messages instead and absent here).
   */
  responseFormat?: ResponseFormat;
  /** Report something the caller should see that is not an error (it becomes a `warning` part and is logged). */
  warn(warning: Omit<Extract<StreamPart, { type: 'warning' }>, 'type'>): void;
}
