import type { ServerResponse } from 'node:http';

/**
 * Resolves with true when the response can take more data, or when its connection closed (then
 * writing stops anyway); with false when neither happened within `timeoutMs`: the client stopped
 * reading.
 */
export function drained(response: ServerResponse, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      response.off('drain', onDrain);
      response.off('close', onDrain);
      resolve(result);
    };
    const onDrain = () => done(true);
    // Not unref'd: the stream waits for it.
    const timer = setTimeout(() => done(false), timeoutMs);
    response.on('drain', onDrain);
    response.on('close', onDrain);
  });
}
