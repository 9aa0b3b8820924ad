import type { HealthReport, Registry } from '@switchboard/core';

/** How a forced probe was served: run for this request, shared with one in flight, or skipped after a recent one. */
export type ProbeOutcome = 'ran' | 'joined' | 'recent';

/** Options of {@link createProbeGate}. */
export interface ProbeGateOptions {
  registry: Registry;
  /** Least time between the end of one forced probe and the start of the next. */
  minIntervalMs: number;
  /** @default Date.now */
  now?: () => number;
}

/**
 * Rate-limits the probes that `GET /health?probe=true` forces, which anyone who can reach the
 * route may ask for: concurrent calls share one probe round, and within `minIntervalMs` after a
 * round the report is read from what that round (and traffic since) showed, without probing.
 * So a storm of calls sends at most one probe per provider per interval.
 */
export function createProbeGate({ registry, minIntervalMs, now = Date.now }: ProbeGateOptions) {
  let running: Promise<HealthReport> | undefined;
  let lastEndedAt = Number.NEGATIVE_INFINITY;
  return async function forcedProbe(): Promise<{ report: HealthReport; outcome: ProbeOutcome }> {
    if (running) return { report: await running, outcome: 'joined' };
    if (now() - lastEndedAt < minIntervalMs) return { report: await registry.health({ probe: false }), outcome: 'recent' };
    running = registry.health({ probe: true });
    try {
      return { report: await running, outcome: 'ran' };
    } finally {
      running = undefined;
      lastEndedAt = now();
    }
  };
}
