import { loadedOtelApi, type OtelApiModule, tracerRegistered } from './otel-api.js';

/** What the transport tells the attempt whose context it runs in. */
export interface AttemptContextValue {
  /** The origin (`http://127.0.0.1:8787`) the attempt's request goes to: its `server.address` and `server.port`. */
  serverAt(origin: string): void;
}

let key: { api: OtelApiModule; key: symbol } | undefined;

/** The context key under which an attempt's context holds its {@link AttemptContextValue}. */
export function attemptContextKey(api: OtelApiModule): symbol {
  if (key?.api !== api) key = { api, key: api.createContextKey('@switchboard/core attempt') };
  return key.key;
}

/**
 * `headers` with the trace context of the attempt this request belongs to (through the host's
 * registered propagator: W3C `traceparent` by default), or `headers` itself, untouched, when the
 * request is not an attempt's (no SDK, a health probe, a model list) or telemetry is off. Every
 * provider gets it through core's HTTP client, without a line of its own.
 */
export function withTraceContext(headers: Record<string, string>, origin: string): Record<string, string> {
  const api = loadedOtelApi();
  if (api === undefined || !tracerRegistered()) return headers;
  const active = api.context.active();
  const attempt = active.getValue(attemptContextKey(api)) as AttemptContextValue | undefined;
  if (attempt === undefined) return headers;
  attempt.serverAt(origin);
  // A copy: `headers` may be the client's defaults, shared by every request.
  const carrier = { ...headers };
  api.propagation.inject(active, carrier);
  return carrier;
}
