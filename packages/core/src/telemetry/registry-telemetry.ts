import type { MeterProvider, Tracer, TracerProvider } from '@opentelemetry/api';
import type { Logger } from '../logging/logger.js';
import { NO_OBSERVER, type CallObserver } from './call-observer.js';
import type { GenAiMetrics } from './genai-metrics.js';
import { loadOtelApi, meterRegistered, otelRegistered, tracerRegistered, type OtelApiModule } from './otel-api.js';
import type { ResolvedTelemetryOptions } from './telemetry-options.js';

/** What records calls, loaded with the API: a registry nobody traces does not even import it. */
interface Recorder {
  api: OtelApiModule;
  CallTrace: typeof import('./call-trace.js').CallTrace;
  GenAiMetrics: typeof GenAiMetrics;
  scope: string;
}

let recorder: Recorder | undefined;
let loadingRecorder: Promise<Recorder | undefined> | undefined;

/** The API and the recording half of this module, loaded once (undefined when the API is not installed). */
function loadRecorder(): Promise<Recorder | undefined> {
  loadingRecorder ??= Promise.all([loadOtelApi(), import('./call-trace.js'), import('./genai-metrics.js'), import('./genai-conventions.js')]).then(
    ([api, { CallTrace }, metrics, { INSTRUMENTATION_SCOPE }]) =>
      api === undefined ? undefined : (recorder = { api, CallTrace, GenAiMetrics: metrics.GenAiMetrics, scope: INSTRUMENTATION_SCOPE }),
  );
  return loadingRecorder;
}

/** Options of {@link RegistryTelemetry}. */
export interface RegistryTelemetryOptions {
  options: ResolvedTelemetryOptions;
  clock: { now(): number };
  /** The circuit state of a provider's model (read as an attempt starts). */
  circuitState(provider: string, model: string): string;
  logger: Logger;
}

/**
 * A registry's side of OpenTelemetry: one observer per call, and the circuit transitions. While
 * no tracer or meter provider is registered (or telemetry is off), a call gets the shared no-op
 * observer after two property reads: `@opentelemetry/api` is not even loaded. With an SDK, the
 * API is loaded on the first call (that call waits for it, once), and the tracer and instruments
 * are made once per provider the host registered.
 */
export class RegistryTelemetry {
  readonly #in: RegistryTelemetryOptions;
  #tracer: { provider: TracerProvider; tracer: Tracer } | undefined;
  #metrics: { provider: MeterProvider; metrics: GenAiMetrics } | undefined;
  #warnedMissing = false;
  #warnedFailure = false;
  readonly #onFailure = (error: unknown) => this.#failed(error);

  constructor(options: RegistryTelemetryOptions) {
    this.#in = options;
    // A host that registered its SDK before creating the registry (the usual order) pays for
    // loading the API now, not on its first call.
    if ((options.options.traces || options.options.metrics) && otelRegistered()) void loadRecorder();
  }

  /**
   * The observer of a call of `modelId` that started at `startedAt` on the registry's clock (a
   * promise only while the API is still loading). Positional: the hot path builds no object.
   */
  startCall(modelId: string, mode: 'generate' | 'stream', startedAt: number): CallObserver | Promise<CallObserver> {
    const { traces, metrics } = this.#in.options;
    const tracing = traces && tracerRegistered();
    const measuring = metrics && meterRegistered();
    if (!tracing && !measuring) return NO_OBSERVER;
    if (recorder !== undefined) return this.#observe(recorder, tracing, measuring, modelId, mode, startedAt);
    return loadRecorder().then((loaded) => {
      if (loaded !== undefined) return this.#observe(loaded, tracing, measuring, modelId, mode, startedAt);
      this.#warnMissing();
      return NO_OBSERVER;
    });
  }

  /** A circuit breaker changed state (counted in `switchboard.circuit.transitions`). */
  circuitChanged(change: { provider: string; model: string; state: string }): void {
    if (!this.#in.options.metrics || !meterRegistered()) return;
    const record = (loaded: Recorder | undefined) => {
      if (loaded === undefined) return;
      try {
        this.#metricsFor(loaded).recordCircuitChange(change);
      } catch (error) {
        this.#failed(error);
      }
    };
    if (recorder !== undefined) record(recorder);
    else void loadRecorder().then(record);
  }

  #observe(loaded: Recorder, tracing: boolean, measuring: boolean, modelId: string, mode: 'generate' | 'stream', startedAt: number) {
    return loaded.CallTrace.start({
      api: loaded.api,
      tracer: tracing ? this.#tracerFor(loaded) : undefined,
      metrics: measuring ? this.#metricsFor(loaded) : undefined,
      clock: this.#in.clock,
      captureContent: this.#in.options.captureContent,
      circuitState: this.#in.circuitState,
      onFailure: this.#onFailure,
      modelId,
      mode,
      startedAt,
    });
  }

  /** The tracer of the provider registered now (a host may register another, tests do). */
  #tracerFor({ api, scope }: Recorder): Tracer {
    const provider = api.trace.getTracerProvider();
    if (this.#tracer?.provider !== provider) this.#tracer = { provider, tracer: provider.getTracer(scope) };
    return this.#tracer.tracer;
  }

  #metricsFor({ api, scope, GenAiMetrics }: Recorder): GenAiMetrics {
    const provider = api.metrics.getMeterProvider();
    if (this.#metrics?.provider !== provider) this.#metrics = { provider, metrics: new GenAiMetrics(provider.getMeter(scope)) };
    return this.#metrics.metrics;
  }

  #warnMissing(): void {
    if (this.#warnedMissing) return;
    this.#warnedMissing = true;
    this.#in.logger.warn(
      {},
      'An OpenTelemetry SDK is registered, but @switchboard/core cannot load @opentelemetry/api: install it beside core (an optional peer dependency, so your SDK and the registry share one copy). No spans or metrics come from the registry until then.',
    );
  }

  #failed(error: unknown): void {
    if (this.#warnedFailure) return;
    this.#warnedFailure = true;
    this.#in.logger.warn(
      { err: error },
      "OpenTelemetry threw while the registry recorded a call (a span processor or metric reader of the host's SDK?); the call went on unaffected. Logged once per registry.",
    );
  }
}
