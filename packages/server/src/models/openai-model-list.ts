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

/** Every model of the registry, then each alias as an entry of its own (clients pick names from this list). */
export function openAIModelList(models: readonly ModelInfo[], created: number): OpenAIModel[] {
  const list: OpenAIModel[] = [];
  for (const model of models) list.push({ id: model.id, object: 'model', created, owned_by: model.providers[0] ?? 'switchboard', providers: model.providers });
  for (const model of models) {
    for (const alias of model.aliases) {
      list.push({ id: alias, object: 'model', created, owned_by: model.providers[0] ?? 'switchboard', providers: model.providers, alias_of: model.id });
    }
  }
  return list;
}

/**
 * The entries with at least one healthy provider: one the registry routes to now (working,
 * configured, not down) whose health report does not show this model down.
 */
export function healthyModels(list: readonly OpenAIModel[], providers: readonly ProviderInfo[], report: HealthReport): OpenAIModel[] {
  const working = new Set(providers.filter((provider) => provider.working).map((provider) => provider.id));
  const down = new Set<string>();
  for (const provider of report.providers) {
    if (provider.status === 'down') working.delete(provider.provider);
    for (const model of provider.models) if (model.status === 'down') down.add(`${provider.provider}\0${model.model}`);
  }
  return list.filter((entry) => entry.providers.some((provider) => working.has(provider) && !down.has(`${provider}\0${entry.alias_of ?? entry.id}`)));
}
