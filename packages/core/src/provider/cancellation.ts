/**
 * An attempt's cancellation (the caller's abort, the attempt's and the call's time limits) without
 * an `AbortSignal` until one is asked for: on Node 20 an `AbortController` with undici's listener
 * on it costs ~15 µs of CPU per request, about the registry's own work on a fast answer. Hand it
 * to core's HTTP client as `HttpRequest.cancellation`; read `signal` for anything else (`fetch`,
 * a listener of your own).
 */
export interface Cancellation {
  /** True once the attempt was cancelled. */
  readonly aborted: boolean;
  /** Why: the caller's own abort reason, or a `TimeoutError`; undefined until then. */
  readonly reason: unknown;
  /** The same cancellation as an `AbortSignal`, built on first read (already aborted when it is). */
  readonly signal: AbortSignal;
  /** Calls `listener` once, with the reason, when the attempt is cancelled (never when it already was). */
  addListener(listener: (reason: unknown) => void): void;
  /** Forgets a listener added with `addListener`. */
  removeListener(listener: (reason: unknown) => void): void;
}
