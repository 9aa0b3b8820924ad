import { context, metrics, propagation, ProxyTracerProvider, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createBenchClient } from './bench-clients.js';
import { collectGarbage, requireEmulator, type BenchEnv } from './bench-env.js';
import { runLoad } from './run-load.js';
import { median } from './stats.js';
import { TELEMETRY_MODES, type TelemetryMode } from './telemetry-modes.js';

export interface TelemetryRow {
  mode: TelemetryMode;
  /** generate() client CPU per call, median over rounds. */
  cpuMicros: number;
  /** Over the no-SDK rounds: the median of the per-round ratios (0 for no-sdk itself). */
  overhead: number;
  /** Spans an SDK round recorded per call (a call span and an attempt span: counted, not assumed). */
  spansPerCall?: number;
}

export interface TelemetryResult {
  requestsPerRound: number;
  rounds: number;
  concurrency: number;
  rows: TelemetryRow[];
}

class QuietReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** What a round registered: how to count the spans it recorded, and how to take it away again. */
interface Registration {
  /** Spans recorded since the last reset (0 without an SDK). */
  spans(): number;
  reset(): void;
  unregister(): Promise<void>;
}

/** Registers what `mode` needs, globally (a fresh SDK each time: shutting one down stops its exporter). */
function register(mode: TelemetryMode): Registration {
  const none = { spans: () => 0, reset: () => {} };
  if (mode === 'no-sdk') return { ...none, unregister: async () => {} };
  if (mode === 'noop-tracer') {
    // A provider with nothing behind it: every tracer it gives is the API's no-op tracer.
    trace.setGlobalTracerProvider(new ProxyTracerProvider());
    return { ...none, unregister: async () => trace.disable() };
  }
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider({ readers: [new QuietReader()] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans: () => exporter.getFinishedSpans().length,
    reset: () => exporter.reset(),
    async unregister() {
      trace.disable();
      metrics.disable();
      propagation.disable();
      context.disable();
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    },
  };
}

/**
 * generate()'s client CPU per call with nothing registered (what every host without an SDK gets:
 * the registry does not even load @opentelemetry/api), with the API's no-op tracer, and with a
 * real SDK recording every span, side by side. One registry for all three (a host may register
 * its SDK after creating it); rounds rotate the order so drift on the machine spreads evenly.
 */
export async function runTelemetry(env: BenchEnv): Promise<TelemetryResult> {
  const emulator = requireEmulator(env);
  await emulator.reset();
  const requestsPerRound = env.quick ? 300 : 4_000;
  const rounds = env.quick ? 1 : 6;
  const concurrency = 16;
  const client = createBenchClient('switchboard-generate', emulator.url);
  const cpu = new Map<TelemetryMode, number[]>(TELEMETRY_MODES.map(({ mode }) => [mode, []]));
  let spansPerCall: number | undefined;
  try {
    await runLoad({ send: client.send, requests: env.quick ? 200 : 2_000, concurrency });
    for (let round = 0; round < rounds; round++) {
      const order = TELEMETRY_MODES.map((_, index) => TELEMETRY_MODES[(index + round) % TELEMETRY_MODES.length]!.mode);
      for (const mode of order) {
        const registered = register(mode);
        try {
          await runLoad({ send: client.send, requests: 200, concurrency });
          registered.reset();
          collectGarbage();
          const result = await runLoad({ send: client.send, requests: requestsPerRound, concurrency });
          if (result.failures > 0) throw new Error(`${mode}: ${result.failures} failures; first: ${String(result.firstError)}`);
          cpu.get(mode)!.push(result.cpuMicrosPerRequest);
          if (mode === 'sdk') spansPerCall = registered.spans() / requestsPerRound;
          registered.reset();
        } finally {
          await registered.unregister();
        }
      }
    }
  } finally {
    await client.close();
  }
  const base = cpu.get('no-sdk')!;
  const rows = TELEMETRY_MODES.map(({ mode }): TelemetryRow => {
    const values = cpu.get(mode)!;
    return {
      mode,
      cpuMicros: median(values),
      overhead: median(values.map((value, round) => value / base[round]! - 1)),
      ...(mode === 'sdk' && spansPerCall !== undefined ? { spansPerCall } : {}),
    };
  });
  return { requestsPerRound, rounds, concurrency, rows };
}
