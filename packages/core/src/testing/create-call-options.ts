import { createLogger } from '../logging/create-logger.js';
import type { ProviderCallOptions } from '../provider/provider-call-options.js';

/**
 * Call options as the registry hands them to `createAsyncGenerator`, for calling a provider
 * directly in its own tests: a fresh signal, no media, no proxy, a silent logger.
 */
export function createCallOptions(overrides: Partial<ProviderCallOptions> = {}): ProviderCallOptions {
  return {
    signal: new AbortController().signal,
    media: [],
    proxy: undefined,
    settings: {},
    extra: {},
    logger: createLogger(undefined),
    mode: 'generate',
    warn: () => {},
    ...overrides,
  };
}
