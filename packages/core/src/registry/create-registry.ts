import '../di/reflect.js';
import type { LevelWithSilent, Logger } from 'pino';
import { container as globalContainer, type DependencyContainer } from 'tsyringe';
import type { ProviderContext } from '../di/provider-context.js';
import { PROVIDER_CONTEXT_TOKEN, PROVIDER_TOKEN } from '../di/tokens.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import { HealthMonitor, type HealthCheckRequest } from '../health/health-monitor.js';
import { resolveHealthOptions, type HealthOptions } from '../health/health-options.js';
import type { HealthReport } from '../health/health-report.js';
import { createLogger } from '../logging/create-logger.js';
import { DEFAULT_MAX_MEDIA_BYTES } from '../media/load-media.js';
import { CircuitBreakers } from '../orchestration/circuit-breakers.js';
import { systemClock, type Clock } from '../orchestration/clock.js';
import { RegistryEvents } from '../orchestration/registry-events.js';
import { DEFAULT_RESILIENCE, resolveResilienceOptions, type ResilienceOptions } from '../orchestration/resilience-options.js';
import type { Provider } from '../provider/provider.js';
import { PROVIDER_SPECIFICATION_VERSION } from '../provider/specification-version.js';
import type { ExtraMediaPolicy } from './call-options.js';
import { closestNames } from './closest-names.js';
import { createLanguageModel, type LanguageModel } from './language-model.js';
import { ModelCatalog, type ModelInfo } from './model-catalog.js';
import type { RegistryRuntime } from './registry-runtime.js';
import type { RoutingOptions } from './routing-options.js';

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** The tsyringe container whose registered providers the registry serves. @default the global container */
  container?: DependencyContainer;
  /**
   * Host-level aliases, resolved before the providers' own. Targets must be served by some provider.
   * @example { flash: 'gemini-2.0-flash' }
   */
  aliases?: Readonly<Record<string, string>>;
  /** A pino logger, or a level for a new one. @default silent */
  logger?: Logger | LevelWithSilent;
  /**
   * Settings per provider id, handed to each provider's constructor.
   * @example { dynaspark: { baseUrl: 'http://127.0.0.1:8787' } }
   */
  providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Retry, timeout, fallback and circuit settings (each call can override them). */
  resilience?: ResilienceOptions;
  /** Provider order, shuffling and weights. */
  routing?: RoutingOptions;
  /** Model used by `create()` without a name. @default the first registered provider's default model */
  defaultModel?: string;
  /** Largest media item in bytes. @default 10 MiB */
  maxMediaBytes?: number;
  /** More images than a provider takes: `'error'` or `'warn'` (never silent). @default 'error' */
  extraMedia?: ExtraMediaPolicy;
  /** Environment for providers (API keys, base URLs). @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Health checks: probe timeout and concurrency, background interval, passive-health thresholds. */
  health?: HealthOptions;
  /** Time source, for tests in fake time. @default the system clock */
  clock?: Clock;
  /** Random source in [0, 1) for jitter and shuffling. @default Math.random */
  random?: () => number;
}

/** Summary of a registered provider, as `registry.providers()` lists it. */
export interface ProviderInfo {
  id: string;
  label: string;
  url: string;
  working: boolean;
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
  /** Every registered provider. */
  providers(): ProviderInfo[];
  /** One provider by id; `ProviderNotFoundError` for unknown ids. */
  provider(id: string): Provider;
  /**
   * Which providers work right now, and how well: probes them (unless `probe: false`) and combines
   * the result with live traffic and circuit state.
   */
  health(request?: HealthCheckRequest): Promise<HealthReport>;
  /** Attempts, retries, fallbacks, circuit and health changes, as they happen. */
  readonly events: RegistryEvents;
  /** Stops background health checks and releases every provider's connections. */
  close(): Promise<void>;
}

const REGISTRY_OPTION_KEYS = new Set([
  'container', 'aliases', 'logger', 'providerOptions', 'resilience', 'routing', 'defaultModel', 'maxMediaBytes', 'extraMedia', 'env', 'clock', 'random', 'health',
]);

let registryCount = 0;

