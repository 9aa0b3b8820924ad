// `switchboard serve` with OpenTelemetry, as an operator runs it: the built CLI, spawned from an
// empty directory with the standard OTEL_* variables pointing at an OTLP/HTTP receiver.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyDirectory } from './run-switchboard.js';
import { serveWith, stop } from './serve-switchboard.js';
import { startOtlpReceiver, type OtlpReceiver } from './start-otlp-receiver.js';
import { useDynaspark } from './use-dynaspark.js';

const RECORD_IMPORTS = fileURLToPath(new URL('./__fixtures__/record-imports.js', import.meta.url));
const dynaspark = useDynaspark();
let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => receiver.close());

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CLIENT_SPAN_ID = 'b7ad6b7169203331';
const chat = (url: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CLIENT_SPAN_ID}-01` },
    body: JSON.stringify({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: 'Hello traced gateway' }] }),
  });

interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

describe('switchboard serve with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it("exports its spans (in the caller's trace) and metrics over OTLP/HTTP JSON, and says so in its start-up line", async () => {
    const served = await serveWith([], {
      env: { ...dynaspark.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'gateway-under-test' },
    });
    try {
      expect(served.line).toBe(
        `Switchboard gateway listening on ${served.url} (OpenTelemetry traces to ${receiver.url}/v1/traces (http/json), metrics to ${receiver.url}/v1/metrics (http/json) as gateway-under-test)`,
      );
      const response = await chat(served.url);
      expect(response.status).toBe(200);
      await response.text();
      // Stopping flushes what the batch processor and the metric reader hold.
      expect((await stop(served.child, served.exit)).run.code).toBe(0);

      const traces = receiver.exports.filter((sent) => sent.path === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      expect(traces[0]!.contentType).toBe('application/json');
      const documents = traces.map((sent) => JSON.parse(sent.body.toString('utf8')));
      const resource = documents[0].resourceSpans[0].resource.attributes as { key: string; value: { stringValue?: string } }[];
      expect(resource).toContainEqual({ key: 'service.name', value: { stringValue: 'gateway-under-test' } });
      const spans: JsonSpan[] = documents.flatMap((document) =>
        document.resourceSpans.flatMap((resourceSpans: { scopeSpans: { spans: JsonSpan[] }[] }) => resourceSpans.scopeSpans.flatMap((scope) => scope.spans)),
      );
      const named = (name: string) => spans.find((span) => span.name === name)!;
      const incoming = named('POST /v1/chat/completions');
      const call = named('switchboard.generate gemini-2.0-flash');
      const attempt = named('chat gemini-2.0-flash');
      expect([incoming, call, attempt].map((span) => span.traceId)).toEqual([TRACE_ID, TRACE_ID, TRACE_ID]);
      expect(incoming.parentSpanId).toBe(CLIENT_SPAN_ID);
      expect(call.parentSpanId).toBe(incoming.spanId);
      expect(attempt.parentSpanId).toBe(call.spanId);
      expect(attempt.attributes).toContainEqual({ key: 'gen_ai.provider.name', value: { stringValue: 'dynaspark' } });
      // The upstream request carried the attempt's context.
      expect(dynaspark.emulator.requests[0]!.headers['traceparent']).toBe(`00-${TRACE_ID}-${attempt.spanId}-01`);

      const metrics = receiver.exports.filter((sent) => sent.path === '/v1/metrics').map((sent) => sent.body.toString('utf8'));
      expect(metrics.join('\n')).toContain('"gen_ai.client.operation.duration"');
    } finally {
      served.child.kill('SIGKILL');
      served.cleanup();
    }
  });

  it('says once that the collector cannot be reached, rather than dropping spans and metrics in silence', async () => {
    // A port nothing listens on: taken, then given back.
    const closed = createServer().listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    // The exporters give up after OTEL_EXPORTER_OTLP_TIMEOUT (10 s by default; past 5 s the stop says it dropped them).
    const served = await serveWith([], {
      env: { ...dynaspark.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: '500' },
    });
    try {
      await (await chat(served.url)).text();
      await (await chat(served.url)).text();
      const { run } = await stop(served.child, served.exit);

      expect(run.code).toBe(0);
      const warnings = run.stderr.split('\n').filter((line) => line.startsWith('warning: OpenTelemetry:'));
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings[0]).toMatch(/ECONNREFUSED/);
      // Each distinct failure once, however many exports failed the same way.
      expect(new Set(warnings).size).toBe(warnings.length);
    } finally {
      served.child.kill('SIGKILL');
      served.cleanup();
    }
  });

  it('exports protobuf by default', async () => {
    const served = await serveWith([], { env: { ...dynaspark.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
    try {
      expect(served.line).toContain(`(OpenTelemetry traces to ${receiver.url}/v1/traces, metrics to ${receiver.url}/v1/metrics as switchboard)`);
      await (await chat(served.url)).text();
      expect((await stop(served.child, served.exit)).run.code).toBe(0);
      const [traces] = receiver.exports.filter((sent) => sent.path === '/v1/traces');
      expect(traces!.contentType).toBe('application/x-protobuf');
      // Binary, but the trace id's bytes and the span names are in it as they are.
      expect(traces!.body.includes(Buffer.from(TRACE_ID, 'hex'))).toBe(true);
      expect(traces!.body.includes(Buffer.from('chat gemini-2.0-flash'))).toBe(true);
    } finally {
      served.child.kill('SIGKILL');
      served.cleanup();
    }
  });

  it('refuses a protocol it does not ship (gRPC) with a usage error naming the ones it does', async () => {
    const served = serveWith([], { env: { ...dynaspark.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } });
    await expect(served).rejects.toThrow(
      /"code":2.*OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not a protocol switchboard serve exports with; use http\/protobuf or http\/json/,
    );
  });
});

describe('switchboard serve without OpenTelemetry', () => {
  it('never loads an OpenTelemetry package, and its start-up line says nothing of it', async () => {
    const records = emptyDirectory();
    const file = join(records.path, 'imports.txt');
    const served = await serveWith([], { env: { ...dynaspark.env, RECORD_IMPORTS: file }, nodeArgs: ['--import', RECORD_IMPORTS] });
    try {
      expect(served.line).toBe(`Switchboard gateway listening on ${served.url}`);
      await (await chat(served.url)).text();
      expect((await stop(served.child, served.exit)).run.code).toBe(0);
      const loaded = readFileSync(file, 'utf8');
      // The gateway was loaded (the check below means something), OpenTelemetry was not.
      expect(loaded).toMatch(/server\/dist\/create-gateway\.js/);
      expect(loaded).not.toContain('@opentelemetry');
    } finally {
      served.child.kill('SIGKILL');
      served.cleanup();
      records.remove();
    }
  });
});
