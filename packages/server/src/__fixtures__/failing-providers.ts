import { ApiCallError, RateLimitError } from '@switchboard/core';
import { createMockProvider } from '@switchboard/testing';

/** A provider serving `echo` that is rate limited (429, Retry-After 60 s) before anything arrives. */
export const rateLimitedProvider = () =>
  createMockProvider({
    id: 'limited',
    models: ['echo'],
    defaultAnswer: async function* ({ model }) {
      throw new RateLimitError({ provider: 'limited', model, status: 429, message: 'slow down', retryAfterMs: 60_000 });
    },
  });

/** A provider serving `echo` whose answer is cut after its first text, `Half an ` (a retryable 502). */
export const cutOffProvider = () =>
  createMockProvider({
    id: 'flaky',
    models: ['echo'],
    defaultAnswer: async function* ({ model }) {
      yield 'Half an ';
      throw new ApiCallError({ provider: 'flaky', model, status: 502, isRetryable: true, message: 'connection lost' });
    },
  });

/** A provider serving `echo` that yields `first` (if given), then waits until its call is aborted; `aborted` resolves with the reason. */
export function waitingProvider(first?: string) {
  let reportAbort: (reason: unknown) => void = () => {};
  const aborted = new Promise<unknown>((resolve) => (reportAbort = resolve));
  const provider = createMockProvider({
    id: 'slow',
    models: ['echo'],
    defaultAnswer: async function* ({ options: { signal } }) {
      if (first) yield first;
      await new Promise((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          reportAbort(signal.reason);
          reject(signal.reason);
        }),
      );
    },
  });
  return { provider, aborted };
}
