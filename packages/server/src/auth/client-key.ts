import { GatewayError } from '../errors/gateway-error.js';
import type { ProviderLimits } from '@switchboard/core';

/**
 * A client key (a "virtual key"): one client's own secret, optionally limited to some models and
 * given its own budget, counted fleet-wide in the registry's store (every replica sharing it
 * counts against the same budget).
 */
export interface ClientKey {
  /** Who it is: shown in errors, logs and the dashboard, never the key itself. @example 'alice' */
  name: string;
  /** The secret the client sends as `Authorization: Bearer <key>`. Compared in constant time, never logged. */
  key: string;
  /**
   * The model names it may ask for (as the client sends them: an alias is a name of its own);
   * others are a 403 naming the model. @default every model
   * @example ['fast', 'gemini-2.0-flash']
   */
  models?: readonly string[];
  /**
   * Its budget: requests and tokens a minute, calls at once (and `onStoreDown`,
   * `expectedOutputTokens`, as a provider's). Past it the client gets a 429 with `Retry-After`.
   * @example { rpm: 60, tpm: 100_000, concurrency: 4 }
   */
  limits?: ProviderLimits;
}

/** A client key as the gateway uses it once checked. */
export interface ResolvedClientKey {
  name: string;
  /** Undefined: every model. */
  models: ReadonlySet<string> | undefined;
  /** The budget calls with this key carry (`CallOptions.budget`), when it has limits. */
  budget: (ProviderLimits & { name: string }) | undefined;
}

/** The name a key's budget has in the store: client keys never collide with anything else. */
export const clientBudgetName = (name: string) => `key:${name}`;

/** A 403 for a model outside the key's list: names the model and what the key may use, never the key. */
export function modelNotAllowed(key: ResolvedClientKey, model: string): GatewayError {
  return new GatewayError({
    status: 403,
    type: 'invalid_request_error',
    code: 'model_not_allowed',
    param: 'model',
    message: `The API key '${key.name}' may not use the model '${model}'; it may use: ${[...key.models!].join(', ')}.`,
  });
}
