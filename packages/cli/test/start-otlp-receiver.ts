import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One export an OTLP/HTTP receiver got. */
export interface OtlpExport {
  /** `/v1/traces` or `/v1/metrics`. */
  path: string;
  contentType: string;
  body: Buffer;
}

/** A small OTLP/HTTP receiver, as a collector's `otlp` receiver on port 4318 takes exports. */
export interface OtlpReceiver {
  /** `http://127.0.0.1:<port>`: the value of `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  url: string;
  exports: OtlpExport[];
  close(): Promise<void>;
}

/** Starts a receiver on a free loopback port that answers every export with success and keeps it. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: OtlpExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const contentType = request.headers['content-type'] ?? '';
      exports.push({ path: request.url ?? '', contentType, body: Buffer.concat(chunks) });
      // An empty ExportTraceServiceResponse / ExportMetricsServiceResponse, in the request's encoding.
      response.writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' });
      response.end(contentType.includes('json') ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
