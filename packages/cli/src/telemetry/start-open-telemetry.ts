import { UsageError } from '../errors/usage-error.js';

/** An OpenTelemetry SDK the CLI registered for `serve`. */
export interface OpenTelemetrySetup {
  /** What the start-up line says: `traces and metrics to http://collector:4318 (http/protobuf)`. */
  readonly description: string;
  /** Sends what is buffered and stops (within the exporters' timeouts). */
  shutdown(): Promise<void>;
}

/** The OTLP protocols the CLI ships exporters for. */
const PROTOCOLS = ['http/protobuf', 'http/json'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** Where one signal goes: its own `OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT` as is, else the base endpoint plus `v1/<signal>`. */
function signalEndpoint(env: Readonly<Record<string, string | undefined>>, signal: 'traces' | 'metrics'): string {
  const own = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`]?.trim();
  if (own) return own;
  const base = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || 'http://localhost:4318';
  return `${base.endsWith('/') ? base : `${base}/`}v1/${signal}`;
}

function signalProtocol(env: Readonly<Record<string, string | undefined>>, signal: 'traces' | 'metrics'): Protocol {
  const variable = env[`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`]
    ? `OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const value = env[variable]?.trim() || 'http/protobuf';
  if ((PROTOCOLS as readonly string[]).includes(value)) return value as Protocol;
  throw new UsageError({
    message: `${variable}=${value} is not a protocol switchboard serve exports with; use ${PROTOCOLS.join(' or ')} (gRPC is not shipped: point a collector's OTLP/HTTP receiver at port 4318).`,
  });
}

/** Whether `OTEL_<SIGNAL>_EXPORTER` leaves the signal on (`otlp`, the default) or turns it off (`none`). */
function exporting(env: Readonly<Record<string, string | undefined>>, signal: 'traces' | 'metrics'): boolean {
  const variable = `OTEL_${signal.toUpperCase()}_EXPORTER`;
  const value = env[variable]?.trim() || 'otlp';
  if (value === 'otlp') return true;
  if (value === 'none') return false;
  throw new UsageError({ message: `${variable}=${value} is not supported by switchboard serve; use otlp or none.` });
}

/**
 * Registers an OpenTelemetry SDK for `switchboard serve`: a tracer provider (W3C trace context,
 * async-hooks context, batched OTLP/HTTP export) and a meter provider (periodic OTLP/HTTP export),
 * configured from the standard `OTEL_*` variables, the resource named by `OTEL_SERVICE_NAME`
 * (default `switchboard`). Loaded only here: a CLI that does not ask for it never imports the SDK.
 */
export async function startOpenTelemetry({
  env,
  version,
  warn,
}: {
  env: Readonly<Record<string, string | undefined>>;
  version: string;
  /** Where the SDK's own failures are said (an export to a collector that is down or refuses). */
  warn: (message: string) => void;
}): Promise<OpenTelemetrySetup> {
  const traces = exporting(env, 'traces');
  const metrics = exporting(env, 'metrics');
  const tracesProtocol = signalProtocol(env, 'traces');
  const metricsProtocol = signalProtocol(env, 'metrics');
  const [api, { detectResources, envDetector, resourceFromAttributes }] = await Promise.all([import('@opentelemetry/api'), import('@opentelemetry/resources')]);
  // OTEL_RESOURCE_ATTRIBUTES (through the SDK's own detector) over our defaults; OTEL_SERVICE_NAME over both.
  const resource = resourceFromAttributes({ 'service.name': 'switchboard', 'service.version': version })
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(env['OTEL_SERVICE_NAME']?.trim() ? resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'].trim() }) : null);
  // The SDK reports a failed export through its diagnostic logger, which is silent by default:
  // spans and metrics would be dropped without a word. Each distinct failure is said once.
  const diagnostics = sayEachOnce(warn);
  api.diag.setLogger(diagnostics, { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true });
  const stops: (() => Promise<void>)[] = [];
  const parts: string[] = [];

  if (traces) {
    const url = signalEndpoint(env, 'traces');
    const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      tracesProtocol === 'http/json' ? import('@opentelemetry/exporter-trace-otlp-http') : import('@opentelemetry/exporter-trace-otlp-proto'),
    ]);
    const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))] });
    // The tracer provider, the W3C trace-context propagator and the async-hooks context manager, globally.
    provider.register();
    stops.push(async () => {
      await provider.shutdown();
      api.trace.disable();
      api.propagation.disable();
      api.context.disable();
    });
    parts.push(`traces to ${url}${tracesProtocol === 'http/json' ? ' (http/json)' : ''}`);
  }
  if (metrics) {
    const url = signalEndpoint(env, 'metrics');
    const [{ MeterProvider, PeriodicExportingMetricReader }, { OTLPMetricExporter }] = await Promise.all([
      import('@opentelemetry/sdk-metrics'),
      metricsProtocol === 'http/json' ? import('@opentelemetry/exporter-metrics-otlp-http') : import('@opentelemetry/exporter-metrics-otlp-proto'),
    ]);
    const interval = Number(env['OTEL_METRIC_EXPORT_INTERVAL']);
    const reader = new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter({ url }),
      ...(Number.isFinite(interval) && interval > 0 ? { exportIntervalMillis: interval } : {}),
    });
    const provider = new MeterProvider({ resource, readers: [reader] });
    api.metrics.setGlobalMeterProvider(provider);
    stops.push(async () => {
      await provider.shutdown();
      api.metrics.disable();
    });
    parts.push(`metrics to ${url}${metricsProtocol === 'http/json' ? ' (http/json)' : ''}`);
  }
  const service = String(resource.attributes['service.name']);
  return {
    description:
      parts.length === 0
        ? 'OpenTelemetry on, exporting nothing (OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER are none)'
        : `OpenTelemetry ${parts.join(', ')} as ${service}`,
    async shutdown() {
      // A collector that is down must not turn a clean stop into a failure, nor hold it past the
      // CLI's 10 s backstop: what cannot be sent in time is said, and the stop goes on.
      const flushed = Promise.allSettled(stops.map((stop) => stop())).then((results) => {
        for (const result of results) if (result.status === 'rejected') diagnostics.error('could not send what it held at shutdown:', result.reason);
        return true;
      });
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), SHUTDOWN_FLUSH_MS)));
      if (!(await Promise.race([flushed, late])))
        diagnostics.error(`could not send what it held within ${SHUTDOWN_FLUSH_MS / 1000} s of stopping; it is dropped.`);
      clearTimeout(timer);
      api.diag.disable();
    },
  };
}

