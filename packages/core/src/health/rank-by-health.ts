import type { HealthStatus } from './health-report.js';

/** Routing's order of statuses: lower goes first. */
export const STATUS_RANK: Readonly<Record<HealthStatus, number>> = { healthy: 0, unknown: 1, degraded: 2, down: 3 };

/** What ranking reads of health. */
export interface HealthRanking {
  status(providerId: string, model?: string): HealthStatus;
  /** Status rank, then recent latency. */
  rankOf(providerId: string, model: string): [number, number];
}

/**
 * Orders candidates by health. Providers known to be down go last, whatever the order (they are
 * still tried: a probe can be wrong, and a last resort beats no answer). With `byHealth`, all are
 * sorted by status, then by recent latency. Stable, so equal providers keep the configured order.
 */
export function rankByHealth<T extends { provider: { id: string }; model: string }>(
  candidates: T[],
  health: HealthRanking,
  { byHealth }: { byHealth: boolean },
): T[] {
  // The usual case, checked without allocating: nothing is down and no health ordering is asked for.
  if (!byHealth && candidates.every((candidate) => health.status(candidate.provider.id, candidate.model) !== 'down')) return candidates;
  const keyed = candidates.map((candidate, index) => {
    const [rank, latency] = health.rankOf(candidate.provider.id, candidate.model);
    return { candidate, index, rank: byHealth ? rank : rank === STATUS_RANK.down ? 1 : 0, latency: byHealth ? latency : 0 };
  });
  if (keyed.every((entry) => entry.rank === 0 && entry.latency === 0)) return candidates;
  keyed.sort((a, b) => a.rank - b.rank || a.latency - b.latency || a.index - b.index);
  return keyed.map((entry) => entry.candidate);
}
