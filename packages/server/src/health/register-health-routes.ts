import type { HealthReport } from '@switchboard/core';
import type { FastifyInstance } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { redactHealthReport } from './redact-health-report.js';

/** Options of {@link registerHealthRoutes}. */
export interface HealthRoutesOptions {
  runtime: GatewayRuntime;
  /**
   * `public`: the probes an orchestrator calls without credentials (`/health/live`,
   * `/health/ready`); `protected`: the full report (`/health`), which names providers and errors.
   */
  scope: 'public' | 'protected';
}

/**
 * `/health/live`: the process answers. `/health/ready`: it takes traffic (not shutting down, and
 * some provider is working), 503 otherwise. `/health`: the registry's report, from traffic and
 * earlier probes; `?probe=true` probes every provider first, at most once per `healthProbeIntervalMs`
 * however many ask (`x-switchboard-probe` says whether this call ran the probe, joined one in
 * flight, or read a recent one). 503 when every provider is down.
 */
export function registerHealthRoutes(app: FastifyInstance, { runtime, scope }: HealthRoutesOptions): void {
  const { registry, calls } = runtime;
  if (scope === 'public') {
    app.get('/health/live', async () => ({ status: 'ok' }));
    app.get('/health/ready', async (_request, reply) => {
      if (calls.closing) return reply.code(503).send({ status: 'not_ready', reason: 'shutting down' });
      const working = registry.providers().filter((provider) => provider.working);
      if (working.length === 0) return reply.code(503).send({ status: 'not_ready', reason: 'no provider is working' });
      return { status: 'ready', providers: working.map((provider) => provider.id) };
    });
    return;
  }
  app.get<{ Querystring: { probe?: string } }>('/health', async (request, reply) => {
    let report: HealthReport;
    if (request.query.probe === 'true') {
      const probed = await runtime.forcedProbe();
      report = probed.report;
      reply.header('x-switchboard-probe', probed.outcome);
    } else report = await registry.health({ probe: false });
    report = redactHealthReport(report);
    // The registry's overall status (a lone provider nothing is known of yet is `unknown`, not `degraded`).
    return reply.code(report.status === 'down' ? 503 : 200).send(report);
  });
}