/**
 * Builds a registry from the providers registered in a container (importing a plugin registers it).
 * Everything a call needs is prepared here (providers constructed, catalogue indexed, options
 * checked), so `create()` is a lookup and a call costs little more than its HTTP request.
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  checkOptions(options);
  const logger = createLogger(options.logger).child({ component: 'switchboard' });
  const rootContainer = options.container ?? globalContainer;
  const providerOptions = options.providerOptions ?? {};
  const env = options.env ?? process.env;
  const context: ProviderContext = {
    settings: (id) => providerOptions[id] ?? {},
    logger,
    env,
  };
  const child = rootContainer.createChildContainer();
  child.register(PROVIDER_CONTEXT_TOKEN, { useValue: context });
  const providers = rootContainer.isRegistered(PROVIDER_TOKEN, true) ? child.resolveAll<Provider>(PROVIDER_TOKEN) : [];
  const byId = new Map<string, Provider>();
  for (const provider of providers) {
    checkProvider(provider);
    if (byId.has(provider.id)) {
      throw new InvalidArgumentError({
        argument: 'providers',
        message: `two registered providers have the id '${provider.id}'; ids must be unique (register the second under another id).`,
      });
    }
    byId.set(provider.id, provider);
  }
  for (const id of Object.keys(providerOptions)) {
    if (!byId.has(id)) {
      const closest = closestNames(id, byId.keys());
      throw new InvalidArgumentError({
        argument: `providerOptions.${id}`,
        message: `no provider '${id}' is registered${closest.length ? `; did you mean '${closest[0]}'?` : ''} Registered: ${[...byId.keys()].join(', ') || '(none)'}.`,
      });
    }
  }

  const clock = options.clock ?? systemClock;
  const events = new RegistryEvents();
  const resilience = resolveResilienceOptions(DEFAULT_RESILIENCE, options.resilience, 'resilience');
  const catalog = new ModelCatalog({ providers: [...byId.values()], hostAliases: options.aliases ?? {}, logger });
  const providerLoggers = new Map([...byId.values()].map((provider) => [provider, logger.child({ provider: provider.id })]));
  const registryId = (++registryCount).toString(36);
  let requestCount = 0;
  if (options.defaultModel !== undefined) catalog.resolve(options.defaultModel);
  const healthOptions = resolveHealthOptions(options.health);
  const breakers = new CircuitBreakers({ failureThreshold: resilience.circuitFailureThreshold, cooldownMs: resilience.circuitCooldownMs, clock, events });
  const routing = options.routing ?? {};
  const health = new HealthMonitor({ providers: [...byId.values()], options: healthOptions, clock, events, breakers, logger });
  const runtime: RegistryRuntime = {
    catalog,
    defaults: { resilience, maxMediaBytes: options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES, extraMedia: options.extraMedia ?? 'error' },
    routing,
    clock,
    random: options.random ?? Math.random,
    events,
    breakers,
    logger,
    loggerFor: (provider) => providerLoggers.get(provider) ?? logger,
    isWorking: (provider) => health.isWorking(provider),
    rank: (candidates) => rankByHealth(candidates, health, routing.byHealth === true),
    nextRequestId: () => `${registryId}-${(++requestCount).toString(36)}`,
  };
  const defaultModel = options.defaultModel ?? [...byId.values()][0]?.defaultModel;
  const models = new Map<string, LanguageModel>();

  return {
    events,
    create(modelId) {
      if (modelId !== undefined && typeof modelId !== 'string') {
        throw new InvalidArgumentError({ argument: 'modelId', message: `expected a model name string, got ${typeof modelId}.` });
      }
      const name = modelId === undefined || modelId.trim() === '' ? defaultModel : modelId;
      if (name === undefined) {
        throw new ProviderNotFoundError({ providerId: '(any)', availableProviders: [], closestProviders: [] });
      }
      let model = models.get(name);
      if (!model) {
        model = createLanguageModel(name, catalog.resolve(name), runtime);
        models.set(name, model);
      }
      return model;
    },
    models: () => catalog.models(),
    providers: () =>
      [...byId.values()].map((provider) => ({
        id: provider.id,
        label: provider.label ?? provider.id,
        url: provider.url,
        working: health.isWorking(provider) && health.status(provider.id) !== 'down',
        needsAuth: provider.needsAuth,
        supportsStream: provider.supportsStream,
        supportsSystemMessage: provider.supportsSystemMessage,
        supportsMessageHistory: provider.supportsMessageHistory,
        defaultModel: provider.defaultModel,
        models: provider.models,
        visionModels: provider.visionModels,
      })),
    provider(id) {
      const provider = byId.get(id);
      if (!provider) throw new ProviderNotFoundError({ providerId: id, availableProviders: [...byId.keys()], closestProviders: closestNames(id, byId.keys()) });
      return provider;
    },
    async health(request) {
      return health.check(checkHealthRequest(request, byId));
    },
    async close() {
      health.close();
      await Promise.all([...byId.values()].map((provider) => provider.close?.()));
    },
  };
}

function checkOptions(options: RegistryOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({ argument: 'options', message: 'expected an options object.' });
  }
  for (const key of Object.keys(options)) {
    if (!REGISTRY_OPTION_KEYS.has(key)) {
      throw new InvalidArgumentError({ argument: `options.${key}`, message: `unknown option; known options are ${[...REGISTRY_OPTION_KEYS].join(', ')}.` });
    }
  }
  const record = (value: unknown, argument: string) => {
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new InvalidArgumentError({ argument, message: `expected an object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}.` });
    }
  };
  record(options.aliases, 'options.aliases');
  record(options.providerOptions, 'options.providerOptions');
  record(options.routing, 'options.routing');
  if (options.maxMediaBytes !== undefined && (!Number.isInteger(options.maxMediaBytes) || options.maxMediaBytes < 1)) {
    throw new InvalidArgumentError({ argument: 'options.maxMediaBytes', message: `expected a whole number of bytes >= 1, got ${JSON.stringify(options.maxMediaBytes)}.` });
  }
  if (options.extraMedia !== undefined && options.extraMedia !== 'error' && options.extraMedia !== 'warn') {
    throw new InvalidArgumentError({ argument: 'options.extraMedia', message: `expected 'error' or 'warn', got ${JSON.stringify(options.extraMedia)}.` });
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (typeof options.logger === 'string' && !levels.includes(options.logger)) {
    throw new InvalidArgumentError({ argument: 'options.logger', message: `unknown level '${options.logger}'; expected a pino logger or one of ${levels.join(', ')}.` });
  }
  if (options.random !== undefined && typeof options.random !== 'function') {
    throw new InvalidArgumentError({ argument: 'options.random', message: 'expected a function returning a number in [0, 1).' });
  }
}

function checkProvider(provider: Provider): void {
  const id = typeof provider?.id === 'string' ? provider.id : '(no id)';
  if (provider?.specificationVersion !== PROVIDER_SPECIFICATION_VERSION) {
    throw new InvalidArgumentError({
      argument: `provider '${id}'`,
      message: `it implements provider specification ${JSON.stringify(provider?.specificationVersion)}, but this @switchboard/core implements '${PROVIDER_SPECIFICATION_VERSION}'. Install versions of the plugin and of core that match.`,
    });
  }
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) {
    throw new InvalidArgumentError({ argument: `provider '${id}'.id`, message: 'ids are lower-case letters, digits, ".", "_" and "-" (no "/").' });
  }
  if (!Array.isArray(provider.models) || provider.models.length === 0 || !provider.models.includes(provider.defaultModel)) {
    throw new InvalidArgumentError({ argument: `provider '${id}'.models`, message: 'a provider needs a non-empty models list that includes its defaultModel.' });
  }
  if (typeof provider.createAsyncGenerator !== 'function') {
    throw new InvalidArgumentError({ argument: `provider '${id}'.createAsyncGenerator`, message: 'expected a method returning an async iterable.' });
  }
}

/**
 * Providers known to be down go last, whatever the order (they are still tried: a probe can be
 * wrong, and a last resort beats no answer). With `routing.byHealth`, all are sorted by status,
 * then by recent latency. Stable, so equal providers keep the configured order.
 */
