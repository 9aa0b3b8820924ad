import type { HealthMonitor } from '../health/health-monitor.js';
import type { Logger } from '../logging/logger.js';
import type { CallRuntime } from '../orchestration/call-runtime.js';
import type { Provider } from '../provider/provider.js';
import type { RegistryTelemetry } from '../telemetry/registry-telemetry.js';
import type { CallDefaults } from './prepare-call.js';
import type { ModelCatalog } from './model-catalog.js';
import type { RoutingOptions } from './routing-options.js';

/** What a registry shares with the models it creates: built once, read on every call. */
export interface RegistryRuntime extends CallRuntime {
  catalog: ModelCatalog;
  /** Every provider, by id, configured or not (per-call options are checked against them). */
  providers: ReadonlyMap<string, Provider>;
  defaults: CallDefaults;
  routing: RoutingOptions;
  health: HealthMonitor;
  /** Spans and metrics of every call (a no-op per call while no OpenTelemetry SDK is registered). */
  telemetry: RegistryTelemetry;
  /** The logger of each provider, made once. */
  loggerFor(provider: Provider): Logger;
  nextRequestId(): string;
  /** Throws when the registry was closed: nothing new starts on a closed registry. */
  assertOpen(): void;
}
