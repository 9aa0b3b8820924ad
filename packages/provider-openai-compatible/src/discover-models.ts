import { createEndpointClient } from './create-endpoint-client.js';
import { fetchModelList } from './fetch-model-list.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
import { resolveSettings } from './resolve-settings.js';

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
 * The models an endpoint lists (`GET {baseUrl}/models`), in the server's order. Uses a client of
 * its own and closes it before returning, so it leaves no socket open.
 */
export async function discoverModels(options: DiscoverModelsOptions = {}): Promise<string[]> {
  const { env = process.env, signal, proxy, ...settings } = options;
  const resolved = resolveSettings(settings, { env, source: 'discoverModels(options)' });
  const client = createEndpointClient(resolved);
  try {
    return await fetchModelList(client, { provider: resolved.id, ...(signal ? { signal } : {}), ...(proxy !== undefined ? { proxy } : {}) });
  } finally {
    await client.close();
  }
}
