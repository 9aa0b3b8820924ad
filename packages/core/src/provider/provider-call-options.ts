import type { Logger } from '../logging/logger.js';
import type { LoadedMedia } from '../media/media-input.js';
import type { StreamPart } from './stream-part.js';

/** What the registry hands a provider's `createAsyncGenerator` for one attempt. */
export interface ProviderCallOptions {
  /**
   * Cancels the attempt: the caller's signal combined with the attempt's timeouts. Providers pass
   * it to their HTTP request so an abort cancels the request in flight.
   */
  signal: AbortSignal;
  /**
   * Images for this call, already read, type-checked and size-checked: the call's `media` option
   * first, then images given as `data:` URIs inside messages.
   */
  media: readonly LoadedMedia[];
  /** Proxy URL for this call (`http://user:pass@host:port`), when the caller gave one. */
  proxy: string | undefined;
  /** Provider-specific options of this call (`options.providerOptions[provider.id]`), already checked by `checkCallOptions`. */
  extra: Readonly<Record<string, unknown>>;
  /** The registry's logger, a child bound to this provider and request. */
  logger: Logger;
  /** Report something the caller should see that is not an error (it becomes a `warning` part and is logged). */
  warn(warning: Omit<Extract<StreamPart, { type: 'warning' }>, 'type'>): void;
}
