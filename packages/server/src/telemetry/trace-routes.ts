import type { IncomingRequest, ServerSpan } from '@switchboard/core/shared';
import { startServerSpan } from '@switchboard/core/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';

/** Routes left out: scraped, probed or held open all day, they would bury the requests that matter. */
const UNTRACED = new Set(['/metrics', '/health/live', '/health/ready']);
const untraced = (path: string) => UNTRACED.has(path) || path === '/ui' || path.startsWith('/ui/');

/** How a request's SERVER span describes it (built only while a tracer is registered). */
function describe(request: FastifyRequest): IncomingRequest {
  const { hostname, port } = splitHost(request.host);
  return {
    method: request.method,
    route: request.routeOptions.url ?? request.url,
    path: request.url.split('?', 1)[0]!,
    headers: request.headers,
    scheme: request.protocol,
    serverAddress: hostname,
    serverPort: port,
    clientAddress: request.ip,
  };
}

/** `example.com:4000` -> host and port; `[::1]:4000` -> `::1` and 4000. */
function splitHost(host: string): { hostname: string | undefined; port: number | undefined } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  if (!match || match[1] === '') return { hostname: undefined, port: undefined };
  return { hostname: match[1]!.replace(/^\[(.*)\]$/, '$1'), port: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * Gives every API route of the gateway a SERVER span (`POST /v1/chat/completions`) that continues
 * the client's W3C `traceparent`, and runs its handler inside it, so the registry's call span and
 * attempt spans are its children. One hook for every route registered after it, whichever API it
 * speaks: routes need nothing of their own. The span starts when the request arrives (a request
 * refused by auth or for its body is traced too) and ends when its response is over, streams
 * included. While no tracer is registered it costs a property read per request.
 */
export function traceRoutes(app: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, ServerSpan>();
  /** The traced routes, by their URL as Fastify reports it (prefix included). */
  const traced = new Set<string>();
  const remember = (request: FastifyRequest, reply: FastifyReply, span: ServerSpan | undefined) => {
    if (span === undefined) return;
    spans.set(request, span);
    const response = reply.raw;
    response.once('close', () => span.end(response.headersSent ? response.statusCode : undefined));
  };

  app.addHook('onRoute', (route) => {
    const path = route.prefix ? route.url.slice(route.prefix.length) || '/' : route.url;
    if (untraced(path)) return;
    traced.add(route.url);
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function tracedHandler(this: FastifyInstance, request, reply) {
      const span = spans.get(request);
      return span === undefined ? handler.call(this, request, reply) : span.run(() => handler.call(this, request, reply));
    };
  });

  app.addHook('onRequest', (request, reply, done) => {
    // Only the routes wrapped above (a 404 has no route; probes, scrapes and the dashboard are left out).
    const route = request.routeOptions.url;
    if (route === undefined || !traced.has(route)) return done();
    const started = startServerSpan(describe, request);
    if (started === undefined) return done();
    if (!(started instanceof Promise)) {
      remember(request, reply, started);
      return done();
    }
    started.then(
      (span) => {
        remember(request, reply, span);
        done();
      },
      () => done(),
    );
  });
}