/** How long a stop waits for the exporters to send what they hold. */
const SHUTDOWN_FLUSH_MS = 5_000;

/** Most distinct failures said; past it the SDK is failing in too many ways for more lines to help. */
const MAX_DISTINCT_FAILURES = 20;

/** A diagnostic logger that says each distinct warning or error once, as `OpenTelemetry: <what>`. */
function sayEachOnce(warn: (message: string) => void) {
  const said = new Set<string>();
  const say = (message: string, ...args: unknown[]) => {
    const text = [message, ...args].map(describeArgument).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim().slice(0, 500);
    if (said.has(text) || said.size >= MAX_DISTINCT_FAILURES) return;
    said.add(text);
    warn(`OpenTelemetry: ${text}${said.size === MAX_DISTINCT_FAILURES ? ' (further OpenTelemetry failures are not shown)' : ''}`);
  };
  const ignore = () => {};
  return { error: say, warn: say, info: ignore, debug: ignore, verbose: ignore };
}

/** The SDK passes errors as objects or as their JSON (`{"message":"…","code":"ECONNREFUSED"}`): their message, and code. */
function describeArgument(argument: unknown): string {
  let value: unknown = argument;
  if (typeof argument === 'string' && argument.startsWith('{')) {
    try {
      value = JSON.parse(argument);
    } catch {
      return argument;
    }
  }
  if (typeof value !== 'object' || value === null) return String(value);
  const { message, code } = value as { message?: unknown; code?: unknown };
  return [typeof message === 'string' ? message : '', typeof code === 'string' || typeof code === 'number' ? `(${code})` : ''].filter(Boolean).join(' ');
}
