import { duplicateCoreNote } from '../di/core-copies.js';
import type { ProviderContext } from '../di/provider-context.js';
import { PROVIDER_CONTEXT_TOKEN, PROVIDER_TOKEN } from '../di/tokens.js';
import { tsyringe } from '../di/tsyringe.js';
import { asSentence } from '../errors/as-sentence.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ProviderNotFoundError } from '../errors/provider-not-found-error.js';
import { EventHub } from '../events/event-hub.js';
import type { RegistryEvents } from '../events/registry-events.js';
import { HealthMonitor, type HealthCheckRequest } from '../health/health-monitor.js';
import { resolveHealthOptions } from '../health/health-options.js';
import { createLogger } from '../logging/create-logger.js';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_MAX_MEDIA_BYTES } from '../media/load-media.js';
import { Budgets } from '../orchestration/budgets.js';
import { CircuitBreakers } from '../orchestration/circuit-breakers.js';
import { systemClock } from '../orchestration/clock.js';
import { DEFAULT_RESILIENCE, resolveResilienceOptions } from '../orchestration/resilience-options.js';
import { RetryBudget } from '../orchestration/retry-budget.js';
import type { Provider } from '../provider/provider.js';
import { createMemoryStore } from '../store/memory-store.js';
import { RegistryTelemetry } from '../telemetry/registry-telemetry.js';
import { resolveTelemetryOptions } from '../telemetry/telemetry-options.js';
import { flag, listOf, milliseconds, nonEmptyString, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';
import * as v from 'valibot';
import { checkProvider } from './check-provider.js';
import { checkRouting } from './check-routing.js';
import { closestNames } from '../validation/closest-names.js';
import { checkStore } from './check-store.js';
import { resolveRegistryLimits } from './resolve-registry-limits.js';
import { createLanguageModel, type LanguageModel } from './language-model.js';
import { ModelCatalog } from './model-catalog.js';
import type { Registry, ProviderInfo } from './registry.js';
import { checkRegistryOptions, type RegistryOptions } from './registry-options.js';
import type { RegistryRuntime } from './registry-runtime.js';
import { unknownProviderError } from './unknown-provider-error.js';

let registryCount = 0;

/** A half-open trial's lease outlives the attempt limit by this much. */
const TRIAL_LEASE_MARGIN_MS = 5_000;

/**
 * Builds a registry from the providers registered in a container (importing a plugin registers it)
 * and the provider instances passed in. Everything a call needs is prepared here (providers
 * constructed and checked, catalogue indexed, options checked), so `create()` is a lookup and a
 * call costs little more than its HTTP request.
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  checkRegistryOptions(options);
  const logger = createLogger(options.logger).child({ component: 'switchboard' });
  const providerOptions = options.providerOptions ?? {};
  const byId = collectProviders(options, logger);
  for (const id of Object.keys(providerOptions)) {
    if (!byId.has(id)) throw unknownProviderError(id, `options.providerOptions.${id}`, byId.keys());
  }
  const configured = [...byId.values()].filter((provider) => !provider.unconfigured);
  for (const provider of byId.values()) {
    if (provider.unconfigured)
      logger.info(
        { provider: provider.id, reason: provider.unconfigured.reason, fix: provider.unconfigured.fix },
        'provider installed but not configured; it serves no model',
      );
  }

  const clock = options.clock ?? systemClock;
  const events = new EventHub({ logger });
  const resilience = resolveResilienceOptions(DEFAULT_RESILIENCE, options.resilience, 'options.resilience');
  const unconfigured = [...byId.values()].filter((provider) => provider.unconfigured);
  const catalog = new ModelCatalog({ providers: configured, unconfigured, hostAliases: options.aliases ?? {}, logger });
  const routing = options.routing ?? {};
  checkRouting(routing, { catalog, providers: byId });
  if (options.defaultModel !== undefined) checkDefaultModel(options.defaultModel, catalog);
  const limits = resolveRegistryLimits(options.limits, new Set(byId.keys()));
  const store = options.store ?? createMemoryStore();
  checkStore(store);
  const budgets = new Budgets({ store, providers: limits.budgets, clock });
  const telemetryOptions = resolveTelemetryOptions(options.telemetry, options.env ?? process.env);
  let health: HealthMonitor | undefined;
  let telemetry: RegistryTelemetry | undefined;
  const breakers = new CircuitBreakers({
    failureThreshold: resilience.circuitFailureThreshold,
    cooldownMs: resilience.circuitCooldownMs,
    clock,
    store,
    // A trial holds its pair while it may run (the registry's attempt limit); a replica that dies mid-trial frees it then.
    trialLeaseMs: resilience.attemptTimeoutMs + TRIAL_LEASE_MARGIN_MS,
    onChange: (change) => {
      const event = change.state === 'open' ? 'circuit:open' : change.state === 'closed' ? 'circuit:close' : 'circuit:half-open';
      events.report(
        event,
        () => ({ provider: change.provider, model: change.model }),
        `circuit ${change.state}`,
        change.state === 'half-open' ? 'debug' : 'info',
      );
      health?.circuitChanged(change);
      telemetry?.circuitChanged(change);
    },
  });
  health = new HealthMonitor({ providers: configured, options: resolveHealthOptions(options.health), clock, events, breakers, store, logger });
  const monitor = health;
  store.attach({
    logger,
    onCircuitChange: (key, record, previous) => breakers.changed(key, record, previous),
    onProbe: (provider, probe) => monitor.sharedProbe(provider, probe),
  });
  telemetry = new RegistryTelemetry({
    options: telemetryOptions,
    clock,
    circuitState: (provider, model) => breakers.state(provider, model),
    logger,
  });
  const providerLoggers = new Map([...byId.values()].map((provider) => [provider, logger.child({ provider: provider.id })]));
  const registryId = (++registryCount).toString(36);
  let requestCount = 0;
  let closed = false;
  const assertOpen = () => {
    if (closed) {
      throw new InvalidArgumentError({
        argument: 'registry',
        reason: 'this registry was closed (registry.close()); create a new one with createRegistry() to make more calls.',
      });
    }
  };
  const runtime: RegistryRuntime = {
    catalog,
    providers: byId,
    defaults: {
      resilience,
      maxMediaBytes: options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES,
      extraMedia: options.extraMedia ?? 'error',
      maxNestingDepth: limits.maxNestingDepth,
    },
    routing,
    clock,
    random: options.random ?? Math.random,
    events,
    breakers,
    retryBudget: new RetryBudget(resilience.retryBudget, clock),
    budgets,
    health,
    telemetry,
    logger,
    loggerFor: (provider) => providerLoggers.get(provider) ?? logger,
    nextRequestId: () => `${registryId}-${(++requestCount).toString(36)}`,
    assertOpen,
  };
  // Without a configured provider, the first unconfigured one's default: create() then says what it lacks.
  const defaultModel = options.defaultModel ?? configured[0]?.defaultModel ?? catalog.unconfiguredDefaultModel();
  const models = new Map<string, LanguageModel>();
  // A view with the listening methods only: the hub itself could emit, and a host must not be
  // able to forge a circuit or health event.
  const listen: RegistryEvents = { on: events.on.bind(events), once: events.once.bind(events), off: events.off.bind(events) };

  return {
    events: listen,
    create(modelId) {
      assertOpen();
      if (modelId !== undefined && typeof modelId !== 'string') {
        throw new InvalidArgumentError({ argument: 'modelId', reason: `expected a model name string, got ${typeof modelId}.` });
      }
      const name = modelId === undefined || modelId.trim() === '' ? defaultModel : modelId;
      if (name === undefined) {
        throw new ProviderNotFoundError({
          providerId: '(any)',
          availableProviders: [],
          closestProviders: [],
          note: duplicateCoreNote(),
          ...(unconfigured.length > 0
            ? {
                message: `No provider is configured, so there is no default model.${unconfigured
                  .map(({ id, unconfigured: why }) => ` '${id}' is installed but not configured (${why!.reason}): ${asSentence(why!.fix)}`)
                  .join('')}${duplicateCoreNote()}`,
              }
            : {}),
        });
      }
      let model = models.get(name);
      if (!model) {
        model = createLanguageModel(name, catalog.resolve(name), runtime);
        // Only names the registry has a finite number of are kept: a client sending endless
        // spellings that resolve (`dynaspark/ `, `dynaspark/\t`…) must not grow this map.
        if (catalog.isKnownName(name)) models.set(name, model);
      }
      return model;
    },
    models: () => catalog.models(routing.order),
    providers: () => [...byId.values()].map((provider) => describeProvider(provider, monitor)),
    provider(id) {
      const provider = byId.get(id);
      if (!provider) {
        throw new ProviderNotFoundError({
          providerId: id,
          availableProviders: [...byId.keys()],
          closestProviders: closestNames(id, byId.keys()),
          note: duplicateCoreNote(),
        });
      }
      return provider;
    },
    async health(request) {
      assertOpen();
      const [report, budgetReport] = await Promise.all([monitor.check(checkHealthRequest(request, byId)), budgets.report()]);
      const storeStatus = store.status();
      // A shared store that cannot be reached leaves every replica on its own: not healthy, whatever the providers say.
      const status = storeStatus.state === 'degraded' && report.status === 'healthy' ? 'degraded' : report.status;
      return { ...report, status, store: storeStatus, budgets: budgetReport };
    },
    async close() {
      if (closed) return;
      closed = true;
      monitor.close();
      await Promise.all([...[...byId.values()].map((provider) => provider.close?.()), store.close()]);
    },
  };
}

/**
 * A default model must be served: a name nobody serves is the host's mistake, refused now. One
 * that only a provider waiting for its configuration serves is accepted (that provider is not an
 * error), and `create()` says what it lacks.
 */
function checkDefaultModel(name: string, catalog: ModelCatalog): void {
  if (catalog.servedOnlyWhenConfigured(name)) return;
  try {
    catalog.resolve(name);
  } catch (cause) {
    throw new InvalidArgumentError({ argument: 'options.defaultModel', reason: (cause as Error).message, cause });
  }
}

/** The providers of the container and of `options.providers`, checked, by id. */
function collectProviders(options: RegistryOptions, logger: Logger): Map<string, Provider> {
  const useRegistered = options.useRegistered !== false;
  // A registry of instances alone needs no container: tsyringe is not even loaded for it.
  const rootContainer = options.container ?? (useRegistered ? tsyringe().container : undefined);
  let registered: Provider[] = [];
  if (rootContainer && useRegistered && rootContainer.isRegistered(PROVIDER_TOKEN, true)) {
    const providerOptions = options.providerOptions ?? {};
    const context: ProviderContext = { settings: (id) => providerOptions[id] ?? {}, logger, env: options.env ?? process.env };
    const child = rootContainer.createChildContainer();
    child.register(PROVIDER_CONTEXT_TOKEN, { useValue: context });
    registered = child.resolveAll<Provider>(PROVIDER_TOKEN);
  }
  const byId = new Map<string, Provider>();
  for (const provider of [...registered, ...(options.providers ?? [])]) {
    checkProvider(provider);
    if (byId.has(provider.id)) {
      throw new InvalidArgumentError({
        argument: 'providers',
        reason: `two providers have the id '${provider.id}'; ids must be unique (give the second instance its own id).`,
      });
    }
    byId.set(provider.id, provider);
  }
  return byId;
}

function describeProvider(provider: Provider, health: HealthMonitor): ProviderInfo {
  const base = {
    id: provider.id,
    label: provider.label ?? provider.id,
    url: provider.url,
    needsAuth: provider.needsAuth,
    supportsStream: provider.supportsStream,
    supportsSystemMessage: provider.supportsSystemMessage,
    supportsMessageHistory: provider.supportsMessageHistory,
    defaultModel: provider.defaultModel,
    models: provider.models,
    visionModels: provider.visionModels,
  };
  if (provider.unconfigured)
    return { ...base, working: false, configured: false, reason: `not configured: ${provider.unconfigured.reason}`, fix: provider.unconfigured.fix };
  if (!health.isWorking(provider))
    return { ...base, working: false, configured: true, reason: 'the provider declares itself not working, and no recent probe shows it answering' };
  if (health.status(provider.id) === 'down')
    return { ...base, working: false, configured: true, reason: 'down: recent probes or traffic failed (see registry.health())' };
  return { ...base, working: true, configured: true };
}

const healthRequestSchema = strictOptions({
  providers: v.optional(listOf(nonEmptyString('a provider id'), 'an array of provider ids')),
  models: v.optional(flag()),
  probe: v.optional(flag()),
  timeoutMs: v.optional(milliseconds({ positive: true })),
  concurrency: v.optional(wholeNumber(1)),
  deep: v.optional(flag()),
});

function checkHealthRequest(request: HealthCheckRequest | undefined, byId: ReadonlyMap<string, Provider>): HealthCheckRequest {
  if (request === undefined) return {};
  const parsed = parseWithSchema(healthRequestSchema, request, 'health(request)');
  for (const id of parsed.providers ?? []) {
    const provider = byId.get(id);
    if (!provider)
      throw new ProviderNotFoundError({
        providerId: id,
        availableProviders: [...byId.keys()],
        closestProviders: closestNames(id, byId.keys()),
        note: duplicateCoreNote(),
      });
    if (provider.unconfigured) {
      throw new InvalidArgumentError({
        argument: 'health(request).providers',
        reason: `provider '${id}' is not configured (${provider.unconfigured.reason}), so it has nothing to probe. ${provider.unconfigured.fix}`,
      });
    }
  }
  return parsed;
}
