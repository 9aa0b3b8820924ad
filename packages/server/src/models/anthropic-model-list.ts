import type { OpenAIModel } from './openai-model-list.js';

/** One entry of `GET /v1/models` in Anthropic's shape, plus where Switchboard serves it from. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339; the gateway's start (the registry does not know when a model was made). */
  created_at: string;
  providers: string[];
  alias_of?: string;
}

/** The same entries as OpenAI's list, in Anthropic's shape. */
export function anthropicModel({ id, created, providers, alias_of: aliasOf }: OpenAIModel): AnthropicModel {
  return {
    type: 'model',
    id,
    display_name: aliasOf === undefined ? id : `${id} (${aliasOf})`,
    created_at: new Date(created * 1000).toISOString(),
    providers,
    ...(aliasOf === undefined ? {} : { alias_of: aliasOf }),
  };
}

/** Anthropic's page of models: the whole list on one page. */
export function anthropicModelPage(list: readonly OpenAIModel[]) {
  const data = list.map(anthropicModel);
  return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
