import type { Attributes, Span } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE } from './genai-conventions.js';
import { loadedOtelApi, loadOtelApi, tracerRegistered, type OtelApiModule } from './otel-api.js';

/** An HTTP request a server received, as its SERVER span describes it (OpenTelemetry's HTTP conventions). */
export interface IncomingRequest {
  method: string;
  /** The route's template (`/v1/chat/completions`, `/v1/models/:model`): low in cardinality, unlike the path. */
  route: string;
  /** The path as requested, without its query. */
  path: string;
  /** Node's request headers (lower-case names), where a W3C `traceparent` is read from. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  scheme: 'http' | 'https';
  /** The server's own address and port, as the client addressed it. */
  serverAddress?: string | undefined;
  serverPort?: number | undefined;
  clientAddress?: string | undefined;
}

/** The SERVER span of one request, while it is answered. */
export interface ServerSpan {
  /** Runs `work` with this span active: the calls it makes become its children. */
  run<T>(work: () => T): T;
  /**
   * The exchange is over: the answer went out with `status` (`http.response.status_code`; 5xx
   * marks the span failed), or undefined when the client left before any answer.
   */
  end(status: number | undefined): void;
}

/** The name OpenTelemetry's HTTP conventions give a server span: `POST /v1/chat/completions`. */
const spanName = (request: IncomingRequest) => `${request.method} ${request.route}`;

const headerValue = (value: string | readonly string[] | undefined) => (typeof value === 'string' ? value : value?.[0]);

function startWith(api: OtelApiModule, request: IncomingRequest): ServerSpan {
  // A client's W3C trace context (through the registered propagator) makes this span its child.
  const parent = api.propagation.extract(api.ROOT_CONTEXT, request.headers);
  const attributes: Attributes = {
    'http.request.method': request.method,
    'http.route': request.route,
    'url.path': request.path,
    'url.scheme': request.scheme,
  };
  if (request.serverAddress !== undefined) attributes['server.address'] = request.serverAddress;
  if (request.serverPort !== undefined) attributes['server.port'] = request.serverPort;
  if (request.clientAddress !== undefined) attributes['client.address'] = request.clientAddress;
  const userAgent = headerValue(request.headers['user-agent']);
  if (userAgent !== undefined) attributes['user_agent.original'] = userAgent;
  const span: Span = api.trace
    .getTracerProvider()
    .getTracer(INSTRUMENTATION_SCOPE)
    .startSpan(spanName(request), { kind: api.SpanKind.SERVER, attributes }, parent);
  const context = api.trace.setSpan(parent, span);
  let ended = false;
  return {
    run: (work) => api.context.with(context, work),
    end(status) {
      if (ended) return;
      ended = true;
      if (status === undefined) {
        span.setAttribute('error.type', 'client_closed');
        span.end();
        return;
      }
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) {
        span.setAttribute('error.type', String(status));
        span.setStatus({ code: api.SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/**
 * The SERVER span of a request a gateway received, continuing the client's trace; undefined when
 * no tracer provider is registered: then `describe` is not even called, and nothing is loaded or
 * made. (`describe(from)` rather than a description: a server builds nothing per request while
 * nobody traces.) The first request after an SDK was registered waits for `@opentelemetry/api`
 * to load, once.
 */
export function startServerSpan<R>(describe: (from: R) => IncomingRequest, from: R): ServerSpan | undefined | Promise<ServerSpan | undefined> {
  if (!tracerRegistered()) return undefined;
  const api = loadedOtelApi();
  if (api !== undefined) return startWith(api, describe(from));
  return loadOtelApi().then((loaded) => (loaded === undefined ? undefined : startWith(loaded, describe(from))));
}
