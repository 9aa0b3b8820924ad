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
 * Each class carries a stable `name` and a static `isInstance` check that works across two
 * installed copies of `@switchboard/core` (a plugin bundling its own copy, a duplicated
 * node_modules): `instanceof` would fail there, a `Symbol.for` marker does not.
 */
export class SwitchboardError extends Error {
  /** Stable name of the class; also the key of its cross-copy marker. */
  static readonly errorName: string = 'SwitchboardError';

  override readonly name: string = 'SwitchboardError';

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
