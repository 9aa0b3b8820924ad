import type { Registry as SwitchboardRegistry, RegistryEventListener, RegistryEventName } from '@switchboard/core';
import { collectDefaultMetrics, Counter, Gauge, type Metric, Registry } from 'prom-client';
import type { RequestRoute } from '../ui/dashboard-data.js';
import { PlainCounter } from './plain-counter.js';
import { PlainHistogram } from './plain-histogram.js';

/** The gateway's Prometheus metrics, fed by its routes and by the registry's events. */
export interface GatewayMetrics {
  /**
   * A request of one of the APIs (`chat` completions, `responses`, `messages`) finished (answered,
   * refused or failed). `model` is '' when the name was not served (unknown names would make the
   * label set unbounded); `seconds` is undefined for requests refused before they were read.
   */
  recordRequest(route: RequestRoute, model: string, provider: string, status: number, stream: boolean, seconds: number | undefined): void;
  /** A streamed answer's first chunk arrived `seconds` after its call started (the registry's own measurement, `ModelStream.firstChunkMs`). */
  recordFirstChunk(model: string, provider: string, seconds: number): void;
  requestStarted(): void;
  requestEnded(): void;
  /** The exposition format's content type. */
  readonly contentType: string;
  /** Every metric in Prometheus text format. */
  render(): Promise<string>;
  /** Stops listening to the registry. */
  close(): void;
}

/** Options of {@link createGatewayMetrics}. */
export interface GatewayMetricsOptions {
  registry: SwitchboardRegistry;
  /** Also export Node's process metrics (CPU, memory, event loop lag, GC). */
  processMetrics: boolean;
}

// Model calls take from tens of milliseconds (a local server) to minutes (a long answer).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const CIRCUIT_STATE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Metrics in a prom-client registry of the gateway's own (never the global one, so two gateways
 * in a process, or a host's own metrics, do not collide). Attempts, retries, fallbacks and
 * circuit changes come from `registry.events`: the registry reports them as they happen, so the
 * gateway needs no view into its internals.
 */
export function createGatewayMetrics({ registry, processMetrics }: GatewayMetricsOptions): GatewayMetrics {
  const prometheus = new Registry();
  const registers = [prometheus];
  if (processMetrics) collectDefaultMetrics({ register: prometheus });

  // The series updated on every request (or attempt) are counted in plain JavaScript and handed
  // to the registry at scrape time, in the same exposition; the rare ones stay prom-client's.
  // prom-client's registry reads any metric that has a name, a help, a type and `get()`.
  const register = <M extends PlainCounter | PlainHistogram>(metric: M) => {
    prometheus.registerMetric(metric as unknown as Metric);
    return metric;
  };
  const counter = (name: string, help: string, labelNames: readonly string[]) => register(new PlainCounter({ name, help, labelNames }));
  const histogram = (name: string, help: string, labelNames: readonly string[]) =>
    register(new PlainHistogram({ name, help, labelNames, buckets: LATENCY_BUCKETS }));
  const rareCounter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter({ name, help, labelNames, registers });

  // `route` takes only the three API names (never a path), so it multiplies the series by three at most.
  const requests = counter(
    'switchboard_gateway_requests_total',
    'API requests (route: chat completions, responses or messages), by public model name, answering provider, HTTP status and streaming.',
    ['route', 'model', 'provider', 'status', 'stream'],
  );
  const requestSeconds = histogram(
    'switchboard_gateway_request_duration_seconds',
    'Time from receiving an API request to its last byte, by route, model and answering provider.',
    ['route', 'model', 'provider', 'stream'],
  );
  const firstChunkSeconds = histogram(
    'switchboard_gateway_time_to_first_chunk_seconds',
    "Time from the start of a streaming call to its first chunk from a provider (the registry's measurement, the same as gen_ai.client.operation.time_to_first_chunk), by model and answering provider.",
    ['model', 'provider'],
  );
  const inFlight = new Gauge({
    name: 'switchboard_gateway_requests_in_flight',
    help: 'API requests (chat completions, responses, messages) being answered now.',
    registers,
  });
  const attempts = counter('switchboard_attempts_total', 'Attempts on a provider, by outcome and error kind (empty for successes).', [
    'provider',
    'model',
    'outcome',
    'error_kind',
  ]);
  const attemptSeconds = histogram('switchboard_attempt_duration_seconds', 'Duration of one attempt on a provider (a stream: until its first chunk).', [
    'provider',
    'model',
    'outcome',
  ]);
  const retries = rareCounter('switchboard_retries_total', 'Attempts retried on the same provider, by the error kind that caused it.', [
    'provider',
    'model',
    'error_kind',
  ]);
  const fallbacks = rareCounter('switchboard_fallbacks_total', 'Moves from one provider to the next (to_provider is empty when none was left).', [
    'from_provider',
    'from_model',
    'to_provider',
    'error_kind',
  ]);
  const circuit = new Gauge({
    name: 'switchboard_circuit_state',
    help: 'Circuit breaker state per provider and model: 0 closed, 1 half-open, 2 open.',
    labelNames: ['provider', 'model'] as const,
    registers,
  });

  const unsubscribes: (() => void)[] = [];
  const on = <E extends RegistryEventName>(event: E, listener: RegistryEventListener<E>) => unsubscribes.push(registry.events.on(event, listener));
  on('attempt:end', ({ provider, model, outcome, errorKind, durationMs }) => {
    attempts.inc({ provider, model, outcome, error_kind: errorKind ?? '' });
    attemptSeconds.observe({ provider, model, outcome }, durationMs / 1000);
  });
  on('retry', ({ provider, model, errorKind }) => retries.inc({ provider, model, error_kind: errorKind }));
  on('fallback', ({ from, to, errorKind }) =>
    fallbacks.inc({ from_provider: from.provider, from_model: from.model, to_provider: to?.provider ?? '', error_kind: errorKind }),
  );
  on('circuit:open', ({ provider, model }) => circuit.set({ provider, model }, CIRCUIT_STATE.open));
  on('circuit:half-open', ({ provider, model }) => circuit.set({ provider, model }, CIRCUIT_STATE['half-open']));
  on('circuit:close', ({ provider, model }) => circuit.set({ provider, model }, CIRCUIT_STATE.closed));

  return {
    recordRequest(route, model, provider, status, stream, seconds) {
      const streamed = stream ? 'true' : 'false';
      requests.inc({ route, model, provider, status, stream: streamed });
      if (seconds !== undefined) requestSeconds.observe({ route, model, provider, stream: streamed }, seconds);
    },
    recordFirstChunk(model, provider, seconds) {
      firstChunkSeconds.observe({ model, provider }, seconds);
    },
    requestStarted: () => inFlight.inc(),
    requestEnded: () => inFlight.dec(),
    contentType: prometheus.contentType,
    render: () => prometheus.metrics(),
    close() {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },
  };
}
