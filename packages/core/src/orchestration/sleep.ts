import type { Clock } from './clock.js';

/** Waits `ms` on `clock`; rejects with the signal's reason as soon as it aborts (and clears the timer). */
export function sleep(ms: number, { clock, signal }: { clock: Clock; signal?: AbortSignal | undefined }): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal!.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
