import { closestNames, httpErrorFromResponse, ModelNotFoundError, type FailedResponse } from '@switchboard/core/provider';

// OpenAI: code model_not_found; vLLM: "The model `x` does not exist."; Ollama: "model \"x\" not found, try pulling it first".
const NOT_FOUND_MESSAGE = /model\b.*\b(not found|does not exist|not exist|is not served|unknown)/i;

/**
 * The server's "no such model" answer (a 400 or 404) as a `ModelNotFoundError`, or undefined for
 * any other failed answer: the endpoint client's `errorFromResponse`, so core applies it where
 * every answer becomes an error. The distinction matters to the registry: a plain 400 is the
 * caller's fault and stops the call, while a model this endpoint does not have should fall back to
 * a provider that has it. Only the server's own body is read: it is the one place that says so.
 */
export function modelNotFoundFrom(response: FailedResponse, models: readonly string[]): ModelNotFoundError | undefined {
  if (response.status !== 400 && response.status !== 404) return undefined;
  let code: unknown;
  let message: unknown = response.body;
  try {
    const parsed = JSON.parse(response.body) as { error?: { code?: unknown; message?: unknown } | string };
    if (typeof parsed.error === 'object' && parsed.error !== null) ({ code, message } = parsed.error);
    else message = parsed.error;
  } catch {
    // A plain-text body: match the text itself.
  }
  if (code !== 'model_not_found' && !(typeof message === 'string' && NOT_FOUND_MESSAGE.test(message))) return undefined;
  const { provider, model } = response;
  return new ModelNotFoundError({
    modelId: model,
    provider,
    availableModels: models,
    closestModels: closestNames(model, models),
    message:
      `Model '${model}' is not served by the endpoint of provider '${provider}' (HTTP ${response.status}: ${typeof message === 'string' ? message : 'model not found'}).` +
      (models.length > 0 ? ` Configured models: ${models.join(', ')}.` : ''),
    // The answer as core would have typed it, with its status and body, for whoever digs deeper.
    cause: httpErrorFromResponse(response),
  });
}
