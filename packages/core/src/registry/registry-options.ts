import * as v from 'valibot';
import type { DependencyContainer } from 'tsyringe';
import type { HealthOptions } from '../health/health-options.js';
import type { LogLevel, Logger } from '../logging/logger.js';
import type { ProviderLimits } from '../orchestration/budget-options.js';
import type { Clock } from '../orchestration/clock.js';
import type { ResilienceOptions } from '../orchestration/resilience-options.js';
import type { Provider } from '../provider/provider.js';
import type { StateStore } from '../store/state-store.js';
import type { TelemetryOptions } from '../telemetry/telemetry-options.js';
import { callable, flag, listOf, nonEmptyString, oneOf, recordOf, strictOptions, wholeNumber } from '../validation/option-schemas.js';
import { parseWithSchema } from '../validation/parse-with-schema.js';
import type { ExtraMediaPolicy } from './call-options.js';
import type { RoutingOptions } from './routing-options.js';

/** Options of `createRegistry`. */
export interface RegistryOptions {
  /** The tsyringe container whose registered providers the registry serves. @default the global container */
  container?: DependencyContainer;
  /**
   * Provider instances to serve besides those registered in the container: one plugin can serve
   * several endpoints this way, each instance with its own id.
   * @example providers: [createOpenAICompatible({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1', models: ['llama-3.1-8b-instant'] })]
   */
  providers?: readonly Provider[];
  /**
   * Serve the providers registered in the container (importing a plugin registers one). Turn off
   * to serve exactly `providers` and nothing else, as a config file that lists instances does.
   * @default true
   */
  useRegistered?: boolean;
  /**
   * Host-level aliases, resolved before the providers' own. Targets must be served by some
   * provider; an alias may not be the name of a real model (that would answer from another
   * model without a word).
   * @example { flash: 'gemini-2.0-flash' }
   */
  aliases?: Readonly<Record<string, string>>;
  /** A logger (pino, or anything with the {@link Logger} methods), or a level for a new pino logger. @default silent */
  logger?: Logger | LogLevel;
  /**
   * Settings per provider id, handed to each provider's constructor.
   * @example { dynaspark: { baseUrl: 'http://127.0.0.1:8787' } }
   */
  providerOptions?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Retry, timeout, fallback and circuit settings (each call can override them). */
  resilience?: ResilienceOptions;
  /** Provider order, shuffling and weights. */
  routing?: RoutingOptions;
  /** Model used by `create()` without a name. @default the first provider's default model */
  defaultModel?: string;
  /** Largest media item in bytes. @default 10 MiB */
  maxMediaBytes?: number;
  /**
   * Bounds: on what core walks in a call's input and answer (`maxNestingDepth`, see the core
   * README's "Limits"), and, by provider id, each provider's budget (requests and tokens a minute,
   * calls at once), counted across every replica sharing the store.
   * @example { groq: { rpm: 30, tpm: 60_000 }, maxNestingDepth: 32 }
   */
  limits?: RegistryLimits;
  /** More images than a provider takes: `'error'` or `'warn'` (never silent). @default 'error' */
  extraMedia?: ExtraMediaPolicy;
  /** Environment for providers (API keys, base URLs). @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Health checks: probe timeout and concurrency, background interval, passive-health thresholds. */
  health?: HealthOptions;
  /**
   * Where circuits, cooldowns, budgets and health are kept. The default keeps them in this process;
   * replicas of a gateway share them through a shared store (`createRedisStore({ url })` from
   * `@switchboard/store-redis`). The registry takes the store (one store per registry) and closes
   * it with itself.
   * @default an in-memory store
   */
  store?: StateStore;
  /** Time source, for tests in fake time. @default the system clock */
  clock?: Clock;
  /** Random source in [0, 1) for jitter and shuffling. @default Math.random */
  random?: () => number;
  /**
   * OpenTelemetry spans and metrics, written when the host registered an SDK (nothing to do
   * otherwise, and nothing paid); `false` turns both off. Prompts and answers only with
   * `captureContent`. @example { captureContent: true }
   */
  telemetry?: TelemetryOptions | false;
}

/**
 * Bounds: core's own (camelCase names) and, by provider id (lower-case, never camelCase, so the two
 * cannot be confused), each provider's budget.
 */
export interface RegistryLimits {
  /**
   * Deepest nesting of objects and arrays core walks: tool and response JSON Schemas, per-call
   * `providerOptions`, structured answers checked against a schema. Deeper input is refused with
   * a `NestingTooDeepError` (an `InvalidArgumentError`) before anything walks it, so no request can
   * overflow the stack. @default 64
   */
  maxNestingDepth?: number;
  /**
   * A provider's budget, by its id. A call that would exceed it goes to the next candidate; with
   * none left it fails with a `BudgetExceededError` saying which budget and when it refills.
   * @example groq: { rpm: 30, tpm: 60_000 }
   */
  [providerId: string]: ProviderLimits | number | undefined;
}

const anObject = (expected: string) =>
  v.custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), `expected ${expected}.`);

const registryOptionsSchema = strictOptions({
  container: v.optional(anObject('a tsyringe container')),
  providers: v.optional(listOf(anObject('a provider instance'), 'an array of provider instances')),
  useRegistered: v.optional(flag()),
  aliases: v.optional(recordOf(nonEmptyString('a model name'), 'an object mapping alias names to model names')),
  logger: v.optional(
    v.union(
      [oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), anObject('a logger')],
      "expected a logger or one of 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'.",
    ),
  ),
  providerOptions: v.optional(recordOf(anObject('a settings object'), 'an object keyed by provider id')),
  resilience: v.optional(v.unknown()),
  routing: v.optional(
    strictOptions(
      {
        order: v.optional(recordOf(listOf(nonEmptyString('a provider id'), 'an array of provider ids'), 'an object mapping model names to provider ids')),
        shuffle: v.optional(flag()),
        weights: v.optional(
          recordOf(
            v.pipe(v.number('expected a weight >= 0.'), v.finite('expected a finite weight.'), v.minValue(0, 'expected a weight >= 0.')),
            'an object of weights by provider id',
          ),
        ),
        byHealth: v.optional(flag()),
      },
      'routing option',
    ),
  ),
  defaultModel: v.optional(nonEmptyString('a model name')),
  maxMediaBytes: v.optional(wholeNumber(1)),
  // Checked by resolveRegistryLimits, which knows the provider ids.
  limits: v.optional(anObject('an object of limits: { maxNestingDepth, <provider id>: { rpm, tpm, concurrency } }')),
  extraMedia: v.optional(oneOf(['error', 'warn'])),
  env: v.optional(anObject('an object of environment variables')),
  health: v.optional(v.unknown()),
  store: v.optional(anObject('a store (createRedisStore(), createMemoryStore())')),
  clock: v.optional(anObject('a clock { now, setTimeout, clearTimeout }')),
  random: v.optional(callable('a function returning a number in [0, 1)')),
  telemetry: v.optional(v.unknown()),
});

/** Checks `createRegistry`'s options object (resilience, health and telemetry have their own checks). */
export function checkRegistryOptions(options: unknown): RegistryOptions {
  return parseWithSchema(registryOptionsSchema, options, 'options') as RegistryOptions;
}
