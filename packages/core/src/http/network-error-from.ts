import { NetworkError } from '../errors/network-error.js';

/** Where a request was going when it failed. */
export interface NetworkFailureContext {
  provider: string;
  model: string;
  url: string;
  /** The proxy the request went through, when it did: a failure there is the proxy's, not the upstream's. */
  proxy?: string;
  /** `body`: the answer had started arriving when the connection failed (a stream cut mid-way). @default 'connect' */
  phase?: 'connect' | 'body';
}

/**
 * Wraps a connection failure (refused or reset, DNS, TLS, proxy; or, with `phase: 'body'`, a body
 * cut off mid-way) into a retryable `NetworkError` carrying the system error code, and says
 * whether it was the proxy that could not be reached.
 */
export function networkErrorFrom(error: unknown, { provider, model, url, proxy, phase = 'connect' }: NetworkFailureContext): NetworkError {
  const code = findCode(error);
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  // A request for no model in particular (a model list, a status page) is named by its URL below.
  const where = `Provider '${provider}'${model ? ` (model '${model}')` : ''}`;
  const viaProxy = proxy !== undefined && phase === 'connect' ? proxyFailure(error, proxy) : undefined;
  const message =
    phase === 'body'
      ? `${where}: the connection failed while the answer was arriving: ${reason}.`
      : viaProxy
        ? `${where} could not be reached through the proxy ${viaProxy.shown}: ${viaProxy.reason}. The proxy is at fault, not the provider: check that it runs and accepts the credentials, or call without options.proxy.`
        : `${where} could not be reached at ${url}: ${reason}.`;
  return new NetworkError({
    provider,
    model,
    url,
    message,
    ...(code ? { systemCode: code } : {}),
    ...(viaProxy ? { proxy: viaProxy.shown } : {}),
    cause: error,
  });
}

/** Whether `error` happened at the proxy: a refused or failed connection to its address, or a tunnel it refused. */
function proxyFailure(error: unknown, proxy: string): { shown: string; reason: string } | undefined {
  let target: URL;
  try {
    target = new URL(proxy);
  } catch {
    return undefined;
  }
  const shown = `${target.protocol}//${target.host}`; // never the credentials
  const message = error instanceof Error ? error.message : String(error);
  const tunnel = /Proxy response \((\d+)\)/.exec(message);
  if (tunnel) return { shown, reason: `it answered the tunnel request with HTTP ${tunnel[1]}${tunnel[1] === '407' ? ' (proxy authentication required)' : ''}` };
  // Through a proxy, the only connection this process opens is to the proxy (the upstream is
  // reached inside its tunnel), so a connection failure naming the proxy's port is the proxy's.
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const failedPort = findField(error, 'port');
  const atProxy = failedPort !== undefined ? Number(failedPort) === port : message.includes(`:${port}`);
  if (!atProxy) return undefined;
  return { shown, reason: findCode(error) ?? message };
}

/** A system error code (`ECONNREFUSED`); numeric codes (HTTP statuses some libraries put there) are not one. */
function findCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const value = (current as { code?: unknown }).code;
    if (typeof value === 'string') return value;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function findField(error: unknown, field: 'port' | 'address'): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const value = (current as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
