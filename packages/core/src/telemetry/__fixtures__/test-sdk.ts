// An OpenTelemetry SDK as a host registers one, keeping what it records in memory: spans through
// the in-memory exporter, metrics through a reader collected on demand.
import { context, metrics, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  type Sampler,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface TestSdk {
  /** Every span ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** The one span named `name` (fails the test when there are none or several). */
  span(name: string): ReadableSpan;
  /** The data points of the metric `name`, collected now. */
  points<T = number | Histogram>(name: string): Promise<DataPoint<T>[]>;
  /** Unregisters everything (the next test registers its own). */
  close(): Promise<void>;
}

/** Registers a tracer provider (W3C propagation, async-hooks context) and a meter provider, globally. */
export function registerTestSdk({
  sampler,
  processors = [],
  traces = true,
  meters = true,
}: {
  sampler?: Sampler;
  processors?: SpanProcessor[];
  traces?: boolean;
  meters?: boolean;
} = {}): TestSdk {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), ...processors], ...(sampler ? { sampler } : {}) });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (traces) trace.setGlobalTracerProvider(tracerProvider);
  if (meters) metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter((span) => span.name === name);
      if (found.length !== 1)
        throw new Error(
          `expected one span named '${name}', found ${found.length}: ${exporter
            .getFinishedSpans()
            .map((span) => span.name)
            .join(', ')}`,
        );
      return found[0]!;
    },
    async points<T>(name: string) {
      const { resourceMetrics } = await reader.collect();
      const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((data) => data.descriptor.name === name);
      return (metric?.dataPoints ?? []) as DataPoint<T>[];
    },
    async close() {
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
      contextManager.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}
