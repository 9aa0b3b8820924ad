import type { HealthStatus } from './health-report.js';

/**
 * The status of a whole registry from its providers': `down` when every provider is down, `unknown`
 * when nothing is known of any (no provider, or no probe or traffic yet: claiming `degraded` would
 * report a problem nobody saw), `healthy` when every provider known is healthy (a provider not yet
 * seen does not make the others worse), `degraded` otherwise (some known provider is degraded or
 * down while another still answers).
 */
export function overallStatus(statuses: readonly HealthStatus[]): HealthStatus {
  const known = statuses.filter((status) => status !== 'unknown');
  if (known.length === 0) return 'unknown';
  if (statuses.every((status) => status === 'down')) return 'down';
  return known.every((status) => status === 'healthy') ? 'healthy' : 'degraded';
}
