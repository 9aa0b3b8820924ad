import { createHttpClient, type HttpClient } from '@switchboard/core/provider';
import { modelNotFoundFrom } from './model-not-found-from.js';
import type { ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';

/**
 * The HTTP client for one endpoint: core's pooled client with the endpoint's headers and, when a
 * key is configured, `Authorization: Bearer`. The key lives only in the client's default headers,
 * which nothing logs. An `authorization` in `headers` wins over a key from the environment (the
 * settings refuse one beside their own `apiKey`). A "no such model" answer becomes a
 * `ModelNotFoundError` where core types every answer, naming the configured models.
 */
export function createEndpointClient(
  settings: Pick<ResolvedOpenAICompatibleSettings, 'id' | 'baseUrl' | 'apiKey' | 'headers' | 'models'> &
    Partial<Pick<ResolvedOpenAICompatibleSettings, 'maxResponseBytes'>>,
): HttpClient {
  const headers = { ...(settings.apiKey !== undefined ? { authorization: `Bearer ${settings.apiKey}` } : {}), ...settings.headers };
  return createHttpClient({
    provider: settings.id,
    baseUrl: settings.baseUrl,
    headers,
    ...(settings.maxResponseBytes !== undefined ? { maxResponseBytes: settings.maxResponseBytes } : {}),
    errorFromResponse: (response) => modelNotFoundFrom(response, settings.models),
  });
}
