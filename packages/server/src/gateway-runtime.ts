import type { LanguageModel, Logger, Registry } from '@switchboard/core';
import type { ExtrasRoute } from './chat/create-extras-router.js';
import type { RemoteImagePolicy } from './chat/remote-image-policy.js';
import type { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { InFlightCalls } from './shutdown/in-flight-calls.js';
import type { DashboardRecorder } from './ui/dashboard-recorder.js';

/** What the routes of one gateway share, built once when the plugin is registered. */
export interface GatewayRuntime {
  registry: Registry;
  logger: Logger;
  /** Undefined when metrics are turned off. */
  metrics: GatewayMetrics | undefined;
  images: RemoteImagePolicy;
  calls: InFlightCalls;
  /** Undefined when the dashboard is off: the routes then record nothing for it. */
  dashboard: DashboardRecorder | undefined;
  routeExtras(model: LanguageModel): ExtrasRoute;
}
