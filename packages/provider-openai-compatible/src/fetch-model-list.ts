import { ResponseFormatError, type HttpClient } from '@switchboard/core/provider';

/** Options for {@link fetchModelList}. */
export interface FetchModelListOptions {
  /** Provider id, for errors. */
  provider: string;
  signal?: AbortSignal;
  proxy?: string;
  /** Further tries after a network failure or a 408, 429 or 5xx answer. @default 0 (a health probe measures, it does not insist) */
  retry?: number;
}

/**
 * `GET {baseUrl}/models`: the ids of the models the server lists (`{ "data": [{ "id": … }] }`),
 * in the server's order. Off the hot path (discovery, health probes), so through the client's
 * `controlRequest`. HTTP failures are core's typed errors; any other shape is a `ResponseFormatError`.
 */
export async function fetchModelList(client: HttpClient, { provider, signal, proxy, retry = 0 }: FetchModelListOptions): Promise<string[]> {
  const response = await client.controlRequest({
    method: 'GET',
    path: '/models',
    headers: { accept: 'application/json' },
    // For no model in particular: errors name the request by its URL.
    model: '',
    retry,
    ...(signal ? { signal } : {}),
    ...(proxy !== undefined ? { proxy } : {}),
  });
  const body = await response.text();
  const malformed = (problem: string): never => {
    throw new ResponseFormatError({
      provider,
      model: '',
      url: response.url,
      status: response.status,
      responseBody: body,
      message: `Provider '${provider}' answered GET /models with ${problem}; expected {"data": [{"id": "model-name"}, …]}.`,
    });
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return malformed('a body that is not JSON');
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return malformed('JSON without a data list');
  const ids: string[] = [];
  for (const entry of data) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || id === '') return malformed('a model entry without a string id');
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
