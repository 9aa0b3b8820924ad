import type { HealthReport, Logger, Registry } from '@switchboard/core';
import type { ResolvedClientKey } from './auth/client-key.js';
import type { FastifyRequest } from 'fastify';
import type { LimitFunction } from 'p-limit';
import type { RemoteImagePolicy } from './chat/remote-image-policy.js';
import type { ProbeOutcome } from './health/create-probe-gate.js';
import type { ClientAllowance } from './limits/client-allowance.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { InFlightCalls } from './shutdown/in-flight-calls.js';
import type { DashboardRecorder } from './ui/dashboard-recorder.js';

/** What the routes of one gateway share, built once when the plugin is registered. */
export interface GatewayRuntime {
  registry: Registry;
  logger: Logger;
  /** Undefined when metrics are turned off. */
  metrics: GatewayMetrics | undefined;
  /** The `model` label a requested name is counted under ('' for names the catalogue does not list). */
  modelLabel(name: string): string;
  images: RemoteImagePolicy;
  /** Gateway-wide limit of image downloads at once. */
  downloads: LimitFunction;
  calls: InFlightCalls;
  /** Undefined when the dashboard is off: the routes then record nothing for it. */
  dashboard: DashboardRecorder | undefined;
  /** Chat requests in flight per client, against the per-client ceiling. */
  clients: ClientAllowance;
  /** Which client a request comes from. */
  clientOf(request: FastifyRequest): string;
  /** The client key a request came with (undefined: the gateway's apiKey, or no auth). */
  clientKeyOf(request: FastifyRequest): ResolvedClientKey | undefined;
  /** How long a streaming client may leave data unread before it is cut. */
  writeTimeoutMs: number;
  /** `GET /health?probe=true`, coalesced and rate-limited. */
  forcedProbe(): Promise<{ report: HealthReport; outcome: ProbeOutcome }>;
}
