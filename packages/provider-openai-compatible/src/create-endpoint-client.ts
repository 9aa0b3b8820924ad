import { createHttpClient, type HttpClient } from '@switchboard/core';
import type { ResolvedSettings } from './resolve-settings.js';

/**
 * The HTTP client for one endpoint: core's pooled client with the endpoint's headers and, when a
 * key is configured, `Authorization: Bearer`. The key lives only in the client's default headers,
 * which nothing logs.
 */
export function createEndpointClient(settings: Pick<ResolvedSettings, 'id' | 'baseUrl' | 'apiKey' | 'headers'>): HttpClient {
  const headers: Record<string, string> = { ...settings.headers };
  if (settings.apiKey !== undefined) headers.authorization = `Bearer ${settings.apiKey}`;
  return createHttpClient({ provider: settings.id, baseUrl: settings.baseUrl, headers });
}
