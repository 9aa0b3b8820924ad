/** How the registry orders the providers serving a model. */
export interface RoutingOptions {
  /**
   * Explicit provider order per public model name; providers not listed are not used for it.
   * @example { 'gemini-2.0-flash': ['dynaspark', 'local'] }
   */
  order?: Readonly<Record<string, readonly string[]>>;
  /** Shuffle the providers of each call (gpt4free's default), spreading load. @default false */
  shuffle?: boolean;
  /** With `shuffle`: relative weights per provider id (missing = 1). @example { dynaspark: 3, local: 1 } */
  weights?: Readonly<Record<string, number>>;
  /**
   * Order by health (healthy first, then by recent latency) instead of registration order.
   * Providers known to be down always go last. @default false
   */
  byHealth?: boolean;
}
