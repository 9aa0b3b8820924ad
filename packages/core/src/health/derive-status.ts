import type { HealthSource, HealthStatus } from './health-report.js';
import type { ResolvedHealthOptions } from './health-options.js';

/** One probe's outcome. */
export interface ProbeOutcome {
  ok: boolean;
  latencyMs: number;
  at: number;
}

/** The evidence about one provider or provider+model. */
export interface StatusEvidence {
  now: number;
  probe: ProbeOutcome | undefined;
  /** Recent traffic (within `staleAfterMs`), and when the last attempt ended. */
  traffic: { attempts: number; successes: number; lastAt: number | undefined };
  circuit: 'closed' | 'open' | 'half-open' | 'isolated';
  options: Pick<ResolvedHealthOptions, 'staleAfterMs' | 'minSamples' | 'degradedBelow' | 'downBelow' | 'slowMs'>;
}

/**
 * Turns evidence into a status. Pure, so the rules are easy to read and test:
 * - an open circuit is `down` (the resilience layer saw repeated failures); once its cooldown is
 *   over it is `degraded` until the probe call closes it;
 * - a probe says `down` when it failed, `degraded` when it was slower than `slowMs`;
 * - traffic says `down` below `downBelow` success, `degraded` below `degradedBelow`, once it has
 *   `minSamples` recent attempts;
 * - when both are fresh, the more recent one wins; stale evidence counts for nothing (`unknown`).
 */
export function deriveStatus({ now, probe, traffic, circuit, options }: StatusEvidence): { status: HealthStatus; source: HealthSource } {
  if (circuit === 'open' || circuit === 'isolated') return { status: 'down', source: 'traffic' };
  // A circuit whose cooldown is over is waiting for its probe call: not down (that would rank it
  // last and nothing would ever probe it), not healthy either.
  if (circuit === 'half-open') return { status: 'degraded', source: 'traffic' };
  const freshProbe = probe && now - probe.at <= options.staleAfterMs ? probe : undefined;
  const trafficCounts = traffic.attempts >= options.minSamples;
  const probeStatus: HealthStatus | undefined = freshProbe
    ? !freshProbe.ok
      ? 'down'
      : freshProbe.latencyMs > options.slowMs
        ? 'degraded'
        : 'healthy'
    : undefined;
  let trafficStatus: HealthStatus | undefined;
  if (trafficCounts) {
    const rate = traffic.successes / traffic.attempts;
    trafficStatus = rate < options.downBelow ? 'down' : rate < options.degradedBelow ? 'degraded' : 'healthy';
  }
  if (probeStatus && trafficStatus) {
    return (traffic.lastAt ?? 0) > freshProbe!.at ? { status: trafficStatus, source: 'traffic' } : { status: probeStatus, source: 'probe' };
  }
  if (probeStatus) return { status: probeStatus, source: 'probe' };
  if (trafficStatus) return { status: trafficStatus, source: 'traffic' };
  return { status: 'unknown', source: 'none' };
}
