import { NetworkError } from '../errors/network-error.js';

/**
 * Wraps a connection failure (refused or reset, DNS, TLS, proxy; or, with `phase: 'body'`, a body
 * cut off mid-way) into a retryable `NetworkError` carrying the system error code.
 */
export function networkErrorFrom(
  error: unknown,
  { provider, model, url, phase = 'connect' }: { provider: string; model: string; url: string; phase?: 'connect' | 'body' },
): NetworkError {
  const code = findCode(error);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return new NetworkError({
    provider,
    model,
    url,
    // `body`: the answer had started arriving when the connection failed (a stream cut mid-way).
    message:
      phase === 'body'
        ? `Provider '${provider}' (model '${model}'): the connection failed while the answer was arriving: ${reason}.`
        : `Provider '${provider}' (model '${model}') could not be reached at ${url}: ${reason}.`,
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
