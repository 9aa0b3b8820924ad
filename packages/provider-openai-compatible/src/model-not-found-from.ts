import { ApiCallError, ModelNotFoundError, closestNames } from '@switchboard/core/provider';

/** Options for {@link modelNotFoundFrom}. */
export interface ModelNotFoundFromOptions {
  provider: string;
  model: string;
  /** The models the provider was configured with, listed in the error. */
  models: readonly string[];
}

// OpenAI: code model_not_found; vLLM: "The model `x` does not exist."; Ollama: "model \"x\" not found, try pulling it first".
const NOT_FOUND_MESSAGE = /model\b.*\b(not found|does not exist|not exist|is not served|unknown)/i;

/**
 * The server's "no such model" answer as a `ModelNotFoundError`, or undefined for any other
 * error. The distinction matters to the registry: a plain 400 is the caller's fault and stops the
 * call, while a model this endpoint does not have should fall back to a provider that has it.
 */
export function modelNotFoundFrom(error: unknown, { provider, model, models }: ModelNotFoundFromOptions): ModelNotFoundError | undefined {
  if (!ApiCallError.isInstance(error) || (error.status !== 400 && error.status !== 404)) return undefined;
  let code: unknown;
  let message: unknown = error.responseBody;
  try {
    const parsed = JSON.parse(error.responseBody ?? '') as { error?: { code?: unknown; message?: unknown } | string };
    if (typeof parsed.error === 'object' && parsed.error !== null) ({ code, message } = parsed.error);
    else message = parsed.error;
  } catch {
    // A plain-text body: match the text itself.
  }
  if (code !== 'model_not_found' && !(typeof message === 'string' && NOT_FOUND_MESSAGE.test(message))) return undefined;
  return new ModelNotFoundError({
    modelId: model,
    provider,
    availableModels: models,
    closestModels: closestNames(model, models),
    message:
      `Model '${model}' is not served by the endpoint of provider '${provider}' (HTTP ${error.status}: ${typeof message === 'string' ? message : 'model not found'}).` +
      (models.length > 0 ? ` Configured models: ${models.join(', ')}.` : ''),
    cause: error,
  });
}
