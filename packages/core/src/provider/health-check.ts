/** What a provider's own `healthCheck()` receives. */
export interface HealthCheckOptions {
  /** Cancels the probe (the health checker's timeout). */
  signal: AbortSignal;
  /** Ask for a real, smallest possible request rather than a cheap status page. */
  deep: boolean;
  /** The model to probe, when the checker asks per model. */
  model?: string;
}

/** What a probe reports. Throwing counts as a failed probe, with the thrown error recorded. */
export interface HealthCheckResult {
  ok: boolean;
  /** Short reason shown next to the status (`status page says 503`). */
  detail?: string;
}
