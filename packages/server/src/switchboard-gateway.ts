import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import pLimit from 'p-limit';
import type { ResolvedClientKey } from './auth/client-key.js';
import { createApiKeyCheck, type KeyRefusal } from './auth/create-api-key-check.js';
import { registerJsonBody } from './body/register-json-body.js';
import { CHAT_COMPLETION_SCHEMA } from './chat/chat-completion-schema.js';
import { createChatFace } from './chat/create-chat-face.js';
import { GatewayError } from './errors/gateway-error.js';
import { anthropicErrorFrom } from './errors/anthropic-error-from.js';
import { openAIErrorReply } from './errors/openai-error-reply.js';
import type { GatewayOptions } from './gateway-options.js';
import type { GatewayRuntime } from './gateway-runtime.js';
import { createProbeGate } from './health/create-probe-gate.js';
import { registerHealthRoutes } from './health/register-health-routes.js';
import { ClientAllowance } from './limits/client-allowance.js';
import { escapingLogger } from './logging/escape-log-fields.js';
import { createGatewayMetrics } from './metrics/gateway-metrics.js';
import { createModelLabel } from './metrics/model-label.js';
import { registerModelRoutes } from './models/register-model-routes.js';
import { resolveGatewayOptions } from './resolve-gateway-options.js';
import { InFlightCalls } from './shutdown/in-flight-calls.js';
import { createMessagesFace } from './messages/create-messages-face.js';
import { COUNT_TOKENS_PATH, registerCountTokensRoute } from './messages/register-count-tokens-route.js';
import { createApiHandler } from './pipeline/create-api-handler.js';
import { createResponsesFace } from './responses/create-responses-face.js';
import { createResponseStore } from './responses/create-response-store.js';
import type { RequestRoute } from './ui/dashboard-data.js';
import { traceRoutes } from './telemetry/trace-routes.js';
import { DashboardRecorder } from './ui/dashboard-recorder.js';
import { registerDashboardData, registerDashboardPage } from './ui/register-dashboard-routes.js';

export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';
export const RESPONSES_PATH = '/v1/responses';
export const MESSAGES_PATH = '/v1/messages';

/** The API routes, by path: a request refused before its handler ran is still counted for its route. */
const API_ROUTES: readonly (readonly [path: string, route: RequestRoute])[] = [
  [CHAT_COMPLETIONS_PATH, 'chat'],
  [RESPONSES_PATH, 'responses'],
  [MESSAGES_PATH, 'messages'],
];

/**
 * Which API's error shape a request gets: Anthropic's on the Messages routes, and on shared
 * routes (`/v1/models`) for Anthropic's clients, which send `anthropic-version`; OpenAI's
 * everywhere else.
 */
function errorReplyFor(request: FastifyRequest, error: unknown) {
  const url = request.routeOptions.url ?? '';
  const anthropic =
    url.endsWith(MESSAGES_PATH) ||
    url.endsWith(COUNT_TOKENS_PATH) ||
    (!url.endsWith(CHAT_COMPLETIONS_PATH) && !url.endsWith(RESPONSES_PATH) && request.headers['anthropic-version'] !== undefined);
  return anthropic ? anthropicErrorFrom(error) : openAIErrorReply(error);
}

// Share of shutdownTimeoutMs after which requests still in flight are aborted, then their connections destroyed.
const ABORT_AT = 0.8;
const DESTROY_AT = 0.9;

/**
 * The gateway as a Fastify plugin, to mount in a host's own Fastify app (optionally under a
 * prefix). Encapsulated: its auth hook, error handler and body limit apply to its routes only.
 * On the app's `close()` it stops taking requests, lets those in flight finish for most of
 * `shutdownTimeoutMs`, then aborts them.
 *
 * @example
 * await app.register(switchboardGateway, { registry, prefix: '/ai' }); // POST /ai/v1/chat/completions
 */
