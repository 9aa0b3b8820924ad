import { EmptyResponseError, httpErrorFromResponse, isBlank, looksLikeHtml, ResponseFormatError } from '@switchboard/core/provider';

/** A 2xx answer as it came off the wire. */
export interface DynasparkAnswer {
  provider: string;
  model: string;
  url: string;
  status: number;
  /** The response's content type, when it has one. */
  contentType: string | undefined;
  /** All headers; read only for an error, so the usual answer never builds them. */
  headers: () => Headers;
  body: string;
}

/** The text of the answer, and token usage when the documented API reported it. */
export interface ParsedAnswer {
  text: string;
  usage?: { promptTokens?: number; completionTokens?: number; totalTokens?: number };
}

/**
 * Turns a 2xx body into the answer's text, or the right typed error: an HTML page (platform or
 * challenge page served with 200) is an `HtmlResponseError`, not a JSON crash; bad JSON or a
 * missing `response` is a `ResponseFormatError`; an empty or blank answer (blank as Python's
 * `str.strip()` sees it) is an `EmptyResponseError`.
 */
export function parseResponse(answer: DynasparkAnswer): ParsedAnswer {
  const { provider, model, url, status, body } = answer;
  if (looksLikeHtml(body, answer.contentType)) {
    throw httpErrorFromResponse({ provider, model, url, status, headers: answer.headers(), body });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw new ResponseFormatError({
      provider,
      model,
      url,
      status,
      responseBody: body,
      message: `Provider '${provider}' (model '${model}') answered HTTP ${status} with a body that is not JSON (${(cause as Error).message}); expected {"response": "..."}.`,
      cause,
    });
  }
  const record = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  const text = record?.['response'];
  if (typeof text !== 'string') {
    const upstream = typeof record?.['error'] === 'string' ? ` The service said: ${record['error']}` : '';
    throw new ResponseFormatError({
      provider,
      model,
      url,
      status,
      responseBody: body,
      message:
        `Provider '${provider}' (model '${model}') answered without a text "response" field` +
        ` (got ${
          record
            ? `fields ${
                Object.keys(record)
                  .map((key) => `"${key}"`)
                  .join(', ') || 'none'
              }`
            : typeof parsed
        }); expected {"response": "..."}.${upstream}`,
    });
  }
  if (isBlank(text)) throw new EmptyResponseError({ provider, model, url, status, responseBody: body });
  const usage = record?.['usage'] as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown } | undefined;
  if (usage && typeof usage === 'object') {
    const count = (value: unknown) => (typeof value === 'number' ? value : undefined);
    return {
      text,
      usage: {
        ...(count(usage.prompt_tokens) !== undefined ? { promptTokens: count(usage.prompt_tokens)! } : {}),
        ...(count(usage.completion_tokens) !== undefined ? { completionTokens: count(usage.completion_tokens)! } : {}),
        ...(count(usage.total_tokens) !== undefined ? { totalTokens: count(usage.total_tokens)! } : {}),
      },
    };
  }
  return { text };
}
