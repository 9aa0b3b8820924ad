import type { FastifyInstance } from 'fastify';
import type { GatewayRuntime } from '../gateway-runtime.js';
import { anthropicModel, anthropicModelPage } from './anthropic-model-list.js';
import { healthyModelIds, openAIModelList, type OpenAIModel } from './openai-model-list.js';

/** Anthropic's clients send this header on every request: the answer then takes Anthropic's shape. */
const isAnthropic = (headers: Readonly<Record<string, unknown>>) => headers['anthropic-version'] !== undefined;

/**
 * `GET /v1/models` (OpenAI's list, aliases included; `?healthy=true` leaves out models no healthy
 * provider serves) and `GET /v1/models/:model` (one entry; an unknown name is a 404 with the
 * closest names). A request with an `anthropic-version` header gets Anthropic's shapes.
 */
export function registerModelRoutes(app: FastifyInstance, { registry }: GatewayRuntime): void {
  const created = Math.floor(Date.now() / 1000);
  // The registry's catalogue is fixed once it is created, so the list is built once.
  let list: OpenAIModel[] | undefined;
  const all = () => (list ??= openAIModelList(registry.models(), created));

  app.get<{ Querystring: { healthy?: string } }>('/v1/models', async (request) => {
    let data = all();
    if (request.query.healthy === 'true') {
      const healthy = healthyModelIds(registry.models(), registry.providers(), await registry.health({ probe: false, models: true }));
      data = data.filter((entry) => healthy.has(entry.id));
    }
    return isAnthropic(request.headers) ? anthropicModelPage(data) : { object: 'list', data };
  });
  // A wildcard, because `provider/model` names contain a slash.
  app.get<{ Params: { '*': string } }>('/v1/models/*', async (request) => {
    const model = request.params['*'];
    let found = all().find((entry) => entry.id === model);
    if (!found) {
      // Throws ModelNotFoundError (a 404 with the closest names) for unknown names; `provider/model` names are served without a list entry.
      const served = registry.create(model);
      const providers = [...new Set(served.providers.map((entry) => entry.provider))];
      found = { id: model, object: 'model', created, owned_by: providers[0] ?? 'switchboard', providers };
    }
    return isAnthropic(request.headers) ? anthropicModel(found) : found;
  });
}
