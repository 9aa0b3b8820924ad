import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import pLimit from 'p-limit';
import { createBearerCheck } from './auth/create-bearer-check.js';
import { registerJsonBody } from './body/register-json-body.js';
import { CHAT_COMPLETION_SCHEMA } from './chat/chat-completion-schema.js';
import { createChatCompletionHandler } from './chat/handle-chat-completion.js';
import { GatewayError } from './errors/gateway-error.js';
import { openAIErrorFrom } from './errors/openai-error-from.js';
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
import { DashboardRecorder } from './ui/dashboard-recorder.js';
import { registerDashboardData, registerDashboardPage } from './ui/register-dashboard-routes.js';

export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';

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
    writeTimeoutMs: settings.writeTimeoutMs,
    forcedProbe: createProbeGate({ registry, minIntervalMs: settings.healthProbeIntervalMs }),
  };

  app.setErrorHandler((error, request, reply) => {
    const { status, headers, body } = openAIErrorFrom(error);
    if (status >= 500) logger.warn({ err: error, method: request.method, path: request.routeOptions.url, status }, 'request failed');
    // Refused before the chat handler ran (auth, body size, bad JSON): still a chat request to count.
    if (request.routeOptions.url?.endsWith(CHAT_COMPLETIONS_PATH)) {
      metrics?.recordRequest('', '', status, false, undefined);
      dashboard?.record('chat', undefined, { status, provider: '', error: body.error }, undefined);
    }
    if (calls.closing) headers['connection'] = 'close';
    reply.code(status).headers(headers).send(body);
  });

  registerHealthRoutes(app, { runtime, scope: 'public' });
  const loopbackOnly = settings.apiKey === undefined;
  if (dashboard) await registerDashboardPage(app, { loopbackOnly });
  await app.register(async (scope: FastifyInstance) => {
    const { apiKey } = settings;
    if (apiKey !== undefined) {
      const authorized = createBearerCheck(apiKey);
      scope.addHook('onRequest', (request, _reply, done) => {
        if (authorized(request.headers.authorization)) done();
        else done(unauthorized(request.headers.authorization === undefined));
      });
    }
    // After the auth hook: a request without the key is refused before its body is read.
    registerJsonBody(scope, { depthLimit: settings.bodyDepthLimit });
    scope.post(
      CHAT_COMPLETIONS_PATH,
      { bodyLimit: settings.bodyLimit, schema: { response: { 200: CHAT_COMPLETION_SCHEMA } } },
      createChatCompletionHandler(runtime),
    );
    registerModelRoutes(scope, runtime);
    registerHealthRoutes(scope, { runtime, scope: 'protected' });
    if (dashboard) registerDashboardData(scope, { runtime, loopbackOnly });
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

function unauthorized(missing: boolean): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: missing
      ? "This gateway needs an API key: send 'Authorization: Bearer <key>'."
      : 'The API key in the Authorization header is not valid for this gateway.',
    headers: { 'www-authenticate': 'Bearer' },
  });
}
