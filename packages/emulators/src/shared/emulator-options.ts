/** What every emulator can be started with. Every option is optional. */
export interface EmulatorOptions<Rule> {
  /** TCP port to listen on; 0 picks a free one (read it back from `emulator.port`). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Delay added before every answer of the emulated endpoints, in ms. @default 0 */
  latencyMs?: number;
  /** Fault rules, checked in order for each request. @default [] */
  faults?: readonly Rule[];
  /** Seed of the generator behind a rule's `probability`, so runs are reproducible. @default 1 */
  seed?: number;
  /**
   * Keep the last 1000 requests (headers, body, parsed fields) in `emulator.requests`. Benchmarks
   * turn it off to keep the hot path free of copies and hashing.
   * @default true
   */
  recordRequests?: boolean;
}

/** The keys of {@link EmulatorOptions}, for the unknown-option check. */
export const EMULATOR_OPTION_KEYS: readonly string[] = ['port', 'host', 'latencyMs', 'faults', 'seed', 'recordRequests'];
