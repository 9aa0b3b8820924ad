import { createEndpointClient } from './create-endpoint-client.js';
import { fetchModelList } from './fetch-model-list.js';
import { resolveOpenAICompatibleSettings, type OpenAICompatibleSettings, type ResolvedOpenAICompatibleSettings } from './openai-compatible-settings.js';

/** Options for {@link discoverModels}: where the endpoint is, and how to call it once. */
export interface DiscoverModelsOptions extends Pick<OpenAICompatibleSettings, 'id' | 'baseUrl' | 'apiKey' | 'headers'> {
  /**
   * Environment for `OPENAI_COMPATIBLE_BASE_URL` / `OPENAI_COMPATIBLE_API_KEY`.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Cancels the request. @example AbortSignal.timeout(5_000) */
  signal?: AbortSignal;
  /** Proxy for the request. @example 'http://user:pass@proxy.local:3128' */
  proxy?: string;
}

/**
 * The models an endpoint lists (`GET {baseUrl}/models`), in the server's order: what to put in
 * `models` before the registry is created. Same defaults and environment variables as the settings.
 * @example providerOptions: { 'openai-compatible': { models: await discoverModels({ baseUrl: 'http://127.0.0.1:11434/v1' }) } }
 */
export async function discoverModels(options: DiscoverModelsOptions = {}): Promise<string[]> {
  const { env = process.env, signal, proxy, ...settings } = options;
  return listModels(resolveOpenAICompatibleSettings(settings, { env, factory: 'discoverModels' }), { signal, proxy });
}

/**
 * {@link discoverModels} for settings already checked. Uses a client of its own and closes it
 * before returning, so it leaves no socket open. A server still starting (llama.cpp answers 503
 * while it loads its model) is asked again, twice, with back-off.
 */
export async function listModels(
  settings: Pick<ResolvedOpenAICompatibleSettings, 'id' | 'baseUrl' | 'apiKey' | 'headers'> &
    Partial<Pick<ResolvedOpenAICompatibleSettings, 'maxResponseBytes'>>,
  { signal, proxy }: Pick<DiscoverModelsOptions, 'signal' | 'proxy'>,
): Promise<string[]> {
  const client = createEndpointClient({ ...settings, models: [] });
  try {
    return await fetchModelList(client, { provider: settings.id, retry: 2, ...(signal ? { signal } : {}), ...(proxy !== undefined ? { proxy } : {}) });
  } finally {
    await client.close();
  }
}