function rankByHealth<T extends { provider: Provider; model: string }>(candidates: T[], health: HealthMonitor, byHealth: boolean): T[] {
  // The usual case, checked without allocating: nothing is down and no health ordering is asked for.
  if (!byHealth && candidates.every((candidate) => health.status(candidate.provider.id, candidate.model) !== 'down')) return candidates;
  const keyed = candidates.map((candidate, index) => {
    const [rank, latency] = health.rankOf(candidate.provider.id, candidate.model);
    return { candidate, index, rank: byHealth ? rank : rank === 3 ? 1 : 0, latency: byHealth ? latency : 0 };
  });
  if (keyed.every((entry) => entry.rank === 0 && entry.latency === 0)) return candidates;
  keyed.sort((a, b) => a.rank - b.rank || a.latency - b.latency || a.index - b.index);
  return keyed.map((entry) => entry.candidate);
}

function checkHealthRequest(request: HealthCheckRequest | undefined, byId: ReadonlyMap<string, Provider>): HealthCheckRequest {
  if (request === undefined) return {};
  if (typeof request !== 'object' || request === null) throw new InvalidArgumentError({ argument: 'health(request)', message: 'expected an options object.' });
  const known = ['providers', 'models', 'probe', 'timeoutMs', 'concurrency', 'deep'];
  for (const key of Object.keys(request)) {
    if (!known.includes(key)) throw new InvalidArgumentError({ argument: `health(request).${key}`, message: `unknown option; known options are ${known.join(', ')}.` });
  }
  for (const id of request.providers ?? []) {
    if (!byId.has(id)) throw new ProviderNotFoundError({ providerId: id, availableProviders: [...byId.keys()], closestProviders: closestNames(id, byId.keys()) });
  }
  if (request.timeoutMs !== undefined && !(typeof request.timeoutMs === 'number' && request.timeoutMs > 0 && Number.isFinite(request.timeoutMs))) {
    throw new InvalidArgumentError({ argument: 'health(request).timeoutMs', message: `expected a number of milliseconds > 0, got ${JSON.stringify(request.timeoutMs)}.` });
  }
  if (request.concurrency !== undefined && !(Number.isInteger(request.concurrency) && request.concurrency >= 1)) {
    throw new InvalidArgumentError({ argument: 'health(request).concurrency', message: `expected a whole number >= 1, got ${JSON.stringify(request.concurrency)}.` });
  }
  return request;
}
