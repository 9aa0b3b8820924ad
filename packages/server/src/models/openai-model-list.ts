import type { HealthReport, ModelInfo, ProviderInfo } from '@switchboard/core';

/** One entry of `GET /v1/models`: OpenAI's model object plus where Switchboard serves it from. */
export interface OpenAIModel {
  id: string;
  object: 'model';
  /** Unix seconds; the gateway's start (the registry does not know when a model was made). */
  created: number;
  /** The first provider serving it. */
  owned_by: string;
  /** Every provider serving it, in routing order. */
  providers: string[];
  /** For an alias: the model it stands for. */
  alias_of?: string;
}

/** One entry per public name: the registry's models, then its aliases (clients pick names from this list). */
export function openAIModelList(models: readonly ModelInfo[], created: number): OpenAIModel[] {
  const entry = (model: ModelInfo): OpenAIModel => ({
    id: model.id,
    object: 'model',
    created,
    owned_by: model.providers[0] ?? 'switchboard',
    providers: model.providers,
    ...(model.aliasOf === undefined ? {} : { alias_of: model.aliasOf }),
  });
  return [...models.filter((model) => model.aliasOf === undefined), ...models.filter((model) => model.aliasOf !== undefined)].map(entry);
}

/**
 * The names with at least one healthy route: a provider the registry routes to now (working,
 * configured, not down) whose health report does not show the model it answers with down.
 */
export function healthyModelIds(models: readonly ModelInfo[], providers: readonly ProviderInfo[], report: HealthReport): Set<string> {
  const working = new Set(providers.filter((provider) => provider.working).map((provider) => provider.id));
  const down = new Set<string>();
  for (const provider of report.providers) {
    if (provider.status === 'down') working.delete(provider.provider);
    for (const model of provider.models) if (model.status === 'down') down.add(`${provider.provider}\0${model.model}`);
  }
  return new Set(
    models
      .filter((model) => model.routes.some((route) => working.has(route.provider) && !down.has(`${route.provider}\0${route.model}`)))
      .map((model) => model.id),
  );
}
