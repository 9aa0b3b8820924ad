const markerPrefix = 'switchboard.error.';

/** Options every Switchboard error accepts. */
export interface SwitchboardErrorOptions {
  /** Human-readable explanation: what went wrong and what would be right. */
  message: string;
  /** The underlying error, when there is one. */
  cause?: unknown;
}

/**
 * Base class of every error Switchboard throws.
 *
 * Each class carries a stable `name`, a stable `code` (what code that reacts to errors reads:
 * `'rate-limit'`, `'invalid-argument'`, see `ErrorCode`) and a static `isInstance` check that
 * works across two installed copies of `@switchboard/core` (a plugin bundling its own copy, a
 * duplicated node_modules): `instanceof` would fail there, a `Symbol.for` marker does not. The
 * facts a caller needs are fields (`argument`, `status`, `path`…): code that maps errors reads
 * those, never the message.
 */
export class SwitchboardError extends Error {
  /** Stable name of the class; also the key of its cross-copy marker. */
  static readonly errorName: string = 'SwitchboardError';

  override readonly name: string = 'SwitchboardError';
  /**
   * What kind of error this is, one stable code per class of core (`ErrorCode`);
   * `'switchboard'` for the base class itself. Not a system error code: a `NetworkError` keeps
   * that (`ECONNREFUSED`) in `systemCode`.
   */
  readonly code: string = 'switchboard';

  constructor({ message, cause }: SwitchboardErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    // Mark the instance with every class of its chain, so `ApiCallError.isInstance(rateLimitError)`
    // holds without `instanceof`.
    for (let ctor = new.target as unknown; typeof ctor === 'function'; ctor = Object.getPrototypeOf(ctor)) {
      const name = (ctor as { errorName?: unknown }).errorName;
      if (typeof name !== 'string') break;
      Object.defineProperty(this, Symbol.for(markerPrefix + name), { value: true, enumerable: false });
      if (ctor === SwitchboardError) break;
    }
  }

  /** True when `error` is an instance of this class (or a subclass), from any copy of core. */
  static isInstance<T>(this: { prototype: T; errorName: string }, error: unknown): error is T {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[Symbol.for(markerPrefix + this.errorName)] === true;
  }
}