export const switchboardGateway: FastifyPluginAsync<GatewayOptions> = async (app, options) => {
  const settings = resolveGatewayOptions(options);
  const { registry, shutdownTimeoutMs } = settings;
  // Client input (model names) and upstream text reach log lines: none may break a line.
  const logger = escapingLogger(settings.logger.child({ component: 'switchboard-gateway' }));
  const metrics = settings.metrics ? createGatewayMetrics({ registry, processMetrics: settings.processMetrics }) : undefined;
  const calls = new InFlightCalls();
  const dashboard = settings.ui ? new DashboardRecorder(settings.ui) : undefined;
  const { identifyClient } = settings;
  // Which client key a request came with (none: apiKey, or no auth).
  const clientKeys = new WeakMap<FastifyRequest, ResolvedClientKey>();
  const runtime: GatewayRuntime = {
    registry,
    logger,
    metrics,
    modelLabel: createModelLabel(registry),
    images: settings.images,
    downloads: pLimit(settings.images.maxConcurrentDownloads),
    calls,
    dashboard,
    clients: new ClientAllowance(settings.maxRequestsPerClient),
    clientOf: (request) => identifyClient({ ip: request.ip, headers: request.headers }),
    clientKeyOf: (request) => clientKeys.get(request),
    writeTimeoutMs: settings.writeTimeoutMs,
    forcedProbe: createProbeGate({ registry, minIntervalMs: settings.healthProbeIntervalMs }),
  };

  // First, so every route registered below gets its SERVER span (continuing a client's traceparent).
  traceRoutes(app);

  app.setErrorHandler((error, request, reply) => {
    const { status, headers, body, summary } = errorReplyFor(request, error);
    if (status >= 500) logger.warn({ err: error, method: request.method, path: request.routeOptions.url, status }, 'request failed');
    // Refused before the route's handler ran (auth, body size, bad JSON): still a request of that route to count.
    const url = request.routeOptions.url ?? '';
    const route = API_ROUTES.find(([path]) => url.endsWith(path))?.[1];
    if (route !== undefined) {
      metrics?.recordRequest(route, '', '', status, false, undefined);
      dashboard?.record(route, undefined, { status, provider: '', error: summary }, undefined);
    }
    if (calls.closing) headers['connection'] = 'close';
    reply.code(status).headers(headers).send(body);
  });

  registerHealthRoutes(app, { runtime, scope: 'public' });
  const loopbackOnly = settings.apiKey === undefined && settings.keys.size === 0;
  if (dashboard) await registerDashboardPage(app, { loopbackOnly });
  await app.register(async (scope: FastifyInstance) => {
    const { apiKey, keys } = settings;
    if (apiKey !== undefined || keys.size > 0) {
      const check = createApiKeyCheck({ apiKey, keys });
      scope.addHook('onRequest', (request, _reply, done) => {
        const found = check(request.headers);
        if ('refusal' in found) return done(unauthorized(found.refusal));
        if (found.caller !== 'api-key') clientKeys.set(request, found.caller);
        done();
      });
    }
    // After the auth hook: a request without the key is refused before its body is read.
    registerJsonBody(scope, { depthLimit: settings.bodyDepthLimit });
    scope.post(
      CHAT_COMPLETIONS_PATH,
      { bodyLimit: settings.bodyLimit, schema: { response: { 200: CHAT_COMPLETION_SCHEMA } } },
      createApiHandler(runtime, createChatFace()),
    );
    const stored = settings.storedResponses;
    scope.post(
      RESPONSES_PATH,
      { bodyLimit: settings.bodyLimit },
      createApiHandler(runtime, createResponsesFace(runtime, stored && createResponseStore(stored, runtime.logger))),
    );
    scope.post(MESSAGES_PATH, { bodyLimit: settings.bodyLimit }, createApiHandler(runtime, createMessagesFace()));
    registerCountTokensRoute(scope, runtime, settings.bodyLimit);
    registerModelRoutes(scope, runtime);
    registerHealthRoutes(scope, { runtime, scope: 'protected' });
    if (dashboard) registerDashboardData(scope, { runtime, loopbackOnly, hasApiKey: apiKey !== undefined });
    if (metrics) {
      scope.get('/metrics', async (_request, reply) => {
        reply.header('content-type', metrics.contentType);
        return metrics.render();
      });
    }
  });

  let abortTimer: NodeJS.Timeout | undefined;
  let destroyTimer: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    // Once the last request in flight ends, kept-alive idle connections would hold server.close() up.
    calls.beginClosing(() => app.server.closeIdleConnections?.());
    // Not unref'd: close() waits for these.
    abortTimer = setTimeout(
      () => {
        if (calls.size === 0) return;
        logger.warn({ inFlight: calls.size, shutdownTimeoutMs }, 'aborting requests still in flight at shutdown');
        calls.abortAll(
          new GatewayError({
            status: 503,
            type: 'server_error',
            code: 'server_shutting_down',
            message: `The gateway is shutting down and stopped this request (shutdownTimeoutMs: ${shutdownTimeoutMs}).`,
          }),
        );
      },
      Math.round(shutdownTimeoutMs * ABORT_AT),
    );
    // Whatever is still open then goes, so close() keeps its time limit: a client that opened a
    // connection and never sent a request on it, a request still uploading its body.
    destroyTimer = setTimeout(() => app.server.closeAllConnections?.(), Math.round(shutdownTimeoutMs * DESTROY_AT));
    done();
  });
  app.addHook('onClose', (_instance, done) => {
    clearTimeout(abortTimer);
    clearTimeout(destroyTimer);
    metrics?.close();
    done();
  });
};

const UNAUTHORIZED: Readonly<Record<KeyRefusal, string>> = {
  missing: "This gateway needs an API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'.",
  authorization: 'The API key in the Authorization header is not valid for this gateway.',
  'x-api-key': 'The API key in the x-api-key header is not valid for this gateway.',
};

function unauthorized(refusal: KeyRefusal): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: UNAUTHORIZED[refusal],
    headers: { 'www-authenticate': 'Bearer' },
  });
}
