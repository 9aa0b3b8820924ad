import type { RegistryEvents } from '../events/registry-events.js';
import type { HealthCheckRequest } from '../health/health-monitor.js';
import type { HealthReport } from '../health/health-report.js';
import type { Provider } from '../provider/provider.js';
import type { LanguageModel } from './language-model.js';
import type { ModelInfo } from './model-catalog.js';

/** Summary of a provider, as `registry.providers()` lists it. */
export interface ProviderInfo {
  id: string;
  label: string;
  url: string;
  /** Whether the registry routes to it now (declared working or shown working by a probe, configured, not down). */
  working: boolean;
  /** False for a provider installed but not configured: it serves nothing until configured. */
  configured: boolean;
  /** Why it is not working, when it is not. */
  reason?: string;
  /** What would make it work, when the registry knows. */
  fix?: string;
  needsAuth: boolean;
  supportsStream: boolean;
  supportsSystemMessage: boolean;
  supportsMessageHistory: boolean;
  defaultModel: string;
  models: readonly string[];
  visionModels: readonly string[];
}

/** The registry: one entry point to every registered provider. */
export interface Registry {
  /**
   * A model to `generate` or `stream` with. Resolves aliases and finds every provider serving the
   * name; throws `ModelNotFoundError` (with the closest valid names) for unknown names.
   */
  create(modelId?: string): LanguageModel;
  /** Every public model name with its providers and aliases. */
  models(): ModelInfo[];
  /** Every provider, configured or not, with whether it works now and why not. */
  providers(): ProviderInfo[];
  /** One provider by id; `ProviderNotFoundError` for unknown ids. */
  provider(id: string): Provider;
  /**
   * Which providers work right now, and how well: probes them (unless `probe: false`) and combines
   * the result with live traffic and circuit state.
   */
  health(request?: HealthCheckRequest): Promise<HealthReport>;
  /** Attempts, retries, fallbacks, circuit and health changes, as they happen (listen only). */
  readonly events: RegistryEvents;
  /**
   * Stops background health checks and releases every provider's connections. Calls already
   * running finish; anything started afterwards (`create`, `generate`, `stream`, `health`) throws
   * an `InvalidArgumentError` for `registry`. Idempotent.
   */
  close(): Promise<void>;
}
