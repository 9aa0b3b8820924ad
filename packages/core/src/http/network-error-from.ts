import { NetworkError } from '../errors/network-error.js';

/**
 * Wraps a failure that produced no HTTP response (connection refused or reset, DNS, TLS, proxy)
 * into a retryable `NetworkError` carrying the system error code.
 */
export function networkErrorFrom(error: unknown, { provider, model, url }: { provider: string; model: string; url: string }): NetworkError {
  const code = findCode(error);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new NetworkError({
    provider,
    model,
    url,
    message: `Provider '${provider}' (model '${model}') could not be reached at ${url}: ${reason}.`,
    ...(code ? { code } : {}),
    cause: error,
  });
}

function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
