import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { createDashboardReader } from './create-dashboard-reader.js';
import { ASSET_FILES, type DashboardAssetName, loadDashboardAssets } from './dashboard-assets.js';
import { DashboardEventStreams } from './dashboard-event-streams.js';
import { isLoopbackRequest } from './loopback-request.js';
import { CONTENT_SECURITY_POLICY, DASHBOARD_HEADERS } from './security-headers.js';

/** Options of {@link registerDashboardPage} and {@link registerDashboardData}. */
export interface DashboardRoutesOptions {
  /** The gateway has no API key: the page and its data go to loopback clients only. */
  loopbackOnly: boolean;
}

/**
 * Refuses what the dashboard must not answer: anyone but this machine when the gateway has no
 * key, and (for data) a browser request sent by a page of another origin, which could otherwise
 * read a loopback gateway's data through the user's browser.
 */
function checkDashboardRequest(request: FastifyRequest, { loopbackOnly }: DashboardRoutesOptions, data: boolean): void {
  if (loopbackOnly && !isLoopbackRequest(request)) {
    throw new GatewayError({
      status: 403,
      type: 'invalid_request_error',
      code: 'dashboard_loopback_only',
      message:
        'This gateway has no API key, so its dashboard is served to this machine only (a loopback address, asked for by a loopback host name). Set apiKey (or SWITCHBOARD_API_KEY) to open it to others.',
    });
  }
  const site = request.headers['sec-fetch-site'];
  if (data && site !== undefined && site !== 'same-origin') {
    throw new GatewayError({
      status: 403,
      type: 'invalid_request_error',
      code: 'cross_origin_refused',
      message: "The dashboard's data is served to the dashboard's own page only.",
    });
  }
}

/**
 * The page at `GET /ui/` (and `/ui`, redirected there so the page's relative links work under a
 * prefix) and its bundled script and styles. Static: no data, no key needed; the page asks for
 * the key before it reads any data.
 */
export async function registerDashboardPage(app: FastifyInstance, options: DashboardRoutesOptions): Promise<void> {
  const assets = await loadDashboardAssets();
  const serve = (name: DashboardAssetName) => (request: FastifyRequest, reply: FastifyReply) => {
    checkDashboardRequest(request, options, false);
    const asset = assets.get(name)!;
    reply.headers(DASHBOARD_HEADERS).header('cache-control', 'no-cache').header('etag', asset.etag);
    if (name === '') reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  };
  app.get('/ui', (request, reply) => {
    checkDashboardRequest(request, options, false);
    return reply.headers(DASHBOARD_HEADERS).redirect('ui/', 308);
  });
  for (const name of Object.keys(ASSET_FILES) as DashboardAssetName[]) app.get(`/ui/${name}`, serve(name));
}

/**
 * The page's data, registered where the gateway's key is checked: `GET /ui/api/snapshot` (all of
 * it, once) and `GET /ui/api/events` (server-sent events: a snapshot, then an update a second).
 * Closing the gateway ends the event streams.
 */
export function registerDashboardData(
  scope: FastifyInstance,
  { runtime, hasApiKey, ...options }: DashboardRoutesOptions & { runtime: GatewayRuntime; hasApiKey: boolean },
): void {
  const recorder = runtime.dashboard!;
  const reader = createDashboardReader({ registry: runtime.registry, recorder, inFlight: () => runtime.calls.size });
  const streams = new DashboardEventStreams({ reader, logger: runtime.logger, headers: DASHBOARD_HEADERS });
  // Every client's traffic is on it: the operator's key opens it, a client key (server.keys) does not.
  // With client keys and no apiKey, nobody can open it: the refusal says what would.
  const operatorOnly = (request: FastifyRequest) => {
    if (runtime.clientKeyOf(request) === undefined) return;
    throw new GatewayError({
      status: 403,
      type: 'invalid_request_error',
      code: 'dashboard_operator_only',
      message: hasApiKey
        ? "The dashboard shows every client's traffic: open it with the gateway's apiKey, not a client key."
        : "The dashboard shows every client's traffic, so a client key cannot open it, and this gateway has no apiKey to open it with; set apiKey (or SWITCHBOARD_API_KEY).",
    });
  };
  scope.get('/ui/api/snapshot', async (request, reply) => {
    checkDashboardRequest(request, options, true);
    operatorOnly(request);
    reply.headers(DASHBOARD_HEADERS).header('cache-control', 'no-store');
    return reader.snapshot();
  });
  // No HEAD twin: a HEAD request would hold an event stream open with nothing to send.
  scope.get('/ui/api/events', { exposeHeadRoute: false }, async (request, reply) => {
    checkDashboardRequest(request, options, true);
    operatorOnly(request);
    if (!streams.accepting) {
      throw new GatewayError({
        status: 503,
        type: 'server_error',
        code: 'too_many_dashboards',
        message: `${streams.size} dashboard pages are listening already; close one, or read /ui/api/snapshot instead.`,
      });
    }
    reply.hijack();
    await streams.open(reply.raw).catch((error: unknown) => {
      runtime.logger.debug({ err: error }, 'dashboard event stream could not start');
      reply.raw.destroy();
    });
  });
  scope.addHook('preClose', (done) => {
    streams.closeAll();
    done();
  });
}
