/**
 * Counts over the emulated endpoints (control endpoints are not counted). A request that was
 * received is, once done, either answered or faulted; hung requests stay in flight until close().
 */
export interface EmulatorStats {
  /** Requests received since start or the last reset. */
  received: number;
  /** Requests answered without an injected fault (validation errors and `down` answers included). */
  answered: number;
  /** Requests that got an injected fault (from a rule or a `#fault:` / `#empty` directive). */
  faulted: number;
  /** Requests whose connection is still waiting for the end of an answer (live, never reset). */
  inFlight: number;
}
